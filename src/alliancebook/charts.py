"""The house chart theme and an Altair renderer that needs no network.

A chart is shown as an HTML figure that carries:
- a static SVG drawn in Python by vl-convert (what JupyterLab and readers without JavaScript see),
- the chart compiled to Vega for light and for dark mode, which the book's own script
  (``ab-charts.js``, served once from ``_static`` with the Vega runtime) draws interactively,
- a caption with the chart's title, its text description and its source line.

Nothing in the figure loads a script from another host, and the Vega libraries are not inlined.
"""

from __future__ import annotations

import copy
import html
import itertools
import json
import re
from urllib.parse import quote

import altair as alt
import vl_convert as vlc

__all__ = ["PALETTE", "annotate", "figure_html", "light_config", "dark_config", "enable"]

# Okabe & Ito's colour-blind-safe palette, ordered so the first colours contrast with both a white
# and a near-black page; a mid grey stands in before yellow, the weakest colour on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C8C8C", "#F0E442"]

_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# The static pictures are laid out once, by vl-convert, with Liberation Sans' measurements; they
# name the fonts that share those measurements (Arial, Liberation Sans, Helvetica) so that no
# label is wider on the reader's screen or page than it was when the legend and axes were placed.
_STATIC_FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
VEGALITE_VERSION = "6.4"


def light_config() -> dict:
    """Vega-Lite config for a light page."""
    ink, soft, grid = "#1f2328", "#424a53", "#d8dee4"
    return {
        "background": "transparent",
        "font": _FONT,
        "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 300},
        "range": {"category": PALETTE},
        "mark": {"color": PALETTE[0]},
        "text": {"color": ink},
        "rule": {"color": soft},
        "geoshape": {"fill": "#d0d7de", "stroke": "#ffffff"},  # land and borders on maps
        "title": {"anchor": "start", "fontSize": 16, "fontWeight": 600, "color": ink,
                  "subtitleColor": soft, "subtitleFontSize": 13, "offset": 12},
        "axis": {"labelColor": soft, "titleColor": ink, "domainColor": soft, "tickColor": soft,
                 "gridColor": grid, "labelFontSize": 12, "titleFontSize": 12,
                 "titleFontWeight": 600},
        "legend": {"labelColor": soft, "titleColor": ink, "labelFontSize": 12, "titleFontSize": 12,
                   "orient": "bottom", "direction": "horizontal", "columns": 2,
                   "labelLimit": 280,
                   # several legends stack under the chart instead of running off its side
                   "layout": {"bottom": {"direction": "vertical", "anchor": "start"}}},
        # the whole chart, legends included, fits the width it is given; height grows
        "autosize": {"type": "fit-x", "contains": "padding"},
        "header": {"labelColor": ink, "titleColor": ink},
        "aria": False,  # the figure carries one text alternative instead of one per mark
    }


def dark_config() -> dict:
    """Vega-Lite config for a dark page: same palette, light ink."""
    cfg = light_config()
    ink, soft, grid = "#e6edf3", "#c9d1d9", "#3d444d"
    cfg["text"] = {"color": ink}
    cfg["rule"] = {"color": soft}
    cfg["geoshape"] = {"fill": "#3d444d", "stroke": "#1a1d21"}
    cfg["title"].update(color=ink, subtitleColor=soft)
    cfg["axis"].update(labelColor=soft, titleColor=ink, domainColor=soft, tickColor=soft,
                       gridColor=grid)
    cfg["legend"].update(labelColor=soft, titleColor=ink)
    cfg["header"].update(labelColor=ink, titleColor=ink)
    return cfg


_GEOMETRY = re.compile(r'( (?:d|transform|points|x|y|x1|x2|y1|y2)=")([^"]*)"')


def _compact(svg: str) -> str:
    """The picture with its geometry to a tenth of a pixel: map outlines shrink by a quarter."""
    return _GEOMETRY.sub(lambda m: m.group(1) + re.sub(r"(\d\.\d)\d+", r"\1", m.group(2))
                         + '"', svg)


