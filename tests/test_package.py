"""The shared package: chart renderer output, and the build's awareness of data changes."""

from __future__ import annotations

import json
import re
import shutil

import altair as alt
import pandas as pd
import pytest

import alliancebook as ab
from alliancebook import charts, sphinx_ext


def _chart():
    frame = pd.DataFrame({"year": [2023, 2024], "n": [3, 5]})
    return alt.Chart(frame).mark_bar().encode(x="year:O", y="n:Q")


def test_renderer_emits_self_contained_figure():
    chart = charts.annotate(_chart(), finding="More events in 2024", description="Bars: 3 in 2023, 5 in 2024.",
                            source="Test data.")
    bundle = chart._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    html = bundle["text/html"]
    assert "<script src" not in html and "cdn" not in html.lower()
    assert 'aria-label="Bars: 3 in 2023, 5 in 2024."' in html
    assert "Source:</strong> Test data." in html
    assert 'src="data:image/svg+xml;base64,' in html, "no static picture for JupyterLab"
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
    before = sphinx_ext._inputs_digest()
    with open(copy / "events.csv", "a", encoding="utf-8") as handle:
        handle.write("\n")
    assert sphinx_ext._inputs_digest() != before


def test_strip_solutions_removes_only_solution_blocks():
    from alliancebook.edition import strip_solutions

    page = ("Intro\n\n```{exercise}\n:label: ex-1\nDo it.\n```\n\n"
            "````{solution} ex-1\n:class: dropdown\n\nThe answer.\n\n```python\nx = 1\n```\n````\n\nAfter\n")
    out = strip_solutions(page)
    assert "The answer." not in out and "x = 1" not in out and "{solution}" not in out
    assert ":label: ex-1" in out and "Do it." in out and "After" in out
    with pytest.raises(ValueError):
        strip_solutions("````{solution} ex-1\nnever closed\n")


def test_directives_become_blockquotes_code_fences_stay():
    from alliancebook.edition import directives_to_markdown

    page = ("```{exercise}\n:label: ex-1\n\nDo **it**.\n```\n\n```python\nx = 1\n```\n\n"
            "```{admonition} In this notebook\n:class: tip\nLearn.\n```\n")
    out = directives_to_markdown(page)
    assert "> **Exercise `ex-1`**" in out and "> Do **it**." in out
    assert "```python\nx = 1\n```" in out
    assert "> **In this notebook**" in out and "> Learn." in out and "{admonition}" not in out


def test_source_roles_become_plain_text():
    from alliancebook.edition import roles_to_markdown

    assert roles_to_markdown("Signed {src}`a-1;b-2`.") == "Signed [source: a-1; b-2]."
