"""Rubric sheets: each chapter's rubrics for its written exercises, without the model answers.

A written exercise's solution box (a fenced ``{solution}`` directive) holds its model answer and,
after it, its rubric: a line ``**Rubric (N points).**`` with any sentences that follow it, and a
``| Criterion | 0 | 1 | 2 |`` table. :func:`sheet` takes only that line and that table from each
box, so a student can read how a piece will be marked without reading how it should be written.
The book's page *Rubric sheets* prints them (``alliancebook.sphinxext.rubrics``), in both editions
and in the printed handouts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .myst_blocks import walk

RUBRIC = re.compile(r"^\*\*Rubric \((?P<points>\d+) points?\)\.\*\*")
TIME = re.compile(r"\*\*Time:\*\*\s*(\d+)\s*minutes?")
TITLE = re.compile(r"^# (.+)$", re.MULTILINE)


@dataclass
class Rubric:
    label: str
    points: int
    minutes: int | None
    text: str          # the rubric line, its sentences and its table, as MyST


def written_solutions(text: str) -> list[tuple[str, str]]:
    """(label, body) of every fenced {solution} directive (options included in the body),
    nested ones too, in page order; one left open is an error."""
    return [(block.label, block.content) for block in walk(text) if block.name == "solution"]


def rubric_text(body: str) -> str | None:
    """The rubric of a solution box: its opening paragraph and the table after it, nothing else."""
    lines = body.splitlines()
    start = next((i for i, line in enumerate(lines) if RUBRIC.match(line.strip())), None)
    if start is None:
        return None
    kept, index = [], start
    while index < len(lines) and lines[index].strip():          # the rubric's paragraph
        kept.append(lines[index])
        index += 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines) and lines[index].lstrip().startswith("|"):   # its table
        kept.append(("" if kept[-1].lstrip().startswith("|") else "\n") + lines[index])
        index += 1
    return "\n".join(kept)


def exercise_minutes(text: str, label: str) -> int | None:
    """The minutes the exercise with this label says it takes (in its box)."""
    for block in walk(text):
        if block.name == "exercise" and block.options.get("label") == label:
            time = TIME.search(block.body)
            return int(time.group(1)) if time else None
    return None


def sheet(page: Path) -> list[Rubric]:
    """The rubrics of a page's written exercises, in page order."""
    text = page.read_text(encoding="utf-8")
    found = []
    for label, body in written_solutions(text):
        rubric = rubric_text(body)
        if rubric:
            points = int(RUBRIC.match(rubric.strip())["points"])
            found.append(Rubric(label, points, exercise_minutes(text, label), rubric))
    return found


def title(page: Path) -> str:
    """The page's first-level heading."""
    match = TITLE.search(page.read_text(encoding="utf-8"))
    return match.group(1).strip() if match else page.stem


def sheet_markdown(page: Path, link: str) -> str:
    """A chapter's rubric sheet as MyST: the chapter linked, then each rubric under its label."""
    rubrics = sheet(page)
    parts = [f"**[{title(page)}]({link})**: {len(rubrics)} written "
             f"exercise{'s' if len(rubrics) != 1 else ''}."]
    for rubric in rubrics:
        time = f", {rubric.minutes} minutes" if rubric.minutes else ""
        parts.append(f"`{rubric.label}`{time}. {rubric.text}")
    return "\n\n".join(parts)
