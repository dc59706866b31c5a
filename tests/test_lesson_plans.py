"""Every lesson plan adds up: its parts, setup and reading included, fill its stated length.

Issue 23 found plans whose exercises took longer than their slots and whose parts left no time
for reading or for starting the notebook. This test reads each plan from its page, as an
instructor reads it, and holds it to three rules:

* **Chapter plans.** Each dropdown of a section headed "For instructors…" whose title states a
  length ("One session of 50 minutes", "Two sessions of 90 minutes") lists numbered parts
  ``1. (N min) …``. The parts of each session add up to the session's length. A plan of several
  sessions marks each with a bold line ending in ``(N min).**``.
* **Exercises fit their part.** The exercises a part names (by label, in backticks) and does in
  class take no longer, by the time each exercise states, than the part. An exercise named in a
  sentence that sets it as homework or marks it optional does not count; where "half the groups"
  do one exercise and half another, the longer one counts.
* **Setup.** The first session of every plan that runs a notebook budgets a part for starting it
  (a part that begins "**Setup.**").
* **Course-map meetings.** In the instructors' pages, each row of a table of meetings lists its
  parts as "(N min)" or "an N-minute plan"; they add up to the meeting length the table's
  heading paragraph states ("meetings of 90 minutes").

The rules read any page, so a new chapter's plan is checked as soon as it is written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alliancebook.myst_blocks import walk

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "a": 1, "an": 1}
LENGTH = re.compile(
    r"(?:(?P<count>\w+)\s+sessions?\s+of\s+)?(?P<minutes>\d+)[- ]minutes?", re.IGNORECASE)
PART = re.compile(r"^(?P<number>\d+)\.\s+\((?P<minutes>\d+) min\)\s*(?P<text>.*)$")
SESSION = re.compile(r"^\*\*.*\((?P<minutes>\d+) min\)\.?\*\*")
LABEL = re.compile(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`")
TIME = re.compile(r"\*\*Time:\*\*\s*(\d+)\s*minutes?")
NOT_IN_CLASS = re.compile(r"homework|optional|if time allows|at home", re.IGNORECASE)
PARALLEL = re.compile(r"\bhalf the\b|\beach group (?:takes|chooses) one\b", re.IGNORECASE)


def pages() -> list[Path]:
    """Every Markdown page of the book."""
    return sorted(BOOK.rglob("*.md"))


def exercise_minutes() -> dict[str, int]:
    """Label -> the minutes each exercise of the book says it takes."""
    minutes = {}
    for page in pages():
        for block in walk(page.read_text(encoding="utf-8")):
            time = TIME.search(block.body) if block.name == "exercise" else None
            if block.options.get("label") and time:
                minutes[block.options["label"]] = int(time.group(1))
    return minutes


def instructor_sections(text: str) -> list[str]:
    """The text of every section headed "For instructors…" (up to the next heading as high)."""
    sections = []
    for match in re.finditer(r"^(?P<hashes>#{2,3}) For instructors.*$", text, re.MULTILINE):
        level = len(match["hashes"])
        rest = text[match.end():]
        end = re.search(rf"^#{{1,{level}}} ", rest, re.MULTILINE)
        sections.append(rest[: end.start() if end else len(rest)])
    return sections


def plans(text: str) -> list[tuple[str, str]]:
    """(title, body) of every admonition in a page's sections for instructors."""
    return [(block.argument, block.content) for section in instructor_sections(text)
            for block in walk(section) if block.name == "admonition"]


def stated_length(title: str) -> tuple[int, int] | None:
    """(sessions, minutes per session) from a plan's title, or None if it states no length."""
    match = LENGTH.search(title)
    if not match:
        return None
    count = (match["count"] or "one").lower()
    sessions = WORDS.get(count) or (int(count) if count.isdigit() else 1)
    return sessions, int(match["minutes"])


def parts(body: str) -> list[list[tuple[int, str]]]:
    """The plan's sessions, each a list of (minutes, text) parts; a part's text runs on over its
    indented continuation lines."""
    sessions: list[list[tuple[int, str]]] = [[]]
    current = None
    for line in body.splitlines():
        if SESSION.match(line.strip()):
            if sessions[-1]:
                sessions.append([])
            current = None
            continue
        match = PART.match(line)
        if match:
            current = [int(match["minutes"]), match["text"]]
            sessions[-1].append(current)
        elif current is not None and line.startswith("   ") and line.strip():
            current[1] += " " + line.strip()
        else:
            current = None
    return [[(minutes, text) for minutes, text in session] for session in sessions if session]


def session_lengths(body: str) -> list[int]:
    """The lengths a multi-session plan states on its session lines."""
    return [int(m["minutes"]) for m in (SESSION.match(line.strip()) for line in body.splitlines())
            if m]


def in_class_minutes(text: str, known: dict[str, int]) -> int:
    """Minutes of the exercises a part names and does in class."""
    total = 0
    for sentence in re.split(r"(?<=[.;])\s+", text):
        if NOT_IN_CLASS.search(sentence):
            continue
        times = [known[label] for label in LABEL.findall(sentence) if label in known]
        if not times:
            continue
        total += max(times) if PARALLEL.search(sentence) else sum(times)
    return total


