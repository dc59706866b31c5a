"""The checked exercises on the page 'The partnership in key dates'."""

from __future__ import annotations

from .. import checks, forms

CHANNELS = ["x", "y", "color"]


def channel_text(encoding: dict, name: str) -> str:
    """One channel of a Vega-Lite encoding as short text: 'yearquarter(date)', 'count()',
    'category', or 'none'."""
    channel = encoding.get(name)
    if not isinstance(channel, dict):
        return "none"
    field = channel.get("field", "")
    field = field if isinstance(field, str) else str(field)
    for wrapper in ("aggregate", "timeUnit"):
        value = channel.get(wrapper)
        if isinstance(value, dict):    # timeUnit={"unit": ...} or parameters
            value = value.get("unit") or value.get("argmax") or "?"
        if value:
            return f"{value}({field})"
    return field or "none"


def describe_chart(chart) -> dict | None:
    """What a single Altair chart shows, as a small dictionary for ab.check: its mark, the
    field on each of x, y and colour, and how many rows of data it draws. Prints a note and
    returns None for anything that is not one chart."""
    if chart is None:
        return None
    try:
        spec = chart.to_dict(validate=False)
    except Exception:   # noqa: BLE001 (anything a student passes gets a note, not a traceback)
        print("describe_chart needs an Altair chart, such as alt.Chart(key).mark_bar()"
              ".encode(...); this is not one.")
        return None
    if not isinstance(spec, dict) or "mark" not in spec:
        print("describe_chart reads one chart; a layered or combined chart has no single "
              "mark. Describe one of its layers.")
        return None
    mark = spec["mark"]
    mark = mark.get("type", "none") if isinstance(mark, dict) else str(mark)
    encoding = spec.get("encoding") if isinstance(spec.get("encoding"), dict) else {}
    rows = getattr(getattr(chart, "data", None), "shape", (0,))[0]
    return {"mark": mark, **{name: channel_text(encoding, name) for name in CHANNELS},
            "rows": int(rows)}


checks.exercise("key-dates-busiest-year", forms.Number(whole=True))
checks.exercise("key-dates-chart", forms.Keys(
    {"mark": forms.Text(), **{name: forms.Text() for name in CHANNELS},
     "rows": forms.Number(whole=True, low=0)},
    example="key_dates.describe_chart(chart)"))
