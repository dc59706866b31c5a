"""The two editions of the book: the instructor edition (the answer key) and the student one.

Which edition a build makes is one explicit value, an ``Edition``, read in one place
(``Edition.current``): the environment variable ``ALLIANCEBOOK_EDITION`` if it is set, else the
Sphinx setting ``alliancebook_edition``, which ``_config.yml`` sets to ``instructor``. Anything
but the exact words ``student`` or ``instructor`` is an error, never a default. Every part that
depends on the edition (the Sphinx glue, the notebook renderings, the bundle, the autograder,
the handouts, the launch links) is handed an ``Edition``, not a string or a flag.

A solution is written either as a fenced `{solution}` directive (text only) or in the gated form,
`{solution-start}` … `{solution-end}` with code cells between them, which the build executes so
the page shows the checker accepting it. ``edition_text`` gives a page's source as an edition
reads it: the student edition leaves out both forms of solution and every section headed "For
instructors…", and each edition keeps only its own ``{only} student`` / ``{only} instructor``
blocks. The site build (``sphinxext.student``), the notebook renderings (``notebooks``), the student
bundle (``bundle``) and the autograder all start from it, so what one leaves out the others do.
"""

from __future__ import annotations

import enum
import os
import re
from pathlib import Path

from .myst_blocks import lines_inside, walk

ENVIRONMENT = "ALLIANCEBOOK_EDITION"   # set, it chooses the edition of a build
SETTING = "alliancebook_edition"       # the Sphinx setting used when the variable is not set
META = "alliancebook-edition"          # <meta name=...> in every page of a built site
# The command that builds the student edition (the README's), from the repository's root folder.
STUDENT_COMMAND = f"{ENVIRONMENT}=student jupyter-book build . --path-output _build/student"
HOW_TO_BUILD = (
    "Build the instructor edition (with solutions) with\n"
    "    jupyter-book build .\n"
    "and the student edition (no solutions) with\n"
    f"    {STUDENT_COMMAND}")


class Edition(enum.Enum):
    """An edition of the book: STUDENT (no solutions) or INSTRUCTOR (the solutions in it)."""

    STUDENT = "student"
    INSTRUCTOR = "instructor"

    @classmethod
    def parse(cls, value) -> Edition:
        """The edition named exactly 'student' or 'instructor' (or an Edition as it is)."""
        if isinstance(value, cls):
            return value
        for edition in cls:
            if isinstance(value, str) and value == edition.value:
                return edition
        allowed = " or ".join(repr(edition.value) for edition in cls)
        raise ValueError(f"unknown edition {value!r}: it must be exactly {allowed} "
                         "(lower case, no spaces)")

    @classmethod
    def current(cls, setting=None) -> Edition:
        """The edition to build: $ALLIANCEBOOK_EDITION if set, else the Sphinx setting."""
        value = os.environ.get(ENVIRONMENT)
        where = f"the environment variable {ENVIRONMENT}"
        if value is None:
            value, where = setting, f"the Sphinx setting {SETTING} (sphinx: config: in _config.yml)"
        try:
            return cls.parse(value)
        except ValueError as err:
            problem = f"{where} gives an {err}" if value is not None else (
                f"neither the environment variable {ENVIRONMENT} nor {where} is set; one must "
                "say 'student' or 'instructor'")
            raise ValueError(f"{problem}.\n{HOW_TO_BUILD}") from None

    @property
    def solutions(self) -> bool:
        """True if this edition holds the solutions (and the instructors' pages)."""
        return self is Edition.INSTRUCTOR

    @property
    def label(self) -> str:
        """The edition's name for people: 'student edition' or 'instructor edition'."""
        return f"{self.value} edition"

    @property
    def summary(self) -> str:
        """One line saying which edition this is and whether it may reach students."""
        return (f"{self.name} edition (contains solutions: do not publish to students)"
                if self.solutions else f"{self.name} edition (no solutions)")


def student_named(outdir: Path, srcdir: Path) -> list[str]:
    """The parts of the output folder's path, below the book's folder (or below the folder it
    shares with the book), whose name holds "stud" in any case."""
    outdir, srcdir = Path(outdir).resolve(), Path(srcdir).resolve()
    below = Path(os.path.commonpath([outdir, srcdir]))
    return [part for part in outdir.relative_to(below).parts if "stud" in part.lower()]


def expect(edition) -> Edition:
    """The edition itself; TypeError for anything else (a string or a flag included)."""
    if not isinstance(edition, Edition):
        raise TypeError(f"expected an Edition (Edition.STUDENT or Edition.INSTRUCTOR), not "
                        f"{edition!r}; Edition.parse reads one from a string")
    return edition


# --- The student edition's text ------------------------------------------------------------

HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<title>.*)$")
INSTRUCTORS = re.compile(r"For instructors\b")
SOLUTIONS = {"solution", "solution-start", "solution-end"}


def _lines(text: str) -> list[tuple]:
    """(kind, directive name, argument, depth) per line: kind is "open" or "close" for a fence
    line, else "text"; depth is the number of blocks around the line (for a fence, outside
    its block). The blocks are read by ``myst_blocks``."""
    found = [("text", None, "", depth) for depth in lines_inside(text)]
    for block in walk(text):
        found[block.start] = ("open", block.name, block.argument, block.depth)
        if block.closed:
            found[block.end - 1] = ("close", None, "", block.depth)
    return found


def edition_text(text: str, edition: Edition) -> str:
    """A page's MyST source as one edition reads it.

    A block fenced as ``{only} student`` or ``{only} instructor`` is kept, without its fences,
    in its edition and left out of the other. The student edition also leaves out the
    solutions (fenced ``{solution}`` directives, and everything from a ``{solution-start}`` to
    its ``{solution-end}``) and the sections for instructors (from a heading that starts "For
    instructors" to the next heading of the same or a higher level).
    """
    student = not expect(edition).solutions
    lines = text.split("\n")
    keep = [True] * len(lines)
    dropping = None   # the depth of a block being dropped, until its fence closes
    unwrapping = []   # the depths of {only} blocks kept without their fences
    gated = False     # between a solution-start and its solution-end
    section = None    # the heading level of an instructors' section being dropped
    for n, (kind, name, argument, depth) in enumerate(_lines(text)):
        if dropping is not None:
            keep[n] = False
            if kind == "close" and depth == dropping:
                dropping = None
            continue
        if kind == "close" and unwrapping and depth == unwrapping[-1]:
            unwrapping.pop()
            keep[n] = False
            continue
        heading = HEADING.match(lines[n]) if kind == "text" and depth == len(unwrapping) \
            else None
        if heading and section is not None and len(heading.group("level")) <= section:
            section = None
        if student and heading and section is None and \
                INSTRUCTORS.match(heading.group("title")):
            section = len(heading.group("level"))
        if kind == "open" and name == "only":
            audience = argument
            if audience not in {e.value for e in Edition}:
                raise ValueError(f"line {n + 1}: {{only}} takes 'student' or 'instructor', "
                                 f"not {audience!r}")
            if audience == edition.value and not gated and section is None:
                unwrapping.append(depth)
                keep[n] = False
                continue
            dropping = depth
        if student and kind == "open" and name in SOLUTIONS:
            gated = name == "solution-start" or (gated and name != "solution-end")
            dropping = depth
        keep[n] = dropping is None and not gated and section is None
    if gated:
        raise ValueError("a {solution-start} is never closed by {solution-end}")
    return "\n".join(line for line, kept in zip(lines, keep) if kept)


def student_text(text: str) -> str:
    """A page's MyST source as students read it (see ``edition_text``)."""
    return edition_text(text, Edition.STUDENT)
