"""Shared fixtures: the built site (one build per test session) and the book's notebook pages."""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def build_log() -> str:
    """Build the book with warnings as errors (as the Pages workflow does) and return its log."""
    result = subprocess.run(
        [*jupyter_book(), "build", ".", "-n", "-W", "--keep-going"],
        cwd=ROOT, env=edition_env(), capture_output=True, text=True, timeout=1800,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"jupyter-book build failed:\n{log[-6000:]}"
    return log


@pytest.fixture(scope="session")
def site(build_log) -> Path:
    """The built HTML site."""
    assert (SITE / "index.html").exists()
    return SITE


@pytest.fixture(scope="session")
def student_build_log(build_log) -> str:
    """Build the student edition as the README says (after the instructor edition, so the two
    builds do not compete for the two cores), with warnings as errors; return its log."""
    result = subprocess.run(
        [*jupyter_book(), "build", ".", "--path-output", str(STUDENT_OUT.relative_to(ROOT)),
         "-n", "-W", "--keep-going"],
        cwd=ROOT, env=edition_env("student"), capture_output=True, text=True, timeout=1800,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"student edition build failed:\n{log[-6000:]}"
    return log


@pytest.fixture(scope="session")
def student_site(student_build_log) -> Path:
    """The student edition's built HTML site."""
    assert (STUDENT_SITE / "index.html").exists()
    return STUDENT_SITE


def built_pages(site: Path) -> list[Path]:
    """Every HTML page of the site (not the copied sources or static assets)."""
    return sorted(p for p in site.rglob("*.html")
                  if not {"_sources", "_static", "_images"} & set(p.relative_to(site).parts))


def toc_pages() -> list[str]:
    """The HTML page of every document in _toc.yml, plus the site pages Sphinx always writes."""
    from alliancebook.pages import TOC, toc_files

    return [f"{d}.html" for d in toc_files(ROOT / TOC)] + ["genindex.html", "search.html",
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
