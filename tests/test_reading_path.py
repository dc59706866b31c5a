"""Every chapter is shaped so a student can follow it (issue 27), measured by reading_path."""

from __future__ import annotations

import pytest

from reading_path import CELL_LINES, CHAPTERS, LONG_SENTENCE, LONG_SHARE, WORD_BUDGET, measure

# Every page that states objectives and sets exercises.
OBJECTIVE_PAGES = ["key-dates", *CHAPTERS]


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


@pytest.mark.parametrize("name", OBJECTIVE_PAGES)
def test_every_objective_is_practised_by_an_exercise(name):
    """Each exercise names the objectives it serves by their numbers in the page's opening box
    ("**Objective:** 2." or "**Objectives:** 1, 4."); every objective must be named."""
    page = measure(name)
    assert page.objectives, (
        f"{name}: no numbered list after '**You will learn to**' in the opening box")
    assert not page.unanchored, (
        f"{name}: exercises that name no objective of the page's {len(page.objectives)}: "
        + ", ".join(page.unanchored))
    assert not page.unpractised, (
        f"{name}: objectives that no exercise practises: "
        + "; ".join(f"{n}. {page.objectives[n - 1][:60]}" for n in page.unpractised))


def test_the_objective_measure_can_fail(tmp_path):
    """A planted page whose second objective no exercise names, and whose second exercise names
    none, or one the page does not have, is caught."""
    book = tmp_path / "book"
    book.mkdir()
    exercise = "```{{exercise}}\n:label: {}\n\n**Code:** none. {}**Practises:** x.\n```\n\n"
    (book / "treaty.md").write_text(
        "# A page\n\n```{admonition} In this chapter\n:class: tip\n**You will learn to**\n"
        "1. read;\n2. write, over\n   two lines.\n\n**Class time:** 5 minutes.\n```\n\n"
        + exercise.format("a", "**Objective:** 1. ") + exercise.format("b", "")
        + exercise.format("c", "**Objectives:** 1, 3. "), encoding="utf-8")
    planted = measure("treaty", tmp_path)
    assert planted.objectives == ["read;", "write, over\ntwo lines."]
    assert planted.practises == {"a": [1], "b": [], "c": [1, 3]}
    assert planted.unpractised == [2]
    assert planted.unanchored == ["b", "c"]


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
