"""A student told to do ``verify-rewrite`` can find it: every exercise shows its label in its
title on both editions' pages and in both notebooks, and every written exercise has an answer
cell in the notebooks that says what to write there and how it is marked."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from alliancebook.myst_blocks import walk
from alliancebook.rubrics import written_solutions
from conftest import ROOT, notebook_pages

PAGES = notebook_pages()


def exercise_labels(page) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return [block.options["label"] for block in walk(text)
            if block.name == "exercise" and block.options.get("label")]


def written_labels(page) -> list[str]:
    return [label for label, _ in written_solutions(page.read_text(encoding="utf-8"))]


def notebook_text(path) -> list[str]:
    return ["".join(cell["source"]) for cell in json.loads(path.read_text("utf-8"))["cells"]]


@pytest.mark.parametrize("folder", ["notebooks/book", "notebooks/with-solutions/book"])
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_notebooks_show_labels_and_answer_cells(page, folder):
    cells = notebook_text(ROOT / folder / f"{page.stem}.ipynb")
    joined = "\n".join(cells)
    for label in exercise_labels(page):
        assert f"**Exercise `{label}`**" in joined, f"{label}: no label in {folder}"
    for label in written_labels(page):
        answers = [c for c in cells if c.startswith(f"**Your answer to `{label}`.**")]
        assert len(answers) == 1, f"{label}: {len(answers)} answer cells in {folder}"
        assert "What to write:" in answers[0] and "rubric" in answers[0]
        head = next(i for i, c in enumerate(cells) if f"**Exercise `{label}`**" in c)
        assert cells[head + 1] == answers[0], f"{label}: the answer cell does not follow it"


def test_every_page_has_labels():
    assert sum(len(exercise_labels(p)) for p in PAGES) >= 40
    assert sum(len(written_labels(p)) for p in PAGES) >= 15


def _titles(site, page) -> dict[str, str]:
    soup = BeautifulSoup((site / "book" / f"{page.stem}.html").read_text("utf-8"), "html.parser")
    return {box.get("id"): box.select_one(".admonition-title").get_text(" ", strip=True)
            for box in soup.select("div.exercise")}


@pytest.mark.build
@pytest.mark.parametrize("edition", ["instructor", "student"])
def test_site_titles_show_labels(edition, request):
    site = request.getfixturevalue("site" if edition == "instructor" else "student_site")
    for page in PAGES:
        titles = _titles(site, page)
        for label in exercise_labels(page):
            assert label in titles, f"{page.stem}: no exercise box {label} ({edition})"
            assert re.search(rf"Exercise \d+ .*{re.escape(label)}", titles[label]), \
                f"{page.stem}: the title {titles[label]!r} lacks its label ({edition})"
