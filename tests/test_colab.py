"""Colab, the second launch route: in Colab only the notebook arrives, so each rendering's first
code cell fetches the helper package and the data (alliancebook.colab). The cell is run here as
Colab would run it, against a local git repository standing in for GitHub (no network): in a
fresh folder, by a Python that cannot import alliancebook; it must leave a working package, say
one clear paragraph when it cannot, and do nothing where the package is already there. The
built pages' Colab buttons must open the student rendering on each edition's branch."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import nbformat
import pytest

from alliancebook import colab, launch
from alliancebook.edition import Edition
from alliancebook.release import version
from conftest import ROOT, notebook_pages

CONF = launch.book_settings(ROOT, Edition.INSTRUCTOR)
OPENING = "This notebook needs the book's helper package and data"


def _docname(source: Path) -> str:
    return source.relative_to(ROOT).with_suffix("").as_posix()


def _setup_cell(path: Path):
    """The first code cell of a committed rendering."""
    notebook = nbformat.read(path, as_version=4)
    return next(c for c in notebook.cells if c.cell_type == "code")


def _pointed_at(repo: str) -> str:
    """The committed cell's code with the repository address replaced by repo."""
    code = _setup_cell(ROOT / "notebooks" / "book" / "key-dates.ipynb").source
    assert code.count(f'"{CONF.repo}"') == 1
    return code.replace(f'"{CONF.repo}"', f'"{repo}"')


def _run(python: str, code: str, cwd: Path, **env) -> subprocess.CompletedProcess:
    """Run code with python in cwd, with no PYTHONPATH (python -I also ignores the user's
    site-packages and the working folder)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_"))}
    return subprocess.run([python, "-I", "-c", code], cwd=cwd, env={**clean, **env},
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory) -> str:
    """A bare git repository standing in for the book's on GitHub: the package and the data
    as they are in this working tree, on the branch, with the release's tag."""
    base = tmp_path_factory.mktemp("github")
    work = base / "work"
    work.mkdir()
    (work / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    ignore = lambda folder, names: {"__pycache__", "notes"} & set(names)  # noqa: E731
    import shutil

    shutil.copytree(ROOT / "src", work / "src", ignore=ignore)
    shutil.copytree(ROOT / "data", work / "data", ignore=ignore)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org"]
    for step in (["init", "-q", "-b", CONF.branch], ["add", "-A"], ["commit", "-q", "-m", "x"],
                 ["tag", f"v{version()}"]):
        subprocess.run([*git, *step], cwd=work, check=True, capture_output=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(base / "book.git")],
                   check=True, capture_output=True)
    return (base / "book.git").as_uri()


