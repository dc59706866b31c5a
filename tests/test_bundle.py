"""`python -m alliancebook.bundle` deletes nothing it did not write.

It writes into a new or empty folder, or over an earlier bundle that holds nothing else (its
marker file lists what it wrote). Any other folder, the repository, a folder above it and the home
folder are refused with a message, and every file in them is left as it was.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


def _command(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "alliancebook.bundle", str(ROOT), *args],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def _bundle(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The command's main() in this process, from cwd: what `python -m alliancebook.bundle`
    runs, without a new interpreter's start-up (the first bundle and the clone use the
    command itself)."""
    from alliancebook import bundle

    out, err, before = io.StringIO(), io.StringIO(), Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = bundle.main([str(ROOT), *args])
    finally:
        os.chdir(before)
    return subprocess.CompletedProcess(["alliancebook.bundle", *args], code, out.getvalue(),
                                       err.getvalue())


def _snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts[:1]}


@pytest.fixture(scope="module")
def earlier(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundles") / "bundle"
    result = _command("--out", str(out), "--zip")
    assert result.returncode == 0, result.stderr
    assert (out / ".alliancebook-bundle.json").is_file() and out.with_suffix(".zip").is_file()
    return out


def test_an_earlier_bundle_is_replaced(earlier):
    (earlier / "notebooks" / "book" / "treaty.ipynb").write_text("stale", encoding="utf-8")
    result = _bundle("--out", str(earlier), "--zip")
    assert result.returncode == 0, result.stderr
    assert (earlier / "notebooks" / "book" / "treaty.ipynb").read_text(
        encoding="utf-8") != "stale"


def test_a_strangers_file_stops_it(earlier):
    stranger = earlier / "notes-of-mine.txt"
    stranger.write_text("mine", encoding="utf-8")
    before = _snapshot(earlier)
    result = _bundle("--out", str(earlier))
    stranger.unlink()
    assert result.returncode == 2 and "notes-of-mine.txt" in result.stderr
    assert "nothing was deleted" in result.stderr
    assert before == {**_snapshot(earlier), "notes-of-mine.txt": before["notes-of-mine.txt"]}


def test_a_folder_that_is_not_a_bundle_is_refused(tmp_path):
    (tmp_path / "thesis.tex").write_text("years of work", encoding="utf-8")
    result = _bundle("--out", str(tmp_path))
    assert result.returncode == 2 and "refused" in result.stderr
    assert (tmp_path / "thesis.tex").read_text(encoding="utf-8") == "years of work"


def test_a_zip_it_did_not_write_is_refused(tmp_path):
    (tmp_path / "out.zip").write_text("someone's archive", encoding="utf-8")
    result = _bundle("--out", str(tmp_path / "out"), "--zip")
    assert result.returncode == 2
    assert (tmp_path / "out.zip").read_text(encoding="utf-8") == "someone's archive"


@pytest.mark.parametrize("where", [".", "..", "~", "/"])
def test_the_repository_its_parents_and_home_are_refused(where):
    before = _snapshot(ROOT / "data")
    target = str(Path(where).expanduser()) if where == "~" else where
    result = _bundle("--out", target)
    assert result.returncode == 2 and "refused" in result.stderr
    assert (ROOT / ".git").exists() and _snapshot(ROOT / "data") == before


def test_a_clone_is_never_emptied(tmp_path):
    """The reported case: `--out .` inside a clone of the repository."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{ROOT}", str(clone)],
                   check=True, timeout=120)
    result = subprocess.run([sys.executable, "-m", "alliancebook.bundle", ".", "--out", "."],
                            cwd=clone, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert (clone / ".git").is_dir() and (clone / "README.md").is_file()
