"""Every written exercise can be marked: its solution box (a fenced `{solution}` directive, the
form with no checker) holds a rubric, `**Rubric (N points).**` and a `| Criterion | 0 | 1 | 2 |`
table, and the N it states is what the table's rows add up to."""

from __future__ import annotations

import re

import pytest

from alliancebook.rubrics import written_solutions
from conftest import notebook_pages

STATED = re.compile(r"\*\*Rubric \((?P<points>\d+) points?\)\.\*\*")
# A cell that gives no score at that level ("—"): the row's maximum is a lower column.
NO_SCORE = {"", "-", "—", "–", "n/a"}


def cells(row: str) -> list[str]:
    """The cells of one Markdown table row."""
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def rubric_problems(body: str) -> list[str]:
    """What is missing or inconsistent in a solution's rubric (an empty list if nothing)."""
    if "Rubric" not in body:
        return ["no rubric (the word 'Rubric' does not appear)"]
    stated = STATED.search(body)
    if not stated:
        return ["no '**Rubric (N points).**' line"]
    lines = body[stated.end():].splitlines()
    header = next((i for i, line in enumerate(lines)
                   if line.strip().startswith("| Criterion")), None)
    if header is None:
        return ["no Markdown table whose header starts '| Criterion' after the rubric line"]
    levels = {i: int(c) for i, c in enumerate(cells(lines[header])) if c.isdigit()}
    if not levels:
        return ["the rubric table's header has no numeric columns"]
    rows = []
    for line in lines[header + 2:]:
        if not line.strip().startswith("|"):
            break
        rows.append(cells(line))
    if len(rows) < 3:
        return [f"the rubric table has {len(rows)} criteria; three or more are expected"]
    total = 0
    for row in rows:
        scored = [points for i, points in levels.items()
                  if i < len(row) and row[i].lower() not in NO_SCORE]
        if not scored:
            return [f"criterion {row[0]!r} has no descriptor for any score"]
        total += max(scored)
    if total != int(stated["points"]):
        return [f"the rubric states {stated['points']} points, its table adds up to {total}"]
    return []


SOLUTIONS = [(page, label, body) for page in notebook_pages()
             for label, body in written_solutions(page.read_text(encoding="utf-8"))]


def test_the_book_has_written_exercises():
    assert SOLUTIONS, "no fenced {solution} directive found on any notebook page"


@pytest.mark.parametrize("page, label, body", SOLUTIONS,
                         ids=[label for _, label, _ in SOLUTIONS])
def test_written_solution_has_a_consistent_rubric(page, label, body):
    assert not rubric_problems(body), f"{page.name}, {label}: {rubric_problems(body)}"


GOOD = """````{solution} demo
:class: dropdown

**Model answer.** Something.

**Rubric (6 points).**

| Criterion | 0 | 1 | 2 |
|---|---|---|---|
| One | no | partly | yes |
| Two | no | partly | yes |
| Three | no | partly | yes |
````
"""


def test_the_parser_finds_each_solution_with_its_own_fence():
    text = ("```{solution-start} gated\n```\n" + GOOD
            + ":::{solution} colons\nno rubric here\n:::\n")
    found = written_solutions(text)
    assert [label for label, _ in found] == ["demo", "colons"]
    assert not rubric_problems(found[0][1])
    assert rubric_problems(found[1][1]) == ["no rubric (the word 'Rubric' does not appear)"]


def test_a_nested_shorter_fence_does_not_close_the_solution():
    text = GOOD.replace("**Model answer.** Something.",
                        "```{code-cell} ipython3\nx = 1\n```")
    [(label, body)] = written_solutions(text)
    assert label == "demo" and "| Three |" in body


def test_a_wrong_total_or_a_missing_table_is_caught():
    assert rubric_problems(GOOD.replace("(6 points)", "(8 points)")) == [
        "the rubric states 8 points, its table adds up to 6"]
    assert rubric_problems(GOOD.split("| Criterion")[0])[0].startswith("no Markdown table")
    assert rubric_problems(GOOD.replace("**Rubric (6 points).**", "Rubric:")) == [
        "no '**Rubric (N points).**' line"]


def test_a_criterion_scored_only_to_one_counts_one():
    capped = GOOD.replace("| Three | no | partly | yes |", "| Three | no | yes | — |")
    assert rubric_problems(capped) == ["the rubric states 6 points, its table adds up to 5"]
    assert not rubric_problems(capped.replace("(6 points)", "(5 points)"))


def test_an_unclosed_solution_is_an_error():
    with pytest.raises(ValueError, match="never closed"):
        written_solutions("````{solution} open\ntext\n")
