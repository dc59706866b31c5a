"""Which edition a build makes is said explicitly, read in one place and refused when wrong.

The edition is ``ALLIANCEBOOK_EDITION`` if set, else ``alliancebook_edition`` in _config.yml
(``instructor``); the output folder never chooses it, and the instructor edition refuses a folder
named like a student one. Every build says which edition it built, every instructor page shows a
banner, every page names its edition, and the handouts print the student edition only."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from alliancebook import handouts, launch
from alliancebook.sphinxext.student import student_named
from alliancebook.edition import Edition, edition_text
from conftest import ROOT, built_pages, edition_env, jupyter_book

BANNER = '<aside class="bd-header-announcement"'
BANNER_TEXT = "Instructor edition: it contains the solutions."
META = '<meta name="alliancebook-edition" content="{}" />'
STUDENT_COMMAND = "ALLIANCEBOOK_EDITION=student jupyter-book build . --path-output _build/student"


# --- The value ----------------------------------------------------------------------------

@pytest.mark.parametrize("word, edition", [("student", Edition.STUDENT),
                                           ("instructor", Edition.INSTRUCTOR),
                                           (Edition.STUDENT, Edition.STUDENT)])
def test_parse_accepts_the_exact_words(word, edition):
    assert Edition.parse(word) is edition


@pytest.mark.parametrize("bad", [None, "", "studnet", "Student ", " student", "Student",
                                 "STUDENT", "instructors", "teacher", True, 1])
def test_parse_refuses_anything_else_and_names_the_allowed_values(bad):
    with pytest.raises(ValueError, match=r"'student' or 'instructor'"):
        Edition.parse(bad)


def test_what_each_edition_holds_and_says():
    assert Edition.INSTRUCTOR.solutions and not Edition.STUDENT.solutions
    assert Edition.STUDENT.label == "student edition"
    assert "no solutions" in Edition.STUDENT.summary
    assert "do not publish to students" in Edition.INSTRUCTOR.summary


def test_the_variable_wins_over_the_setting(monkeypatch):
    monkeypatch.delenv("ALLIANCEBOOK_EDITION", raising=False)
    assert Edition.current("instructor") is Edition.INSTRUCTOR
    monkeypatch.setenv("ALLIANCEBOOK_EDITION", "student")
    assert Edition.current("instructor") is Edition.STUDENT


@pytest.mark.parametrize("variable, setting, named", [
    (None, None, "ALLIANCEBOOK_EDITION nor the Sphinx setting alliancebook_edition"),
    (None, "Student", "the Sphinx setting alliancebook_edition"),
    ("", "instructor", "the environment variable ALLIANCEBOOK_EDITION"),
    ("studnet", "instructor", "the environment variable ALLIANCEBOOK_EDITION"),
])
def test_no_default_for_a_missing_or_wrong_value(monkeypatch, variable, setting, named):
    monkeypatch.delenv("ALLIANCEBOOK_EDITION", raising=False)
    if variable is not None:
        monkeypatch.setenv("ALLIANCEBOOK_EDITION", variable)
    with pytest.raises(ValueError) as err:
        Edition.current(setting)
    assert named in str(err.value) and STUDENT_COMMAND in str(err.value)


def test_the_book_sets_its_edition_explicitly():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["config"]["alliancebook_edition"] == "instructor"


def test_a_string_or_a_flag_is_not_an_edition():
    """Every part is handed an Edition: the old strings and flags are refused, not guessed."""
    with pytest.raises(TypeError):
        edition_text("# Page\n", "student")
    with pytest.raises(TypeError):
        launch.notebook_path("book/treaty", True)
    with pytest.raises(TypeError):
        launch.book_settings(ROOT, "student")


@pytest.mark.parametrize("outdir, srcdir, named", [
    ("/book/_build/studnet/_build/html", "/book", ["studnet"]),
    ("/book/_build/Students-2027/_build/html", "/book", ["Students-2027"]),
    ("/book/_build/html", "/book", []),
    ("/tmp/out/student-site/_build/html", "/work/book", ["student-site"]),
    ("/home/student/out/_build/html", "/home/student/book", []),   # a user called student
])
def test_a_folder_is_student_like_if_a_part_below_the_book_says_stud(outdir, srcdir, named):
    assert student_named(Path(outdir), Path(srcdir)) == named


# --- Builds that must stop before they write anything -------------------------------------

def _build(out: Path, edition: str | None) -> subprocess.CompletedProcess:
    return subprocess.run([*jupyter_book(), "build", ".", "--path-output", str(out)], cwd=ROOT,
                          env=edition_env(edition), capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("folder", ["studnet", "student"])
def test_the_instructor_edition_is_not_written_into_a_student_like_folder(tmp_path_factory,
                                                                          folder):
    """The reported mistake (one letter off) and the old student command without the variable."""
    out = tmp_path_factory.mktemp("out") / folder
    result = _build(out, None)
    log = result.stdout + result.stderr
    assert result.returncode != 0, log[-3000:]
    assert "the INSTRUCTOR edition, with the solutions, was about to be written" in log
    assert f"named like a student one ({folder})" in log and STUDENT_COMMAND in log
    assert not list(out.rglob("*.html")), "the build wrote pages before it stopped"


def test_an_unknown_edition_stops_the_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "site"
    result = _build(out, "studnet")
    log = result.stdout + result.stderr
    assert result.returncode != 0, log[-3000:]
    assert "unknown edition 'studnet'" in log and "'student' or 'instructor'" in log
    assert STUDENT_COMMAND in log
    assert not list(out.rglob("*.html"))


# --- What the built sites say -------------------------------------------------------------

def _pages(site: Path) -> list[Path]:
    """The site's pages, without Jupyter Book's redirecting index.html at the root."""
    return [p for p in built_pages(site) if p != site / "index.html"]


@pytest.mark.build
def test_every_build_says_which_edition_it_built(build_log, student_build_log):
    plain = lambda log: re.sub(r"\x1b\[[0-9;]*m", "", log)  # noqa: E731
    instructor, student = plain(build_log), plain(student_build_log)
    for verb in ("building", "built"):
        assert (f"alliancebook: {verb} the INSTRUCTOR edition (contains solutions: do not "
                "publish to students)") in instructor
        assert f"alliancebook: {verb} the STUDENT edition (no solutions)" in student
    assert "INSTRUCTOR edition" not in student and "STUDENT edition" not in instructor


@pytest.mark.build
def test_every_instructor_page_carries_the_banner(site):
    pages = _pages(site)
    assert len(pages) > 10 and site / "book" / "treaty.html" in pages
    unmarked = [p.relative_to(site).as_posix() for p in pages
                if BANNER not in (text := p.read_text(encoding="utf-8")) or BANNER_TEXT not in text
                or META.format("instructor") not in text]
    assert unmarked == []


@pytest.mark.build
def test_no_student_page_carries_the_banner(student_site):
    pages = _pages(student_site)
    assert len(pages) > 10 and student_site / "book" / "treaty.html" in pages
    wrong = [p.relative_to(student_site).as_posix() for p in pages
             if BANNER in (text := p.read_text(encoding="utf-8")) or BANNER_TEXT in text
             or META.format("student") not in text]
    assert wrong == []


# --- Handouts -----------------------------------------------------------------------------

@pytest.mark.build
def test_handouts_refuse_the_instructor_site(site, tmp_path, capsys):
    out = tmp_path / "handouts"
    assert handouts.main([str(site), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "is the instructor edition: it contains the solutions" in error
    assert STUDENT_COMMAND in error
    assert not out.exists()


def _fake_site(root: Path, mark: str | None) -> Path:
    """A book (its _config.yml, _toc.yml and pages) with a site whose chapters say mark."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "_config.yml", root / "_config.yml")
    shutil.copy2(ROOT / "_toc.yml", root / "_toc.yml")
    shutil.copytree(ROOT / "book", root / "book")
    site = root / "_build" / "html"
    (site / "book").mkdir(parents=True)
    (site / "index.html").write_text("<html></html>", encoding="utf-8")
    meta = META.format(mark) if mark else ""
    for doc in [*handouts.chapters(root), *handouts.SHEETS]:
        (site / f"{doc}.html").write_text(f"<html><head>{meta}</head></html>", encoding="utf-8")
    return site


@pytest.mark.parametrize("mark, refusal", [
    ("instructor", "is the instructor edition"),
    (None, "does not say which edition it is"),
])
def test_handouts_refuse_a_site_that_is_not_the_student_edition(tmp_path, mark, refusal):
    site = _fake_site(tmp_path, mark)
    with pytest.raises(handouts.HandoutError, match=refusal):
        handouts.make_handouts(site, tmp_path / "out", browser="/no/such/browser")
    # The same site marked as the student edition passes this check (and stops at the browser).
    _fake_site(tmp_path / "student", "student")
    with pytest.raises(handouts.HandoutError, match="is not a file"):
        handouts.make_handouts(tmp_path / "student" / "_build" / "html", tmp_path / "out",
                               browser="/no/such/browser")
