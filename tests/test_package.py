"""The shared package: chart renderer output, the build's awareness of data changes, and its
layers (no import circle; the Sphinx glue imports the core, never the reverse)."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

import alliancebook as ab
from alliancebook import charts
from alliancebook.sphinxext import cache


def _chart():
    frame = pd.DataFrame({"year": [2023, 2024], "n": [3, 5]})
    return alt.Chart(frame).mark_bar().encode(x="year:O", y="n:Q")


def test_renderer_emits_self_contained_figure():
    chart = charts.annotate(_chart(), finding="More events in 2024",
                            description="Bars: 3 in 2023, 5 in 2024.", source="Test data.")
    bundle = chart._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    html = bundle["text/html"]
    assert "<script src" not in html and "cdn" not in html.lower()
    assert 'aria-label="Bars: 3 in 2023, 5 in 2024."' in html
    assert "Source:</strong> Test data." in html
    assert 'src="data:image/svg+xml,%3Csvg' in html, "no static picture for JupyterLab"
    specs = json.loads(re.search(r'class="ab-chart-spec">(.*?)</script>', html).group(1))
    assert set(specs) == {"light", "dark"}
    assert specs["light"]["$schema"].startswith("https://vega.github.io/schema/vega/")
    light_text = json.dumps(specs["light"])
    dark_text = json.dumps(specs["dark"])
    assert "#e6edf3" in dark_text and "#e6edf3" not in light_text


def test_unfinished_chart_is_flagged_not_crashed():
    html = charts.figure_html(_chart().to_dict())
    assert "Unfinished chart" in html


@pytest.mark.parametrize("field", ["finding", "description", "source"])
def test_annotate_requires_each_part(field):
    parts = {"finding": "F", "description": "D", "source": "S", field: "  "}
    with pytest.raises(ValueError, match=field):
        charts.annotate(_chart(), **parts)


def test_inputs_digest_changes_with_data(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(ab.data_dir(), copy)
    monkeypatch.setenv("ALLIANCEBOOK_DATA", str(copy))
    before = cache.inputs_digest()
    (copy / "notes" / "README.md").write_text("an edited working note\n", encoding="utf-8")
    (copy / "notes" / "new-note.md").write_text("a new note\n", encoding="utf-8")
    assert cache.inputs_digest() == before, "an edit to data/notes/ re-executes the book"
    with open(copy / "events.csv", "a", encoding="utf-8") as handle:
        handle.write("\n")
    assert cache.inputs_digest() != before


def test_description_and_source_line_are_generated_from_the_chart():
    frame = pd.DataFrame({"topic": ["Energy", "Trade"], "articles": [2, 5]})
    bars = alt.Chart(frame).mark_bar().encode(x="articles:Q", y="topic:N")
    spec = charts.annotate(bars, finding="Trade leads", data="events").to_dict()
    assert spec["description"].startswith("Bar chart of 2 data points")
    assert "Energy: 2" in spec["description"] and "Trade: 5" in spec["description"]
    assert spec["usermeta"]["source"].startswith("Data: ")
    assert "data/events.csv" in spec["usermeta"]["source"]
    with pytest.raises(ValueError, match="data"):
        charts.annotate(bars, finding="Trade leads")


def test_static_pictures_for_light_and_dark():
    html = charts.figure_html(charts.annotate(_chart(), finding="F", source="S").to_dict())
    assert html.count('src="data:image/svg+xml,%3Csvg') == 2
    assert 'class="ab-chart-static ab-chart-static-dark" alt="" hidden' in html
    assert 'tabindex="0"' in html, "a keyboard user must be able to wake the chart"


def test_show_prints_a_book_table():
    events = ab.load("events")
    html = ab.show(events.head(40), ["date", "category", "summary"])._repr_html_()
    assert "<th scope=\"col\">Date</th>" in html and "<th scope=\"col\">Topic</th>" in html
    assert "arms_transfer" not in html and "Arms transfers" in html
    assert "…" not in html and "..." not in html
    assert 'class="ab-table-wrap" role="region" tabindex="0"' in html
    month = events[events["date_precision"] == "month"].head(1)
    if len(month):
        shown = repr(ab.show(month, ["date", "summary"]))
        assert f"{month['date'].iloc[0]:%b %Y}" in shown
        assert f"{month['date'].iloc[0]:%-d %b %Y}" not in shown


def test_every_code_in_the_data_has_a_label():
    from alliancebook import data, labels

    for res in data.package()["resources"]:
        frame = ab.load(res["name"])
        for field in res["schema"]["fields"]:
            names = labels.labels(field["name"], res["name"])
            if not field.get("x-labels"):
                continue
            values = (frame[field["name"]].dropna().astype(str).str.lower()
                      if field.get("type") == "boolean"
                      else frame[field["name"]].dropna().astype(str).str.split(";").explode())
            unlabelled = sorted(set(values) - set(names))
            assert unlabelled == [], f"{res['name']}.{field['name']}: {unlabelled}"


def test_gated_solutions_are_removed_across_cells():
    import nbformat

    from alliancebook.notebooks import gated

    def split_gated(cells):
        return [cell for cell, label in gated(cells) if label is None]

    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [md("Intro\n\n```{exercise}\n:label: ex\nDo it.\n```"), code("x = None"),
             md("```{solution-start} ex\n:class: dropdown\n```\n\nThe method."),
             code("x = 42  # the answer"), md("Why it works.\n\n```{solution-end}\n```\n\nAfter.")]
    kept = split_gated(cells)
    text = "\n".join(c.source for c in kept)
    assert "x = 42" not in text and "The method" not in text and "Why it works" not in text
    assert "Do it." in text and "x = None" in text and "After." in text
    with pytest.raises(ValueError):
        split_gated([md("```{solution-start} ex\n```")])


def test_every_module_of_the_package_stays_small():
    package = Path(ab.__file__).parent
    sizes = {p.relative_to(package).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in package.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 300} == {}


# --- Layers: imports point down ----------------------------------------------------------------
# Every import counts, at the top of a module or inside a function: an import moved into a
# function still ties the two modules together, it only hides the circle until run time.

GLUE = "sphinxext"   # the Sphinx extensions: they import the core, the core never imports them


def import_graph(package: Path) -> dict[str, set[str]]:
    """Each module of the package (dotted name) -> the package's modules it imports."""
    modules = {}
    for path in package.rglob("*.py"):
        parts = [package.name, *path.relative_to(package).with_suffix("").parts]
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {}
    for module, path in modules.items():
        here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(here[:len(here) - node.level + 1] + [base] * bool(base))
                targets |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules
                            else base for alias in node.names}
        graph[module] = {target for target in targets if target in modules} - {module}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or through others."""
    reach = {}
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            if module not in seen:
                seen.add(module)
                todo += graph[module]
        reach[start] = seen
    groups = {frozenset({m} | {n for n in reach[m] if m in reach[n]})
              for m in graph if m in reach[m]}
    return sorted(sorted(group) for group in groups)


def up_into_glue(graph: dict[str, set[str]], package: str) -> list[str]:
    """Imports from a core module (outside the glue) into the glue."""
    glue = f"{package}.{GLUE}"
    inside = lambda name: name == glue or name.startswith(glue + ".")  # noqa: E731
    return sorted(f"{module} -> {target}" for module, targets in graph.items()
                  if not inside(module) for target in targets if inside(target))


def test_the_package_has_no_import_circle_and_the_core_never_imports_the_glue():
    package = Path(ab.__file__).parent
    graph = import_graph(package)
    # The graph is read, not empty: known imports, relative and inside functions, are in it.
    assert "alliancebook.pages" in graph["alliancebook.sphinxext.student"]
    assert "alliancebook.codebook" in graph["alliancebook.validate"]
    assert "alliancebook.exercises" in graph["alliancebook.checks"]   # inside a function
    assert circles(graph) == []
    assert up_into_glue(graph, package.name) == []


def test_the_layer_checks_can_fail(tmp_path):
    """The control: a planted circle (one side inside a function) and a core module importing
    the glue inside a function are both found."""
    package = tmp_path / "planted"
    (package / GLUE).mkdir(parents=True)
    files = {"__init__.py": "", "a.py": "from . import b\n",
             "b.py": "def f():\n    from .a import g\n    return g\n",
             "c.py": "import planted.a\n\n\ndef h():\n    from .sphinxext import hook\n",
             f"{GLUE}/__init__.py": "from .. import a\n\nhook = None\n"}
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")
    graph = import_graph(package)
    assert circles(graph) == [["planted.a", "planted.b"]]
    assert up_into_glue(graph, "planted") == ["planted.c -> planted.sphinxext"]
