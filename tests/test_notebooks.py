"""Every notebook page runs top to bottom on a fresh kernel, as a student runs it, and every
exercise with a checker proves itself: the page's own solution is accepted, wrong and malformed
answers get feedback, and no checker raises. Adding an exercise adds no test code."""

from __future__ import annotations

import functools
import json
import re
import time
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from alliancebook.myst_blocks import blocks, walk
from conftest import ROOT, notebook_pages

HARNESS = Path(__file__).with_name("exercise_harness.py")
PAGES = notebook_pages()
# The three tests that read a page's one execution run on one worker (pytest-xdist), so the page
# runs once.
EXECUTED = [pytest.param(p, marks=pytest.mark.xdist_group(f"executed-{p.stem}")) for p in PAGES]


def _run(notebook, folder: Path) -> float:
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    started = time.perf_counter()
    client.execute()
    return time.perf_counter() - started


@functools.lru_cache(maxsize=None)
def executed(source: Path):
    """The page executed as a notebook, then the harness run in the same kernel."""
    notebook = jupytext.read(source)
    code_cells = len(notebook.cells)
    notebook.cells.append(nbformat.v4.new_code_cell(HARNESS.read_text(encoding="utf-8")))
    elapsed = _run(notebook, source.parent)
    harness = notebook.cells.pop()
    assert len(notebook.cells) == code_cells
    text = "".join(o.get("text", "") for o in harness.get("outputs", []))
    report = json.loads(text.split("HARNESS ", 1)[1]) if "HARNESS " in text else None
    return notebook, elapsed, report


def _errors(notebook) -> list:
    return [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if o.get("output_type") == "error"]


def _html(cell) -> str:
    return "".join(o.get("data", {}).get("text/html", "") for o in cell.get("outputs", []))


@pytest.mark.parametrize("source", EXECUTED, ids=lambda p: p.stem)
def test_notebook_runs_on_a_fresh_kernel(source):
    notebook, elapsed, _ = executed(source)
    assert _errors(notebook) == []
    assert elapsed < 60, f"{source.name} took {elapsed:.0f} s; a notebook should run in seconds"
    charts = sum("ab-chart" in _html(c) for c in notebook.cells if c.cell_type == "code")
    if "ab.charts.annotate" in source.read_text(encoding="utf-8"):
        assert charts >= 1, "a chart cell produced no chart"


def _checked_exercises(notebook) -> dict[str, list[tuple[int, str]]]:
    """label -> [(cell index, status)] for every feedback a code cell showed, in page order."""
    by_label: dict[str, list] = {}
    pattern = r'ab-feedback-([a-z-]+)" role="status" data-exercise="([^"]+)"'
    for i, cell in enumerate(notebook.cells):
        for status, label in re.findall(pattern, _html(cell)):
            by_label.setdefault(label, []).append((i, status))
    return by_label


def _solution_cells(notebook) -> set[int]:
    """Indices of the code cells inside gated solutions."""
    inside, cells = False, set()
    for i, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            for block in blocks(cell.source):
                if block.name in {"solution-start", "solution-end"}:
                    inside = block.name == "solution-start"
        elif inside:
            cells.add(i)
    return cells


@pytest.mark.parametrize("source", EXECUTED, ids=lambda p: p.stem)
def test_every_checked_exercise_proves_itself(source):
    notebook, _, report = executed(source)
    assert report is not None, "the harness did not run"
    text = source.read_text(encoding="utf-8")
    labels = [block.options.get("label") for block in walk(text) if block.name == "exercise"]
    checked = _checked_exercises(notebook)
    solutions = _solution_cells(notebook)
    assert set(checked) <= set(labels), "feedback for an exercise the page does not define"
    for label, shown in checked.items():
        first = min(i for i, _ in shown)
        assert first not in solutions, f"{label}: the exercise's own cell must come first"
        assert shown[0][1] == "not-attempted", f"{label}: the starter cell should say not attempted"
        assert any(i in solutions and status == "correct" for i, status in shown), \
            f"{label}: no executed solution cell shows the checker accepting it"
        entry = report[label]
        assert entry["accepted"]
        problems = [t for t in entry["tries"] if "error" in t or t["status"] == "correct"]
        assert problems == [], f"{label}: {problems}"


@pytest.mark.parametrize("source", EXECUTED, ids=lambda p: p.stem)
def test_no_output_gives_an_answer_before_its_exercise(source):
    """A text answer (a tag, a code, a category) does not appear in any output above its
    exercise."""
    notebook, _, report = executed(source)
    for label, entry in report.items():
        answer = entry.get("answer", "")
        if not (answer.startswith("'") and len(answer) > 6):
            continue
        position = next(i for i, c in enumerate(notebook.cells)
                        if c.cell_type == "markdown" and f":label: {label}" in c.source)
        before = "".join(json.dumps(c.get("outputs", [])) for c in notebook.cells[:position]
                         if c.cell_type == "code")
        assert answer.strip("'") not in before, f"{label}: its answer is printed above it"


@pytest.mark.parametrize("source", PAGES, ids=lambda p: p.stem)
def test_student_notebook_runs_and_checkers_wait(source):
    """Run all on the student edition: no errors, and every checker says 'not attempted'."""
    from alliancebook import launch, notebooks
    from alliancebook.edition import Edition

    notebook = notebooks.render(source, source.relative_to(ROOT).with_suffix("").as_posix(),
                                launch.book_settings(ROOT, Edition.STUDENT), Edition.STUDENT)
    _run(notebook, source.parent)
    assert _errors(notebook) == []
    statuses = re.findall(r'ab-feedback-([a-z-]+)" role="status"',
                          "".join(_html(c) for c in notebook.cells if c.cell_type == "code"))
    if "ab.check(" not in source.read_text(encoding="utf-8"):   # written exercises only
        assert statuses == [], statuses
        return
    assert statuses and set(statuses) == {"not-attempted"}, statuses