def annotate(chart, *, finding: str, data: str | list[str] | None = None,
             source: str | None = None, subtitle: str | None = None,
             description: str | None = None):
    """Give a chart its house title (the finding), a text alternative and a source line.

    ``data`` names the tables the chart was drawn from (the source line is generated from
    them); ``description`` is generated from the chart and its data unless given."""
    from .describe import describe_chart, source_line

    if not isinstance(finding, str) or not finding.strip():
        raise ValueError("annotate() needs a non-empty finding (a sentence in plain words)")
    if source is None and data:
        source = source_line(data)
    if not isinstance(source, str) or not source.strip():
        raise ValueError("annotate() needs the data it was drawn from (data=) or a source")
    if description is None:  # a chart may carry its own (a map does); else generate one
        spec = chart.to_dict()
        description = spec.get("description") or describe_chart(spec)
    if not isinstance(description, str) or not description.strip():
        raise ValueError("annotate() needs a non-empty description")
    import textwrap

    lines = textwrap.wrap(finding, 54)  # a long finding wraps instead of running off the chart
    title = (alt.Title(lines, subtitle=textwrap.wrap(subtitle, 80)) if subtitle
             else alt.Title(lines))
    props = {"title": title, "description": description, "usermeta": {"source": source}}
    if isinstance(chart, (alt.Chart, alt.LayerChart)):
        props["width"] = "container"
    return chart.properties(**props)


_ids = itertools.count(1)


def _to_vega(spec: dict) -> dict:
    return vlc.vegalite_to_vega(spec, vl_version=VEGALITE_VERSION)


def _title_text(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(title)
    return title or ""


def _json_for_script(obj) -> str:
    """JSON safe to place inside a <script type="application/json"> element."""
    return json.dumps(obj, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def figure_html(spec: dict) -> str:
    """Render a Vega-Lite spec (a dict, as Altair gives it) to the house HTML figure."""
    spec = copy.deepcopy(spec)
    description = (spec.get("description") or "").strip()
    source = (spec.get("usermeta") or {}).get("source", "").strip()
    title = _title_text(spec)
    light = copy.deepcopy(spec)
    light["config"] = {**light_config(), **spec.get("config", {})}
    dark = copy.deepcopy(spec)
    dark["config"] = {**spec.get("config", {}), **dark_config()}
    pictures = []
    for mode, spec_for_mode, background in (("light", light, "#ffffff"), ("dark", dark, "#1a1d21")):
        static = copy.deepcopy(spec_for_mode)
        static["config"] = {**static["config"], "background": background, "font": _STATIC_FONT,
                            # one entry per line: a long label cannot run past the picture's edge
                            "legend": {**static["config"]["legend"], "columns": 1,
                                       "labelLimit": 500}}
        static["padding"] = 16  # room for fonts wider than the ones vl-convert measures with
        if static.get("width") == "container":
            static["width"] = 560
        svg = _compact(vlc.vegalite_to_svg(static, vl_version=VEGALITE_VERSION))
        # A data: URI <img> survives JupyterLab's sanitiser (inline <svg> does not); the dark
        # picture is hidden unless the book's page is in dark mode. Percent-encoded, not
        # base64: the page compresses the text of the picture as it compresses the rest.
        data_uri = quote(svg, safe=" /:=;,'()!*-._~")
        hidden = " hidden" if mode == "dark" else ""
        pictures.append(f'<img class="ab-chart-static ab-chart-static-{mode}" alt=""{hidden} '
                        f'src="data:image/svg+xml,{data_uri}">')
    static_img = "".join(pictures)
    specs = {"light": _to_vega(light), "dark": _to_vega(dark)}
    uid = f"ab-chart-{next(_ids)}"
    missing = ""
    if not description or not source:
        missing = ('<p class="ab-chart-warning"><strong>Unfinished chart:</strong> give it a '
                   'description and a source with <code>alliancebook.charts.annotate()</code>.</p>')
    label = html.escape(description or title or "Chart", quote=True)
    return (
        f'<figure class="ab-chart" id="{uid}" data-ab-chart="1">'
        f'<div class="ab-chart-view" role="img" tabindex="0" aria-label="{label}">'
        f'{static_img}</div>'
        f'<script type="application/json" class="ab-chart-spec">{_json_for_script(specs)}</script>'
        f'<figcaption class="ab-chart-caption">'
        f'<p class="ab-chart-desc"><strong>Chart description.</strong> '
        f'{html.escape(description)}</p>'
        f'<p class="ab-chart-source"><strong>Source:</strong> {html.escape(source)}</p>'
        f'</figcaption>{missing}</figure>'
    )


def _render(spec: dict, **_metadata) -> dict:
    """Altair renderer: the house figure, plus a plain-text alternative."""
    description = spec.get("description") or _title_text(spec) or "Chart"
    return {"text/html": figure_html(spec), "text/plain": f"Chart: {description}"}


def enable() -> None:
    """Register and switch on the house theme and renderer (done on import of alliancebook)."""
    alt.renderers.register("alliancebook", _render)
    alt.renderers.enable("alliancebook")

    @alt.theme.register("alliancebook", enable=True)
    def _theme() -> alt.theme.ThemeConfig:
        return {"config": light_config()}
