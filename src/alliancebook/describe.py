"""Text alternatives and source lines for charts, generated from the chart and its data.

A chart's description lists what it shows, point by point, in words a screen reader can speak;
its source line names the data tables it was drawn from. Chapters state only the finding.
"""

from __future__ import annotations

from datetime import datetime

from . import labels
from .data import package

__all__ = ["describe_chart", "source_line"]

_MARKS = {"bar": "Bar chart", "circle": "Dot chart", "point": "Dot chart", "line": "Line chart",
          "area": "Area chart", "rule": "Range chart", "tick": "Tick chart", "square": "Dot chart",
          "rect": "Heat map", "text": "Text chart"}
_MAX_POINTS = 40


def _view(spec: dict) -> dict:
    """The first single view of a (possibly layered) chart."""
    while "layer" in spec:
        spec = {**spec["layer"][0], "data": spec["layer"][0].get("data", spec.get("data"))}
    return spec


def _channel(view: dict, name: str) -> tuple[str | None, str | None, str | None]:
    """(field, title, type) of an encoding channel, or Nones."""
    enc = view.get("encoding", {}).get(name)
    if not isinstance(enc, dict) or "field" not in enc:
        return None, None, None
    title = enc.get("title") or labels.title(enc["field"])
    return enc["field"], title, enc.get("type")


def _fmt(value, kind: str | None) -> str:
    if kind == "temporal" and isinstance(value, str):
        try:
            return datetime.fromisoformat(value[:19]).strftime("%-d %b %Y")
        except ValueError:
            return value
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    return str(value)


def describe_chart(spec: dict, datasets: dict | None = None) -> str:
    """One paragraph describing a Vega-Lite chart and every data point it draws."""
    datasets = datasets if datasets is not None else spec.get("datasets", {})
    view = _view(spec)
    mark = view.get("mark", {})
    mark = mark.get("type") if isinstance(mark, dict) else mark
    rows = datasets.get((view.get("data") or spec.get("data") or {}).get("name"), [])
    x, x_title, x_type = _channel(view, "x")
    y, y_title, y_type = _channel(view, "y")
    colour, colour_title, _ = _channel(view, "color")
    if (x_type in ("nominal", "ordinal", "temporal")
            and y_type not in ("nominal", "ordinal", "temporal")):
        (key, key_type), (value, value_title, value_type) = (x, x_type), (y, y_title, y_type)
    else:
        (key, key_type), (value, value_title, value_type) = (y, y_type), (x, x_title, x_type)
    # A range (a rule or bar from x to x2, or y to y2) is described as "low–high".
    end, _, _ = _channel(view, "y2" if value == y else "x2")
    kind = _MARKS.get(mark, "Chart")
    text = f"{kind} of {len(rows)} data points"
    if value_title:
        text += f" showing {value_title}"
    if key and key != value:
        text += f" for each {(y_title if key == y else x_title) or key}"
    if colour:
        text += f", coloured by {colour_title}"
    points = []
    for row in rows[:_MAX_POINTS]:
        shown = _fmt(row.get(value), value_type)
        if end and row.get(end) != row.get(value):
            shown += f"–{_fmt(row.get(end), value_type)}"
        part = f"{_fmt(row.get(key), key_type)}: {shown}"
        if colour and colour not in (key, value):
            part += f" ({row.get(colour)})"
        points.append(part)
    text += ". " + "; ".join(points) + "." if points else "."
    if len(rows) > _MAX_POINTS:
        text += f" {len(rows) - _MAX_POINTS} more points are in the data table."
    return text


def source_line(tables: str | list[str]) -> str:
    """'Data: Title (data/x.csv); …' for the tables a chart was drawn from."""
    names = [tables] if isinstance(tables, str) else list(tables)
    resources = {res["name"]: res for res in package()["resources"]}
    parts = []
    for name in names:
        res = resources.get(name)
        parts.append(f"{res.get('title', name)} (data/{res['path']})" if res else name)
    return ("Data: " + "; ".join(parts) + ". Every row cites the source registry; see the "
            "source list.")
