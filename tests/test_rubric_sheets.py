"""The students' rubric sheets (book/rubrics.md, filled by ``alliancebook.rubrics``) hold every
written exercise's rubric and nothing of its model answer or graded samples."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alliancebook.edition import student_text
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
            "**For the grader.** Specific words the cells keep back.\n\n"
            "**Graded samples.** Sample A scores 2 of 2 with these words.")
    text = rubric_text(body)
    assert text.startswith("**Rubric (2 points).**")
    assert text.endswith("| A | no | some | all |")
    assert "Secret" not in text and "Sample" not in text and "grader" not in text


def test_the_sheet_page_is_in_the_book():
    root = Path(__file__).resolve().parents[1]
    assert "book/rubrics" in (root / "_toc.yml").read_text(encoding="utf-8")
    assert "{rubric-sheets}" in (root / "book" / "rubrics.md").read_text(encoding="utf-8")


# --- No answers in the cells -----------------------------------------------------------------
# A cell of a rubric table is printed on the students' sheet, so it must not carry a "specific"
# of the model answer that students cannot already read: a date, a number of three or more digits
# or with a comma or decimal point, a percentage, or a quoted phrase of two or more words that the
# model answer has, and neither the exercise nor the rest of the student edition of the page has.
# Such specifics go in the "**For the grader.**" paragraph after the table, which the sheet does
# not print.

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December")
MONTH_NUMBER = {name.lower(): n for n, name in enumerate(MONTHS.split("|"), start=1)}
DAY_MONTH = re.compile(rf"\b(\d{{1,2}}) ({MONTHS})\b(?: (\d{{4}}))?")
MONTH_DAY = re.compile(rf"\b({MONTHS}) (\d{{1,2}})\b(?:, (\d{{4}}))?")
MONTH_YEAR = re.compile(rf"\b({MONTHS}),? (\d{{4}})\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
PERCENT = re.compile(r"(\d+(?:[.,]\d+)*) ?(?:%|per ?cent\b)")
NUMBER = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)+|\d{3,})(?![\w])")
QUOTED = re.compile(r"\"([^\"\n]+?)\"|“([^”]+?)”|‘([^’]+?)’|(?<![\w'])'([^'\n]+?)'(?!\w)")
CODE = re.compile(r"`[^`]*`")

# Specifics that a cell may state although the model answer has them and the page does not,
# each with the reason it is not an answer: (exercise label, specific key, reason).
NOT_ANSWERS: set[tuple[str, tuple]] = set()


def plain(text: str) -> str:
    """Text for comparing: no emphasis marks, one space for any run of white space, lower case."""
    return " ".join(text.replace("*", "").split()).lower()


def specifics(text: str) -> set[tuple]:
    """The dates, numbers and percentages of a text, as keys that ignore how each is written
    ('17 October 2024', 'October 17, 2024' and '2024-10-17' share their keys)."""
    text = " ".join(text.split())
    found = set()
    day_first = DAY_MONTH.findall(text)
    month_first = [(day, month, year) for month, day, year in MONTH_DAY.findall(text)]
    for day, month, year in day_first + month_first:
        found |= {("date", MONTH_NUMBER[month.lower()], int(day), int(year) if year else None),
                  ("date", MONTH_NUMBER[month.lower()], int(day), None)}
    for month, year in MONTH_YEAR.findall(text):
        found.add(("month", MONTH_NUMBER[month.lower()], int(year)))
    for year, month, day in ISO_DATE.findall(text):
        if 1 <= int(month) <= 12:
            found.add(("month", int(month), int(year)))
            if day:
                found |= {("date", int(month), int(day), int(year)),
                          ("date", int(month), int(day), None)}
    for number in PERCENT.findall(text):
        found.add(("percent", number.replace(",", "")))
    for number in NUMBER.findall(text):
        found.add(("number", number.replace(",", "")))
    return found


def quotations(text: str) -> set[str]:
    """The quoted phrases of two or more words in a text (double, single or curly quotes)."""
    found = set()
    for groups in QUOTED.findall(" ".join(text.split())):
        phrase = plain(next(group for group in groups if group)).strip(" .,;:")
        if len(phrase.split()) >= 2:
            found.add(phrase)
    return found


def table_cells(rubric: str) -> list[str]:
    """The cells of a rubric's table as the sheet prints them, without inline code (file names
    and row ids are where to look, not what to find)."""
    rows = [line for line in rubric.splitlines() if line.lstrip().startswith("|")]
    return [CODE.sub(" ", cell) for row in rows[2:] for cell in row.strip().strip("|").split("|")]


def leaked_specifics(label: str, body: str, public: str) -> list[str]:
    """What a solution box's rubric table gives away: each specific in a cell that the model
    answer (the box before its rubric line) has and the students' text of the page does not."""
    rubric = rubric_text(body)
    if not rubric:
        return []
    model = body[: body.index("**Rubric (")]
    model_keys, public_keys = specifics(model), specifics(public)
    model_text, public_text = plain(model), plain(public)
    leaks = []
    for cell in table_cells(rubric):
        for key in sorted(specifics(cell) & model_keys - public_keys, key=str):
            if (label, key) not in NOT_ANSWERS:
                leaks.append(f"{label}: {key} in {cell.strip()[:70]!r}")
        for phrase in sorted(quotations(cell)):
            if (phrase in model_text and phrase not in public_text
                    and (label, ("quote", phrase)) not in NOT_ANSWERS):
                leaks.append(f"{label}: {phrase!r} in {cell.strip()[:70]!r}")
    return leaks


