"""Every chapter is shaped so a student can follow it (issue 27), measured by reading_path."""

from __future__ import annotations

import pytest

from reading_path import CELL_LINES, CHAPTERS, LONG_SENTENCE, LONG_SHARE, WORD_BUDGET, measure


@pytest.fixture(scope="module", params=CHAPTERS)
def page(request):
    return measure(request.param)


def test_opens_in_brief_and_closes_with_takeaways(page):
    assert page.in_brief, f"{page.name}: no 'In brief' box at the top"
    assert page.takeaways, f"{page.name}: no '## Takeaways' section"


def test_main_text_is_about_two_thousand_words(page):
    assert page.words <= WORD_BUDGET, (
        f"{page.name}: {page.words} words of main text outside folded boxes; fold detail a "
        f"student can skip into 'Going deeper' dropdowns (budget {WORD_BUDGET})")


def test_long_sentences_are_the_exception(page):
    share = len(page.long_sentences) / len(page.sentences)
    assert share <= LONG_SHARE, (
        f"{page.name}: {len(page.long_sentences)} of {len(page.sentences)} sentences run past "
        f"{LONG_SENTENCE} words; split them")


def test_no_visible_code_cell_is_long(page):
    assert not page.long_cells, (
        f"{page.name}: visible cells over {CELL_LINES} lines at "
        + ", ".join(f"student-text line {c.line} ({c.visible_lines})" for c in page.long_cells))


def test_every_cell_has_a_sentence_before_it(page):
    assert not page.bare_cells, (
        f"{page.name}: cells with no sentence before them at student-text lines "
        + ", ".join(str(c.line) for c in page.bare_cells))


def test_every_exercise_says_its_code_level(page):
    assert page.exercises, f"{page.name}: no exercises found"
    assert not page.unlevelled, (
        f"{page.name}: exercises without '**Code:** none|light|pandas': "
        + ", ".join(page.unlevelled))


def test_the_measure_can_fail(tmp_path):
    """A planted page with a long bare cell, no box and no code level fails every measure."""
    book = tmp_path / "book"
    book.mkdir()
    cell = "\n".join(f"x{n} = {n}" for n in range(CELL_LINES + 1))
    (book / "treaty.md").write_text(
        "# A page\n\n## Part\n\n" + "word " * (WORD_BUDGET + 1) + "\n\n```{code-cell} ipython3\n"
        + cell + "\n```\n\n```{code-cell} ipython3\nprint(1)\n```\n\n```{exercise}\n:label: t\n\n"
        "Do it.\n```\n", encoding="utf-8")
    planted = measure("treaty", tmp_path)
    assert not planted.in_brief and not planted.takeaways
    assert planted.words > WORD_BUDGET
    assert [c.visible_lines for c in planted.long_cells] == [CELL_LINES + 1]
    assert len(planted.bare_cells) == 1
    assert planted.unlevelled == ["t"]
    assert planted.long_sentences == [WORD_BUDGET + 1]
