"""What a student meets on each chapter page, measured from the page's student text.

Issue 27 asks that a student can follow every chapter: an "In brief" box at the top and
takeaways at the end, about 2,000 words of main text outside folded boxes, no visible code cell
longer than 12 lines, a sentence before every cell, and a code level on every exercise. This
module measures those things; ``tests/test_reading_path.py`` holds the pages to them, and
``python tests/reading_path.py`` prints the measures for every chapter, for an author at work.

The page is read as students read it (``alliancebook.edition.student_text``: no solutions, no
sections for instructors) and parsed with markdown-it-py and the colon-fence plugin, the parser
MyST itself is built on; its directive blocks are read by ``alliancebook.myst_blocks``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from alliancebook.edition import student_text
from alliancebook.pages import TOC, notebook_pages, part
from alliancebook.myst_blocks import block, tokens

ROOT = Path(__file__).resolve().parents[1]
# The chapters held to the reading budget: the notebook pages of _toc.yml's "Chapters" part.
CHAPTERS = [Path(doc).name for doc, _ in notebook_pages(ROOT, part(ROOT / TOC, "Chapters"))]
WORD_BUDGET = 2100        # "about 2,000 words of main text"
CELL_LINES = 12           # "no visible code cell over 12 lines"
LONG_SENTENCE = 35        # "sentences over 35 words are the exception"
LONG_SHARE = 0.02         # ... at most one sentence in fifty
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")
HIDDEN = {"hide-input", "hide-cell", "remove-input", "remove-cell"}
REFERENCE = re.compile(r"^(key terms|further reading|references)\b", re.IGNORECASE)
ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")
CODE_LEVEL = re.compile(r"\*\*Code:\*\*\s*(none|light|pandas)\b")
OBJECTIVE_REF = re.compile(r"\*\*Objectives?:\*\*\s*(\d+(?:\s*,\s*\d+)*)\.")
LEARN = "**You will learn to**"


@dataclass
class Cell:
    line: int
    visible_lines: int
    hidden: bool
    after_prose: bool


@dataclass
class Page:
    name: str
    words: int = 0
    in_brief: bool = False
    takeaways: bool = False
    cells: list[Cell] = field(default_factory=list)
    exercises: dict[str, str | None] = field(default_factory=dict)   # label -> code level
    sentences: list[int] = field(default_factory=list)   # words per sentence of main text
    objectives: list[str] = field(default_factory=list)  # the numbered "You will learn to" list
    practises: dict[str, list[int]] = field(default_factory=dict)  # label -> objective numbers

    @property
    def long_sentences(self) -> list[int]:
        return [n for n in self.sentences if n > LONG_SENTENCE]

    @property
    def long_cells(self) -> list[Cell]:
        return [c for c in self.cells if not c.hidden and c.visible_lines > CELL_LINES]

    @property
    def bare_cells(self) -> list[Cell]:
        return [c for c in self.cells if not c.after_prose]

    @property
    def unpractised(self) -> list[int]:
        """Objectives (numbered from 1) that no exercise names."""
        named = {n for numbers in self.practises.values() for n in numbers}
        return [n for n in range(1, len(self.objectives) + 1) if n not in named]

    @property
    def unanchored(self) -> list[str]:
        """Exercises that name no objective, or one the page does not state."""
        return [label for label, numbers in self.practises.items()
                if not numbers or any(not 1 <= n <= len(self.objectives) for n in numbers)]

    @property
    def unlevelled(self) -> list[str]:
        return [label for label, level in self.exercises.items() if level is None]


def prose(text: str):
    """Every run of prose in a page's text, inside directives too, leaving out code cells."""
    for token in tokens(text):
        if token.type == "inline":
            yield token.content
        elif token.type in {"fence", "colon_fence"}:
            found = block(token)
            if found.name and found.name != "code-cell":
                yield found.argument
                yield from prose(found.body)


