"""Answer cells for written exercises in the notebook renderings.

A written exercise has no checker: in the notebook the student needs a place to write and a word
on what to write there and how it is marked. These functions put a Markdown cell after each such
exercise's box; ``notebooks.py`` calls them with the address of the rubric sheets.
"""

from __future__ import annotations

import re

import nbformat

LENGTH_ASK = re.compile(r"\b(?:\d[\d,–-]*|one|two|three|four|five|six)\s+(?:words?|sentences?|"
                        r"paragraphs?)\b", re.IGNORECASE)


def answer_cell(label: str, exercise: list[str], sheets: str) -> str:
    """The Markdown cell a written exercise is answered in: what to write and how it is marked."""
    text = " ".join(line.lstrip("> ").strip() for line in exercise[1:] if line.strip("> "))
    text = re.sub(r"\*\*[^*]+:\*\*\s*[^.]*\.", "", text)        # Practises, Time, Code lines
    sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+", text.strip()) if s.strip()]
    ask = next((s for s in sentences if LENGTH_ASK.search(s)), "")
    if not ask:   # no length asked: the task itself, or its last two sentences if it is long
        ask = " ".join(sentences if len(text.split()) <= 80 else sentences[-2:])
    lines = [f"**Your answer to `{label}`.** Double-click this cell, replace these lines with "
             f"your answer, and press Shift+Enter to show it formatted."]
    if ask:
        lines += ["", f"What to write: {ask}"]
    lines += ["", f"No checker reads this cell: it is marked by hand with the rubric for "
                  f"`{label}` on the [rubric sheets]({sheets})."]
    return "\n".join(lines)


def with_answer_cells(cells: list, written: set[str], sheets: str) -> list:
    """Split each Markdown cell after a written exercise's box and put an answer cell there."""
    out = []
    for cell in cells:
        lines = cell.source.split("\n") if cell.cell_type == "markdown" else []
        start = next((i for i, line in enumerate(lines) for label in written
                      if line.startswith(f"> **Exercise `{label}`**")), None)
        if start is None:
            out.append(cell)
            continue
        label = re.match(r"> \*\*Exercise `([^`]+)`", lines[start]).group(1)
        end = start
        while end < len(lines) and lines[end].startswith(">"):
            end += 1
        cell.source = "\n".join(lines[:end]).strip("\n")
        out += [cell, nbformat.v4.new_markdown_cell(answer_cell(label, lines[start:end],
                                                                sheets))]
        rest = "\n".join(lines[end:]).strip("\n")
        if rest:
            out += with_answer_cells([nbformat.v4.new_markdown_cell(rest)], written, sheets)
    return out
