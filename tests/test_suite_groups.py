"""The suite's own sharing holds: tests that share an expensive result (a site build, Otter's
assignments, the handouts, the bundle, a JupyterLab server) run on one pytest-xdist worker only
if ``--dist loadgroup`` honours the groups that conftest.py gives them. pytest 9.2 undid that
without a word (pytest-dev/pytest-xdist#1386), and each shared result was then made on both
workers. This runs a small suite grouped the same way and checks that its group stayed whole."""

from __future__ import annotations

import re
import subprocess
import sys

CONFTEST = '''
import pytest

@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if "shared" in item.fixturenames:
            item.add_marker(pytest.mark.xdist_group("shared"))
'''
TESTS = '''
import pytest

@pytest.fixture(scope="session")
def shared():
    return 1

@pytest.mark.parametrize("n", range(6))
def test_shared(shared, n):
    pass

@pytest.mark.parametrize("n", range(6))
def test_single(n):
    pass
'''
RAN = re.compile(r"^\[(gw\d+)\] .*PASSED (\S+)", re.MULTILINE)


def test_a_group_runs_on_one_worker(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "test_sample.py").write_text(TESTS, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2",
                           "--dist", "loadgroup", "-v", "-c", str(tmp_path / "pytest.ini"),
                           "--rootdir", str(tmp_path), str(tmp_path)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    ran = RAN.findall(done.stdout)
    shared = [(worker, test) for worker, test in ran if "test_shared" in test]
    assert len(ran) == 12 and len(shared) == 6, done.stdout[-3000:]
    assert all(test.endswith("@shared") for _, test in shared), \
        f"pytest-xdist did not mark the group's tests as a group: {shared}"
    assert len({worker for worker, _ in shared}) == 1, \
        f"the group's tests ran on more than one worker: {shared}"