def _objectives(body: str) -> list[str]:
    """The items of the ordered list that follows "You will learn to" in an opening box."""
    items, depth, inside = [], 0, False
    for token in tokens(body.split(LEARN, 1)[1]):
        if token.type == "ordered_list_open" and depth == 0 and not items:
            inside = True
        if token.type in {"ordered_list_open", "bullet_list_open"}:
            depth += 1
        elif token.type in {"ordered_list_close", "bullet_list_close"}:
            depth -= 1
            if depth == 0 and inside:
                break
        elif token.type == "inline" and inside and depth == 1:
            items.append(token.content)
    return items


def _words(text: str) -> int:
    return len(ROLE.sub("", text).split())


def measure(name: str, root: Path = ROOT) -> Page:
    """The measures of one chapter page, from its student text."""
    text = student_text((root / "book" / f"{name}.md").read_text(encoding="utf-8"))
    text = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    page, previous, reference, heading = Page(name), None, False, False
    for token in tokens(text):
        if token.type in {"heading_open", "heading_close"}:
            heading, previous = token.type == "heading_open", "heading"
            continue
        if token.type == "inline" and heading:
            reference = bool(REFERENCE.match(token.content.strip()))
            page.takeaways |= token.content.strip().lower() == "takeaways"
            continue
        if token.type in {"fence", "colon_fence"}:
            found = block(token)
            directive, options, lines = found.name, found.options, found.body_lines
            if directive == "code-cell":
                tags = set(re.findall(r"[\w-]+", options.get("tags", "")))
                page.cells.append(Cell(
                    line=token.map[0] + 1 if token.map else 0,
                    visible_lines=sum(1 for line in lines if line.strip()),
                    hidden=bool(tags & HIDDEN),
                    after_prose=previous in {"prose", "exercise"}))
                previous = "cell"
                continue
            if directive == "exercise":
                label = options.get("label", f"line {token.map[0] + 1 if token.map else 0}")
                level = CODE_LEVEL.search(token.content)
                page.exercises[label] = level.group(1) if level else None
                named = OBJECTIVE_REF.search(token.content)
                page.practises[label] = ([int(n) for n in re.findall(r"\d+", named.group(1))]
                                         if named else [])
                previous = "exercise"
                continue
            if LEARN in token.content and not page.objectives:
                page.objectives = _objectives("\n".join(lines))
            title = found.argument.lower() if directive else ""
            if directive in {"admonition", "note", "tip", "important"} and title == "in brief":
                page.in_brief = True
            folded = directive == "dropdown" or "dropdown" in options.get("class", "")
            if not folded and directive in {"admonition", "note", "tip", "important",
                                            "warning", "seealso", "epigraph"}:
                page.words += _words("\n".join(lines))
            previous = "block"
            continue
        if token.type == "inline" and token.level in {1, 3} and not reference:
            if not token.content.lstrip().startswith("|"):
                page.words += _words(token.content)
                page.sentences += [n for n in map(_words, SENTENCE_END.split(token.content)) if n]
        if token.type in {"paragraph_close", "bullet_list_close", "ordered_list_close"} \
                and token.level == 0:
            previous = "prose"
    return page


def report(root: Path = ROOT) -> str:
    rows = ["| page | words | in brief | takeaways | cells | long visible | bare | "
            "exercises without code level | sentences over 35 words |",
            "|---|---|---|---|---|---|---|---|---|"]
    for name in CHAPTERS:
        page = measure(name, root)
        rows.append(
            f"| {name} | {page.words} | {page.in_brief} | {page.takeaways} | {len(page.cells)} | "
            f"{', '.join(f'L{c.line} ({c.visible_lines})' for c in page.long_cells) or '-'} | "
            f"{', '.join(f'L{c.line}' for c in page.bare_cells) or '-'} | "
            f"{', '.join(page.unlevelled) or '-'} | {len(page.long_sentences)} |")
    return "\n".join(rows)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    print(report(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT))
