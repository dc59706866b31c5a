"""Shared fixtures: the built site (one build per test session) and the book's notebook pages."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
# The student edition: `ALLIANCEBOOK_EDITION=student jupyter-book build . --path-output
# _build/student` (Jupyter Book puts the site in _build/student/_build/html).
STUDENT_OUT = ROOT / "_build" / "student"
STUDENT_SITE = STUDENT_OUT / "_build" / "html"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# A checker that fails on its own (not on a student's answer) raises in tests, in the build the
# tests run, and in every kernel they start: a bug in a checker fails a test.
os.environ["ALLIANCEBOOK_STRICT_CHECKS"] = "1"
# Debian's chromium by default; CHROMIUM=/path/to/browser to choose another, or CHROMIUM=playwright
# for the browser that `python -m playwright install chromium` downloads (used on GitHub's runners).
CHROMIUM = (os.environ.get("CHROMIUM") or shutil.which("chromium")
            or shutil.which("chromium-browser"))


def _require(condition: bool, what: str) -> None:
    """Skip on a developer machine that lacks a browser tool; under CI a missing tool is a
    failure."""
    if not condition:
        if IN_CI:
            pytest.fail(f"{what} is missing; .ci/run should have installed it")
        pytest.skip(f"{what} is not installed (see README: browser tests)")


def notebook_pages() -> list[Path]:
    """Every notebook page of the book (alliancebook.pages), in reading order."""
    from alliancebook.pages import notebook_pages as pages

    return [path for _, path in pages(ROOT)]


def jupyter_book() -> list[str]:
    """The jupyter-book command of the interpreter running the tests."""
    exe = Path(sys.executable).with_name("jupyter-book")
    return [str(exe)] if exe.exists() else ["jupyter-book"]


def edition_env(edition: str | None = None) -> dict[str, str]:
    """The environment for a build: ALLIANCEBOOK_EDITION set to edition, or unset (then the
    build reads _config.yml), whatever the shell running the tests has."""
    env = {k: v for k, v in os.environ.items() if k != "ALLIANCEBOOK_EDITION"}
    return {**env, "ALLIANCEBOOK_EDITION": edition} if edition is not None else env


def _shared_folder(tmp_path_factory) -> Path:
    """A folder every pytest-xdist worker of this run sees (the run's own temporary folder
    when the tests run in one process)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(tmp_path_factory, name: str, make):
    """make()'s result (anything JSON can hold), made once per test run: the first worker to ask
    makes it under a file lock and leaves it as JSON; the others wait on the lock and read it."""
    import contextlib
    import json

    shared = _shared_folder(tmp_path_factory)
    kept = shared / f"{name}.json"
    if os.environ.get("PYTEST_XDIST_WORKER"):
        from filelock import FileLock

        lock = FileLock(str(shared / f"{name}.lock"))
    else:
        lock = contextlib.nullcontext()
    with lock:
        if not kept.exists():
            kept.write_text(json.dumps(make()), encoding="utf-8")
    return json.loads(kept.read_text(encoding="utf-8"))


def _build_once(tmp_path_factory, name: str, command: list[str], env: dict) -> tuple[int, str]:
    """Run a site build once per test run (once_per_run); its exit code and log."""
    def build() -> list:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=1800)
        return [result.returncode, result.stdout + result.stderr]

    code, log = once_per_run(tmp_path_factory, name, build)
    return code, log


@functools.lru_cache(maxsize=32)
def pdf_page_texts(data: bytes) -> tuple[str, ...]:
    """The text of each page of a PDF, as pypdf extracts it; kept, since the handouts' tests and
    the leak test read every handout (extraction takes most of a second per chapter)."""
    from io import BytesIO

    from pypdf import PdfReader

    return tuple(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)


@pytest.fixture(scope="session")
def build_log(tmp_path_factory) -> str:
    """Build the book with warnings as errors (as the Pages workflow does) and return its log."""
    code, log = _build_once(tmp_path_factory, "instructor-build",
                            [*jupyter_book(), "build", ".", "-n", "-W", "--keep-going"],
                            edition_env())
    assert code == 0, f"jupyter-book build failed:\n{log[-6000:]}"
    return log


@pytest.fixture(scope="session")
def site(build_log) -> Path:
    """The built HTML site."""
    assert (SITE / "index.html").exists()
    return SITE


@pytest.fixture(scope="session")
def student_build_log(build_log, tmp_path_factory) -> str:
    """Build the student edition as the README says (after the instructor edition, so the two
    builds do not compete for the two cores), with warnings as errors; return its log."""
    code, log = _build_once(
        tmp_path_factory, "student-build",
        [*jupyter_book(), "build", ".", "--path-output", str(STUDENT_OUT.relative_to(ROOT)),
         "-n", "-W", "--keep-going"], edition_env("student"))
    assert code == 0, f"student edition build failed:\n{log[-6000:]}"
    return log


@pytest.fixture(scope="session")
def student_site(student_build_log) -> Path:
    """The student edition's built HTML site."""
    assert (STUDENT_SITE / "index.html").exists()
    return STUDENT_SITE