@pytest.fixture()
def colab_python(tmp_path) -> str:
    """A Python like Colab's: the book's dependencies importable (this environment's
    site-packages, added as a plain path, so its editable install of alliancebook is not),
    alliancebook not; pip installs into a virtual environment of its own."""
    subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv",
                    "--without-pip", str(tmp_path / "venv")], check=True, timeout=120)
    python = tmp_path / "venv" / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], capture_output=True, text=True).stdout.strip()
    Path(site, "book-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return str(python)


def test_every_rendering_opens_with_the_setup_cell():
    """Every committed rendering, both editions, has the cell first, folded, with a sentence
    before it; the repository's copies pin the release's tag, then fall back to the branch."""
    expected = colab.source(CONF)
    assert f'REFS = ["v{version()}", "{CONF.branch}"]' in expected
    for source in notebook_pages():
        for edition in Edition:
            path = ROOT / launch.notebook_path(_docname(source), edition)
            notebook = nbformat.read(path, as_version=4)
            cell = _setup_cell(path)
            assert cell.source == expected, f"{path} has an old or missing setup cell"
            assert notebook.cells.index(cell) == 2 and colab.TAG in cell.metadata["tags"]
            assert cell.metadata["jupyter"] == {"source_hidden": True}
            assert "next cell" in notebook.cells[1].source and version() in \
                notebook.cells[1].source


def test_student_bundle_fetches_its_own_branch():
    """The student bundle's notebooks must not fetch the release tag, which carries the
    answer key: they fetch the student branch, and say so."""
    student = launch.book_settings(ROOT, Edition.STUDENT)
    code = colab.source(student)
    assert f'REFS = ["{student.branch}"]' in code and "v" + version() not in code
    assert f"branch {student.branch}" in code
    from alliancebook import notebooks

    source = notebook_pages()[0]   # the bundle renders its notebooks with these settings
    rendering = notebooks.render(source, _docname(source), student, Edition.STUDENT)
    assert next(c for c in rendering.cells if c.cell_type == "code").source == code
    assert f"the branch `{student.branch}`" in rendering.cells[1].source


def test_colab_extra_pins_requirements_versions():
    """The cell installs the package with its `colab` extra: the chapters' imports at the
    versions the book is built and tested with (requirements.txt)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extra = project["optional-dependencies"]["colab"]
    pinned = dict(re.findall(r"^([\w.-]+)==(\S+)", (ROOT / "requirements.txt").read_text(),
                             re.M))
    for requirement in extra:
        name, number = requirement.split("==")
        assert pinned.get(name) == number, f"{requirement} differs from requirements.txt"


def test_cell_fetches_the_release_where_the_package_is_missing(stand_in, colab_python,
                                                               tmp_path):
    fresh = tmp_path / "content"
    fresh.mkdir()
    absent = _run(colab_python, "import alliancebook", fresh)
    assert "No module named 'alliancebook'" in absent.stderr, "the test's Python has it"
    code = _pointed_at(stand_in) + (
        "\nimport alliancebook\nprint('loaded', alliancebook.__file__, "
        "len(alliancebook.load('events')))")
    # Offline: pip finds the dependencies already installed and builds with this setuptools.
    done = _run(colab_python, code, fresh, PIP_NO_INDEX="1", PIP_NO_BUILD_ISOLATION="0")
    assert done.returncode == 0, done.stdout + done.stderr
    assert OPENING not in done.stdout
    home = fresh / CONF.repo.rsplit("/", 1)[-1]
    loaded = re.search(r"^loaded (\S+) (\d+)$", done.stdout, re.M)
    assert loaded and Path(loaded[1]).is_relative_to(home) and int(loaded[2]) > 0
    tag = subprocess.run(["git", "describe", "--tags", "--exact-match"], cwd=home,
                         capture_output=True, text=True).stdout.strip()
    assert tag == f"v{version()}", "the copy is not the release's tag"
    # The install stays: a new kernel imports the copy too.
    again = _run(colab_python, "import alliancebook; print(alliancebook.__file__)", fresh)
    assert Path(again.stdout.strip()).is_relative_to(home)


@pytest.mark.parametrize("how", ["unreachable repository", "no git"])
def test_cell_says_what_to_do_when_it_cannot_fetch(colab_python, tmp_path, how):
    fresh = tmp_path / "content"
    fresh.mkdir()
    env = {"PATH": str(tmp_path / "empty")} if how == "no git" else {}
    done = _run(colab_python, _pointed_at((tmp_path / "nowhere.git").as_uri()), fresh,
                GIT_TERMINAL_PROMPT="0", **env)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert "Traceback" not in done.stdout
    lines = done.stdout.strip().split("\n")
    assert len(lines) == 1 and lines[0].startswith(OPENING), done.stdout
    assert "run this cell again" in lines[0] and "Binder" in lines[0]
    assert f"release {version()}" in lines[0]


def test_cell_does_nothing_where_the_package_is_installed(tmp_path):
    """Binder, a hub, a copy of the repository: the package imports, so the cell neither
    prints nor fetches (the address given cannot be reached anyway)."""
    # This interpreter imports alliancebook through its own install (python -I ignores
    # PYTHONPATH), as Binder's and a copy's do.
    done = _run(sys.executable, _pointed_at((tmp_path / "nowhere.git").as_uri()), tmp_path)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == "", done
    assert list(tmp_path.iterdir()) == []


def _colab_links(page: Path) -> list[str]:
    html = page.read_text(encoding="utf-8")
    return re.findall(r'href="(https://colab\.research\.google\.com/[^"]+)"', html)


@pytest.mark.build
def test_instructor_pages_open_the_student_rendering_in_colab(site):
    owner_repo = CONF.repo.removeprefix("https://github.com/")
    for source in notebook_pages():
        doc = _docname(source)
        links = _colab_links(site / f"{doc}.html")
        path = launch.notebook_path(doc, Edition.STUDENT)
        assert links == [f"https://colab.research.google.com/github/{owner_repo}/blob/"
                         f"{CONF.branch}/{path}"], doc
        assert (ROOT / path).is_file()


@pytest.mark.build
def test_student_pages_open_the_student_branch_in_colab(student_site):
    student = launch.book_settings(ROOT, Edition.STUDENT)
    owner_repo = student.repo.removeprefix("https://github.com/")
    for source in notebook_pages():
        doc = _docname(source)
        if not (student_site / f"{doc}.html").is_file():   # an instructors' page
            continue
        assert _colab_links(student_site / f"{doc}.html") == [
            f"https://colab.research.google.com/github/{owner_repo}/blob/{student.branch}/"
            f"{launch.notebook_path(doc, Edition.STUDENT)}"], doc