def page_leaks(text: str) -> list[str]:
    """Every rubric cell of a page that gives away a specific of its model answer."""
    public = student_text(text)
    return [leak for label, body in written_solutions(text)
            for leak in leaked_specifics(label, body, public)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_no_answer_in_a_rubric_cell(page):
    leaks = page_leaks(page.read_text(encoding="utf-8"))
    assert not leaks, ("rubric cells that give away the answer (move the specific to the "
                       "'**For the grader.**' paragraph after the table):\n" + "\n".join(leaks))


PLANTED = '''# A page

The deployment was first reported in the autumn of 2024, at about 10,000 troops.

```{exercise}
:label: planted-first-figure

Find the first official figure of about 10,000: who gave it, and on what date?
```

```{solution} planted-first-figure
:class: dropdown

**Model answer.** Zelensky gave it on 17 October 2024; the first US figure came on 28 October,
"around 10,000 to train" in eastern Russia, and 3,000 were said to be lost by 23 December.

**Rubric (4 points).**

| Criterion | 0 | 1 | 2 |
|---|---|---|---|
| The first figure | none | the figure | speaker and date: Zelensky's of 17 October |
| The wording | none | a paraphrase | the words the source used |

**For the grader.** Zelensky's of 17 October, or the Pentagon's "around 10,000 to train" of
28 October, both earn full marks; 3,000 by 23 December.

*Sample A: 4 of 4.* The model answer above: speaker and date (2), the words used (2).
```
'''


def test_a_planted_leak_fails():
    """A date of the model answer in a cell is caught; a quotation or figure that moves to the
    grader's paragraph is not; and a cell may state what the page itself prints."""
    assert page_leaks(PLANTED) == [
        "planted-first-figure: ('date', 10, 17, None) in "
        "\"speaker and date: Zelensky's of 17 October\""]
    quoted = PLANTED.replace("| the words the source used |",
                             '| the words the source used ("around 10,000 to train") |')
    assert "planted-first-figure: 'around 10,000 to train' in " \
           "'the words the source used (\"around 10,000 to train\")'" in page_leaks(quoted)
    assert "planted-first-figure: ('number', '10000')" not in " ".join(page_leaks(quoted))
    clean = PLANTED.replace("Zelensky's of 17 October |", "the right speaker and date |")
    assert page_leaks(clean) == []
    printed = clean.replace("the autumn of 2024", "17 October 2024").replace(
        "the right speaker and date |", "Zelensky's of 17 October |")
    assert page_leaks(printed) == []
    dated = clean.replace("| a paraphrase |", "| a paraphrase, dated 2024-12-23 |")
    assert page_leaks(dated) == [
        "planted-first-figure: ('date', 12, 23, None) in 'a paraphrase, dated 2024-12-23'"]
