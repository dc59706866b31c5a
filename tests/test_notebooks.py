"""Every notebook page runs top to bottom on a fresh kernel, from its own folder, as a student runs it."""

from __future__ import annotations

import time

import jupytext
import pytest
from nbclient import NotebookClient

from conftest import notebook_pages


@pytest.mark.parametrize("source", notebook_pages(), ids=lambda p: p.stem)
def test_notebook_runs_on_a_fresh_kernel(source):
    notebook = jupytext.read(source)
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(source.parent)}})
    started = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - started
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors == []
    assert elapsed < 60, f"{source.name} took {elapsed:.0f} s; a notebook should run in seconds"
    charts = sum("ab-chart" in o.get("data", {}).get("text/html", "") for c in notebook.cells
                 if c.cell_type == "code" for o in c.get("outputs", []))
    if "ab.charts.annotate" in source.read_text(encoding="utf-8"):
        assert charts >= 1, "a chart cell produced no chart"
