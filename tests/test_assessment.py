"""`python -m alliancebook.assessment` prints an instructor's own papers of the pre/post
assessment: the options of each multiple-choice question in an order drawn from a private word,
and the key to those papers. The published letters must not fit them, the key it writes must point
at the answer the page's key names, the same word must give the same papers, and it must write
only where the bundle's folder rule lets it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from alliancebook import assessment, scores
from conftest import ROOT

PAGE = assessment.read_page(ROOT)
FORMS = assessment.read_forms(PAGE)
PUBLISHED = assessment.published_key(PAGE)
SEEDS = [f"class-{n}" for n in range(30)]


def _written(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def _key_table(key: str, form: str) -> dict[int, tuple[str, str]]:
    """{question: (letter, option text)} from the key file's table for a form."""
    part = key.split(f"## Form {form}\n", 1)[1].split("\n## ", 1)[0]
    return {int(n): (letter, text) for n, letter, text in
            re.findall(r"^\| (\d+) \| ([a-h]) \| (.*) \|$", part, re.M)}


def test_the_pages_own_key_parses():
    """Both forms have twelve questions, the same six multiple choice with four options each, and
    the key's summary sentence agrees with each question's own entry."""
    assert set(PUBLISHED) == {"A", "B"}
    for form, questions in FORMS.items():
        assert [q.number for q in questions] == list(range(1, 13))
        choices = [q.number for q in questions if q.is_choice]
        assert choices == [1, 2, 4, 6, 9, 12] == sorted(PUBLISHED[form])
        assert all(len(q.options) == 4 for q in questions if q.is_choice)
    assert "".join(PUBLISHED["A"].values()) == "cdabcd"
    assert "".join(PUBLISHED["B"].values()) == "dacdba"


def test_a_key_that_contradicts_itself_is_refused():
    broken = PAGE.replace("**1. A (c), B (d); 1 point.**", "**1. A (a), B (d); 1 point.**")
    with pytest.raises(assessment.AssessmentError, match="question 1"):
        assessment.published_key(broken)


@pytest.fixture(scope="module")
def papers(tmp_path_factory) -> dict[str, Path]:
    """Papers written for a few seeds (one of them twice, into two folders)."""
    base = tmp_path_factory.mktemp("papers")
    written = {}
    for name, seed in (("one", "heron"), ("again", "heron"), ("two", "kestrel"),
                       ("three", "a longer private phrase")):
        assessment.write_papers(ROOT, base / name, seed)
        written[name] = base / name
    return written


def test_the_same_seed_gives_the_same_papers(papers):
    one, again, two = (_written(papers[n]) for n in ("one", "again", "two"))
    assert set(one) == {"form-A.md", "form-A.html", "form-B.md", "form-B.html",
                        "key.md", "key.html"}
    assert one == again
    assert one["form-A.md"] != two["form-A.md"] and one["key.md"] != two["key.md"]


def test_different_seeds_give_different_letter_keys():
    """Thirty instructors' words give (nearly) thirty letter keys, and the page's letters fit
    a paper no better than guessing: on average about one in four."""
    keys = {form: [tuple(assessment.paper_key(seed, form, PUBLISHED[form], FORMS[form])
                         .values()) for seed in SEEDS] for form in FORMS}
    for form, rows in keys.items():
        assert len(set(rows)) >= 27, f"form {form}: only {len(set(rows))} keys for 30 seeds"
        published = tuple(PUBLISHED[form].values())
        assert published not in rows
        matches = sum(a == b for row in rows for a, b in zip(row, published))
        assert matches / (len(rows) * len(published)) < 0.4
        for position in zip(*rows):
            assert len(set(position)) >= 3, "a question's right letter hardly moves"


def test_the_written_key_names_the_published_answer(papers):
    """On every paper, the option at the written key's letter is the option the page's key
    names, for every multiple-choice question of both forms; the rest of the paper is the
    page's, with the questions' numbers (the scores file's columns) unchanged."""
    for folder in papers.values():
        key = (folder / "key.md").read_text(encoding="utf-8")
        for form, page_questions in FORMS.items():
            paper = assessment.parse_form((folder / f"form-{form}.md").read_text(
                encoding="utf-8"))
            table = _key_table(key, form)
            assert sorted(table) == sorted(PUBLISHED[form])
            assert [f"q{q.number}" for q in paper] == list(scores.ITEM_MAX)
            for ours, theirs in zip(paper, page_questions):
                assert ours.stem == theirs.stem
                assert sorted(ours.options) == sorted(theirs.options)
                if not theirs.is_choice:
                    continue
                right = theirs.options["abcd".index(PUBLISHED[form][theirs.number])]
                letter, text = table[theirs.number]
                assert ours.options["abcd".index(letter)] == right == text


def test_the_seed_is_printed_nowhere(papers):
    """The papers and the key carry the paper code, never the word."""
    for folder in papers.values():
        for name, content in _written(folder).items():
            assert b"heron" not in content and b"kestrel" not in content, name
    code = assessment.paper_code("heron").encode()
    assert all(code in content for content in _written(papers["one"]).values())


def _command(capsys, *args: str) -> tuple[int, str]:
    """Run the command in this process; its exit status and what it printed to stderr."""
    status = assessment.main([str(ROOT), *args])
    return status, capsys.readouterr().err


def test_the_folder_rule_is_the_bundles(tmp_path, capsys):
    """A folder holding anything else is refused and left alone; its own earlier papers are
    replaced."""
    stranger = tmp_path / "theirs"
    stranger.mkdir()
    (stranger / "marks.csv").write_text("student,q1\n", encoding="utf-8")
    status, err = _command(capsys, "--seed", "heron", "--out", str(stranger))
    assert status == 2 and "refused" in err
    assert [p.name for p in stranger.iterdir()] == ["marks.csv"]

    ours = tmp_path / "ours"
    assert _command(capsys, "--seed", "heron", "--out", str(ours))[0] == 0
    first = _written(ours)
    status, err = _command(capsys, "--seed", "kestrel", "--out", str(ours))
    assert status == 0, err
    assert _written(ours).keys() == first.keys() and _written(ours) != first
    (ours / "notes.txt").write_text("mine", encoding="utf-8")
    status, err = _command(capsys, "--seed", "heron", "--out", str(ours))
    assert status == 2 and "notes.txt" in err
    assert (ours / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_an_empty_seed_is_refused(tmp_path):
    """(Run as the page says, with python -m.)"""
    result = subprocess.run([sys.executable, "-m", "alliancebook.assessment", str(ROOT),
                             "--seed", "  ", "--out", str(tmp_path / "papers")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "seed" in result.stderr
    assert not (tmp_path / "papers").exists()