@pytest.fixture(scope="session")
def handouts_dir(student_site, tmp_path_factory) -> Path:
    """The handouts, made by the documented command from the student edition's site (read by
    test_handouts and by the leak test in test_editions)."""
    _require(bool(CHROMIUM), "Chromium (Debian package 'chromium')")
    out = tmp_path_factory.mktemp("handouts")
    env = {**os.environ, "CHROMIUM": CHROMIUM,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"),
                                                       os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-m", "alliancebook.handouts", str(student_site),
                             "--out", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"handouts failed:\n{result.stdout}\n{result.stderr}"
    assert "refused" not in result.stderr, f"a page tried to reach another host:\n{result.stderr}"
    return out


# --- Sharing the two cores (pytest-xdist: `-n auto --dist loadgroup` in pyproject.toml) ------

SITE_FIXTURES = {"build_log", "site", "student_build_log", "student_site"}
STUDENT = {"student_build_log"}   # every test that needs the student site asks for this
# Module- or session-scoped work that several tests read is made once only if those tests run
# on one worker: the tests that use each of these fixtures form one xdist group.
SHARED_WORK = {"assignments": "otter", "honest_score": "otter", "handouts_dir": "handouts",
               "bundle": "student-bundle", "earlier": "bundle-command", "lab": "jupyterlab"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """One test that needs both site builds runs first, so one worker builds while the other runs
    kernels, Otter and the small builds; the tests that read a built site run after the others.
    Tests that share an expensive result form a group that runs on one worker; groups, the
    longest units of work, start before the single tests so that no worker is left with one at
    the end."""
    for item in items:
        groups = sorted({g for name, g in SHARED_WORK.items() if name in item.fixturenames})
        if groups:
            item.add_marker(pytest.mark.xdist_group(groups[0]))

    def needs(item, names) -> bool:
        return bool(set(names) & set(item.fixturenames))

    def group(item):
        marker = item.get_closest_marker("xdist_group")
        return marker.args[0] if marker else None

    # A group runs as one unit: if one of its tests needs a site, the whole group waits for it.
    # The student edition is built after the instructor one, so the tests that read only the
    # instructor site run while it builds, and those that wait for the student site come last.
    waiting = {group(i) for i in items if group(i) and needs(i, SITE_FIXTURES)}
    waiting_student = {group(i) for i in items if group(i) and needs(i, STUDENT)}
    builders = [item for item in items if needs(item, STUDENT)]
    starter = min(builders, key=lambda item: len(item.fixturenames), default=None)
    rest = [item for item in items if item is not starter]
    items[:] = ([starter] if starter else []) + sorted(rest, key=lambda item: (
        needs(item, SITE_FIXTURES) or group(item) in waiting,
        needs(item, STUDENT) or group(item) in waiting_student, group(item) is None))


def pytest_terminal_summary(terminalreporter):
    """Name the heaviest page the browser tests weighed (each page's own test holds it to the
    budget; under pytest-xdist the pages are weighed on several workers)."""
    weights = {}
    for report in (r for reports in terminalreporter.stats.values() for r in reports):
        found = dict(getattr(report, "user_properties", ()))
        if getattr(report, "when", None) == "call" and "page_gzip_bytes" in found:
            weights[found["page"]] = found["page_gzip_bytes"]
    if weights:
        heaviest = max(weights, key=weights.get)
        terminalreporter.write_line(f"heaviest page: {heaviest} = {weights[heaviest] / 1e6:.3f} "
                                    f"MB gzip-compressed, of {len(weights)} pages weighed")


def built_pages(site: Path) -> list[Path]:
    """Every HTML page of the site (not the copied sources or static assets)."""
    return sorted(p for p in site.rglob("*.html")
                  if not {"_sources", "_static", "_images"} & set(p.relative_to(site).parts))


def toc_pages() -> list[str]:
    """The HTML page of every document in _toc.yml, plus the site pages Sphinx always writes."""
    from alliancebook.pages import TOC, toc_files

    return [f"{d}.html" for d in toc_files(ROOT / TOC)] + ["genindex.html", "search.html",
                                                            "index.html"]


def student_toc_pages() -> list[str]:
    """toc_pages() of the student edition: without the instructors' pages (the default of the
    build's alliancebook_instructor_pages setting)."""
    from alliancebook.pages import TOC, toc_files, toc_without

    student = toc_without(ROOT / TOC, ["book/instructors/*"])
    return [f"{d}.html" for d in toc_files(student)] + ["genindex.html", "search.html",
                                                         "index.html"]


def repository_copy(target: Path) -> Path:
    """A copy of the repository as Binder clones it: no build output, no generated notebooks."""
    skip = shutil.ignore_patterns(".git", "_build", "node_modules", ".venv", ".jupyter_cache",
                                  ".pytest_cache", "__pycache__", ".ipynb_checkpoints")
    shutil.copytree(ROOT, target, ignore=lambda folder, names: {
        *skip(folder, names), *({"notebooks"} if Path(folder) == ROOT else set())})
    return target


def run_postbuild(repo: Path, prefix: Path) -> subprocess.CompletedProcess:
    """Run .binder/postBuild as repo2docker does, with the Python prefix pointed at prefix."""
    env = {**os.environ, "NB_PYTHON_PREFIX": str(prefix),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(repo / "src")}
    return subprocess.run(["bash", str(repo / ".binder" / "postBuild")], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=300)
