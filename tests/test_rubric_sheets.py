"""The students' rubric sheets (book/rubrics.md, filled by ``alliancebook.rubrics``) hold every
written exercise's rubric and nothing of its model answer or graded samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancebook.rubrics import rubric_text, sheet, sheet_markdown, written_solutions
from conftest import notebook_pages

PAGES = notebook_pages()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_rubric_is_on_the_sheet(page):
    """Each solution box with a rubric gives one entry, with its points and its table."""
    text = page.read_text(encoding="utf-8")
    expected = [label for label, body in written_solutions(text) if "**Rubric (" in body]
    rubrics = sheet(page)
    assert [r.label for r in rubrics] == expected
    for rubric in rubrics:
        assert "| Criterion | 0 | 1 | 2 |" in rubric.text
        assert rubric.text.rstrip().splitlines()[-1].startswith("|")
        assert rubric.minutes, f"{rubric.label}: no time stated"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_no_model_answer_on_the_sheet(page):
    """Nothing before the rubric line (the model answer) or after its table (the samples)."""
    text = page.read_text(encoding="utf-8")
    sheet_text = sheet_markdown(page, page.name)
    for label, body in written_solutions(text):
        rubric = rubric_text(body)
        if not rubric:
            continue
        before = body[: body.index("**Rubric (")].strip()
        after = body[body.index(rubric.splitlines()[-1]) + len(rubric.splitlines()[-1]):].strip()
        for part in (before, after):
            for line in part.splitlines():
                if len(line.split()) >= 8:
                    assert line.strip() not in sheet_text, f"{label}: {line[:60]!r} leaked"


def test_sheet_stops_at_the_table():
    body = ("**Model answer.** Secret words here.\n\n**Rubric (2 points).** One row.\n\n"
            "| Criterion | 0 | 1 | 2 |\n|---|---|---|---|\n| A | no | some | all |\n\n"
            "**Graded samples.** Sample A scores 2 of 2 with these words.")
    text = rubric_text(body)
    assert text.startswith("**Rubric (2 points).**")
    assert text.endswith("| A | no | some | all |")
    assert "Secret" not in text and "Sample" not in text


def test_the_sheet_page_is_in_the_book():
    root = Path(__file__).resolve().parents[1]
    assert "book/rubrics" in (root / "_toc.yml").read_text(encoding="utf-8")
    assert "{rubric-sheets}" in (root / "book" / "rubrics.md").read_text(encoding="utf-8")
