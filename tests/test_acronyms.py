"""Every acronym a student meets is explained in the acronym list (issue 27)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alliancebook.edition import student_text
from reading_path import prose

ROOT = Path(__file__).resolve().parents[1]
LIST = ROOT / "book" / "appendix" / "acronyms.md"
ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]+(?=s?\b)")
ROMAN = re.compile(r"^[IVXLC]+$")
# roles ({src}`id`), inline code and link targets are not words a reader meets
HIDDEN = re.compile(r"\{[\w:-]+\}`[^`]*`|`[^`]*`|\]\([^)]*\)")


def listed() -> set[str]:
    rows = re.findall(r"^\| ([A-Z][A-Z0-9]+) \|", LIST.read_text(encoding="utf-8"), re.M)
    return set(rows)


def acronyms(text: str) -> set[str]:
    words = HIDDEN.sub(" ", "\n".join(prose(text)))
    return {word for word in ACRONYM.findall(words) if not ROMAN.match(word)}


PAGES = sorted(p for p in (ROOT / "book").rglob("*.md") if "instructors" not in p.parts)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT / "book").as_posix())
def test_every_acronym_on_the_page_is_listed(page):
    missing = acronyms(student_text(page.read_text(encoding="utf-8"))) - listed()
    assert not missing, f"{page.name}: add to book/appendix/acronyms.md: {sorted(missing)}"


def test_the_list_holds_only_acronyms_the_book_uses():
    used = set().union(*(acronyms(student_text(p.read_text(encoding="utf-8"))) for p in PAGES))
    assert listed() - used == set(), sorted(listed() - used)


def test_an_unlisted_acronym_is_caught():
    assert acronyms("The XYZQ said so, and the UN agreed (see `ABCD`).") == {"XYZQ", "UN"}


def test_acronyms_inside_boxes_count_and_code_does_not():
    page = (":::{dropdown} Going deeper: the QWRT\nThe XYZQ said so.\n:::\n\n"
            "```{code-cell} ipython3\nCODEONLY = 1\n```\n")
    assert acronyms(page) == {"QWRT", "XYZQ"}
