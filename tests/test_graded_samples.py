"""Graded samples add up: in a written exercise's solution box, each calibration sample
(``*Sample A: N of M.*``, in the paragraphs after the rubric table) is marked out of the rubric's
maximum, and the scores it gives criterion by criterion sum to N.

The form of a sample, as the pages write it::

    *Sample B: 4 of 10.* "The student's answer, in double quotes, ending with its full stop."
    Attribution 0 (why); estimates 1 (why); ...

A score is written either as ``Criterion N (reason)`` or, for a sample that is the model answer,
as ``what it does (N)``. One score per rubric row, in the rubric's order, each no higher than that
row's top level. Numbers inside a reason's parentheses are not scores. The student's answer is the
double-quoted passage that opens the sample's text (or follows its first colon), closed by a
quotation mark after a full stop, question mark, exclamation mark or ellipsis; quotations inside a
student's answer use single quotes.
"""

from __future__ import annotations

import re

import pytest

from alliancebook.rubrics import written_solutions
from conftest import notebook_pages

SAMPLE = re.compile(r"^\*Sample (?P<name>\w+): (?P<score>\d+) of (?P<out_of>\d+)\.\*")
NO_SCORE = {"", "-", "—", "–", "n/a"}
ANSWER_END = re.compile(r"[.?!…]\"")


def cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def criterion_maxima(body: str) -> list[tuple[str, int]]:
    """(criterion, highest level) for each row of the rubric table of a solution box."""
    lines = body.splitlines()
    header = next((i for i, line in enumerate(lines) if line.strip().startswith("| Criterion")),
                  None)
    if header is None:
        return []
    levels = {i: int(c) for i, c in enumerate(cells(lines[header])) if c.isdigit()}
    rows = []
    for line in lines[header + 2:]:
        if not line.strip().startswith("|"):
            break
        row = cells(line)
        scored = [points for i, points in levels.items()
                  if i < len(row) and row[i].lower() not in NO_SCORE]
        rows.append((row[0], max(scored, default=0)))
    return rows


def samples(body: str) -> list[tuple[str, int, int, str]]:
    """(name, N, M, the text after the header) of each graded sample in a solution box."""
    found = []
    paragraphs = re.split(r"\n\s*\n", body)
    for paragraph in paragraphs:
        text = " ".join(line.strip() for line in paragraph.splitlines())
        match = SAMPLE.match(text)
        if match:
            found.append((match["name"], int(match["score"]), int(match["out_of"]),
                          text[match.end():].strip()))
    return found


def without_answer(text: str) -> str:
    """The sample's text with the student's quoted answer taken out."""
    first = text.find('"')
    if first < 0 or not (first == 0 or text[:first].rstrip().endswith(":")):
        return text
    end = ANSWER_END.search(text, first + 1)
    if not end:
        raise ValueError(f"the quoted answer is never closed: {text[:60]!r}")
    return text[:first] + text[end.end():]


def scores(text: str) -> list[int]:
    """The criterion scores in a sample's grading: 'Name N (' or '(N)', outside parentheses."""
    found, depth, index = [], 0, 0
    while index < len(text):
        char = text[index]
        if depth == 0:
            alone = re.match(r"\((\d+)\)", text[index:])
            if alone:
                found.append(int(alone.group(1)))
                index += alone.end()
                continue
            after_word = index > 0 and (text[index - 1].isalnum() or text[index - 1] in ",.-–")
            named = None if after_word else re.match(r"(\d+) \(", text[index:])
            if named:
                found.append(int(named.group(1)))
                index += named.end(1)
                continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        index += 1
    return found