def all_plans() -> list[tuple[str, str, str]]:
    """(page, title, body) of every chapter plan in the book."""
    return [(page.relative_to(ROOT).as_posix(), title, body)
            for page in pages()
            for title, body in plans(page.read_text(encoding="utf-8"))
            if stated_length(title)]


PLANS = all_plans()
IDS = [f"{page}:{title}" for page, title, _ in PLANS]


def test_plans_are_found():
    """The parser finds the plans it is meant to check (a test that finds none passes nothing)."""
    assert len(PLANS) >= 10
    assert all(parts(body) for _, _, body in PLANS), "a plan with no numbered (N min) parts"


@pytest.mark.parametrize("page,title,body", PLANS, ids=IDS)
def test_plan_adds_up(page, title, body):
    """Each session's parts add up to the length the plan states."""
    count, minutes = stated_length(title)
    sessions = parts(body)
    assert len(sessions) == count, f"{page}, {title!r}: {len(sessions)} sessions, not {count}"
    stated = session_lengths(body)
    if count > 1:
        assert stated == [minutes] * count, f"{page}, {title!r}: sessions state {stated}"
    for number, session in enumerate(sessions, 1):
        total = sum(m for m, _ in session)
        assert total == minutes, (
            f"{page}, {title!r}, session {number}: the parts add up to {total} min, "
            f"not {minutes}: {[m for m, _ in session]}")


@pytest.mark.parametrize("page,title,body", PLANS, ids=IDS)
def test_exercises_fit_their_part(page, title, body):
    """The exercises a part does in class fit its minutes, at the time each exercise states."""
    known = exercise_minutes()
    for session in parts(body):
        for minutes, text in session:
            needed = in_class_minutes(text, known)
            assert needed <= minutes, (
                f"{page}, {title!r}: a {minutes}-minute part holds {needed} minutes of "
                f"exercises: {text[:120]}")


@pytest.mark.parametrize("page,title,body", PLANS, ids=IDS)
def test_plan_budgets_setup(page, title, body):
    """The first session of a plan budgets time for starting the notebook."""
    first = parts(body)[0]
    assert any(text.startswith("**Setup.**") for _, text in first), (
        f"{page}, {title!r}: no part starting '**Setup.**' in the first session")


def meeting_tables(text: str) -> list[tuple[int, list[list[str]]]]:
    """(meeting length, rows) of every table under a paragraph that states "meetings of N
    minutes" in the instructors' pages."""
    found = []
    for block in re.split(r"^#{2,4} ", text, flags=re.MULTILINE):
        length = re.search(r"meetings? of (\d+) minutes", block)
        if not length:
            continue
        rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
                for line in block.splitlines() if line.startswith("|")]
        if len(rows) > 2:
            found.append((int(length.group(1)), rows))
    return found


def meeting_minutes(cell: str) -> int:
    """Class minutes of a meeting cell: each "(N min)" and each "N-minute plan"."""
    return (sum(int(m) for m in re.findall(r"\((\d+) min\)", cell))
            + sum(int(m) for m in re.findall(r"(\d+)-minute plan", cell)))


MAP_PAGES = sorted((BOOK / "instructors").glob("*.md"))


def test_meeting_tables_are_found():
    """The course map's tables of meetings are found."""
    tables = [t for page in MAP_PAGES for t in meeting_tables(page.read_text(encoding="utf-8"))]
    assert len(tables) >= 3


@pytest.mark.parametrize("page", MAP_PAGES, ids=lambda p: p.name)
def test_course_map_meetings_add_up(page):
    """Every numbered meeting of the course map fills its stated length exactly."""
    for length, rows in meeting_tables(page.read_text(encoding="utf-8")):
        header, body = rows[0], rows[2:]
        column = next(i for i, name in enumerate(header) if "plan" in name.lower())
        meeting = next(i for i, name in enumerate(header) if name.lower() == "meeting")
        for row in body:
            if not row[meeting].isdigit():
                continue
            assert meeting_minutes(row[column]) == length, (
                f"{page.name}: meeting {row[meeting]} holds {meeting_minutes(row[column])} min, "
                f"not {length}: {row[column]}")


def test_counting_rules():
    """The rules count what an instructor would count."""
    known = {"a-one": 10, "a-two": 15, "a-three": 20}
    assert in_class_minutes("`a-one` and `a-two` in pairs.", known) == 25
    assert in_class_minutes("`a-one`; set `a-three` as homework.", known) == 10
    assert in_class_minutes("half the groups do `a-two` and half `a-three`.", known) == 20
    assert in_class_minutes("`a-three` (optional).", known) == 0
    body = "**Session 1 (90 min).**\n1. (90 min) x\n**Session 2 (90 min).**\n2. (80 min) y\n   z"
    assert parts(body) == [[(90, "x")], [(80, "y z")]]
    assert stated_length("Two sessions of 90 minutes") == (2, 90)
    assert stated_length("A 50-minute session") == (1, 50)
    assert meeting_minutes("Troops, 50-minute plan; review (20 min); quiz (20 min)") == 90