def sample_problems(body: str) -> list[str]:
    """What is inconsistent in a solution box's graded samples (empty if nothing)."""
    rows = criterion_maxima(body)
    maximum = sum(top for _, top in rows)
    problems = []
    for name, score, out_of, text in samples(body):
        where = f"Sample {name}"
        if out_of != maximum:
            problems.append(f"{where}: out of {out_of}, the rubric's maximum is {maximum}")
        if score > out_of:
            problems.append(f"{where}: {score} is more than {out_of}")
        try:
            given = scores(without_answer(text))
        except ValueError as error:
            problems.append(f"{where}: {error}")
            continue
        if len(given) != len(rows):
            problems.append(f"{where}: {len(given)} criterion scores found {given}, "
                            f"the rubric has {len(rows)} criteria")
            continue
        for (criterion, top), points in zip(rows, given):
            if points > top:
                problems.append(f"{where}: {criterion!r} scored {points}, its top level is {top}")
        if sum(given) != score:
            problems.append(f"{where}: the criterion scores {given} add up to {sum(given)}, "
                            f"not {score}")
    return problems


WRITTEN = [(page, label, body) for page in notebook_pages()
           for label, body in written_solutions(page.read_text(encoding="utf-8"))
           if "**Rubric (" in body]
SAMPLED = [(page, label, body) for page, label, body in WRITTEN if samples(body)]


def test_some_exercises_have_graded_samples():
    assert SAMPLED, "no written exercise has a '*Sample A: N of M.*' line"


@pytest.mark.parametrize("page, label, body", SAMPLED, ids=[label for _, label, _ in SAMPLED])
def test_graded_samples_add_up(page, label, body):
    assert not sample_problems(body), f"{page.name}, {label}: {sample_problems(body)}"


def test_every_written_exercise_has_graded_samples():
    """Every written exercise gives markers two samples (a stronger, a weaker) to calibrate on."""
    missing = [f"{page.name}: {label}" for page, label, body in WRITTEN if len(samples(body)) < 2]
    assert not missing, "written exercises without graded samples:\n" + "\n".join(missing)


GOOD = """**Rubric (6 points).**

| Criterion | 0 | 1 | 2 |
|---|---|---|---|
| Publisher | no | named | named with its type |
| Origin | no | stated | stated, naming the speaker |
| Judgement | no | a view | a view with a reason (about its record) |

**Graded samples, for calibration.**

*Sample A: 6 of 6.* The model answer above: named with its type (2), the speaker named (2), and a
reason about the record (2).

*Sample B: 3 of 6.* "Interfax (a news agency) wrote it: 'the treaty is in force.' It is the
original, and 2 (or 3) sources agree." Publisher 1 (named, no type, though 2 (two) words would
do); origin 1 (stated, without the speaker); judgement 1 (a view, no reason).
"""


def test_well_formed_samples_pass():
    assert [(n, s, m) for n, s, m, _ in samples(GOOD)] == [("A", 6, 6), ("B", 3, 6)]
    assert not sample_problems(GOOD)


def test_a_planted_bad_sample_fails():
    wrong_sum = GOOD.replace("judgement 1 (a view, no reason)", "judgement 2 (a view, no reason)")
    assert sample_problems(wrong_sum) == [
        "Sample B: the criterion scores [1, 1, 2] add up to 4, not 3"]
    wrong_max = GOOD.replace("*Sample B: 3 of 6.*", "*Sample B: 3 of 8.*")
    assert sample_problems(wrong_max) == ["Sample B: out of 8, the rubric's maximum is 6"]
    too_high = GOOD.replace("*Sample A: 6 of 6.*", "*Sample A: 7 of 6.*")
    assert "Sample A: 7 is more than 6" in sample_problems(too_high)
    missing_row = GOOD.replace("; judgement 1 (a view, no reason)", "")
    assert sample_problems(missing_row) == [
        "Sample B: 2 criterion scores found [1, 1], the rubric has 3 criteria"]
    over_top = GOOD.replace("origin 1 (", "origin 3 (").replace("3 of 6.", "5 of 6.")
    assert sample_problems(over_top) == ["Sample B: 'Origin' scored 3, its top level is 2"]
