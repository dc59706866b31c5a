"""The checked exercises on the page 'The partnership in key dates'."""

from __future__ import annotations

import pandas as pd

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


QUARTERS = ("yearquarter", "utcyearquarter")


def drawn_bars(chart, encoding: dict) -> str:
    """The bars a chart of events per quarter draws, as text: '2024Q4 2+1+1; …' (each quarter
    and the sizes of its coloured parts, largest first; the parts' names may be codes or
    labels), computed from the chart's own data; 'none' when it has no such bars."""
    data = getattr(chart, "data", None)
    axes = [encoding.get(n) for n in ("x", "y")]
    timed = [a for a in axes if isinstance(a, dict)
             and channel_text({"a": a}, "a").split("(")[0] in QUARTERS]
    colour = encoding.get("color") or encoding.get("fill")
    if not (isinstance(data, pd.DataFrame) and timed and isinstance(colour, dict)):
        return "none"
    field, group = timed[0].get("field"), colour.get("field")
    if field not in data.columns or group not in data.columns or len(data) > 100_000:
        return "none"
    quarter = pd.to_datetime(data[field], errors="coerce").dt.to_period("Q")
    return bars(quarter, data[group]) or "none"


def bars(quarter: pd.Series, group: pd.Series) -> str:
    """Quarters (periods) and colour groups as the text describe_chart gives."""
    parts = pd.DataFrame({"q": quarter.astype(str), "g": group.astype(str)})[quarter.notna()]
    sizes = parts.value_counts().groupby(level="q").apply(
        lambda s: "+".join(str(n) for n in sorted(s, reverse=True)))
    return "; ".join(f"{q} {text}" for q, text in sizes.sort_index().items())


def describe_chart(chart) -> dict | None:
    """What a single Altair chart shows, as a small dictionary for ab.check: its mark, the
    field on each of x, y and colour, how many rows of data it draws, and the bars it draws
    (quarter, topic, count). Prints a note and returns None for anything that is not one
    chart."""
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
    if "color" not in encoding and "fill" in encoding:   # fill colours bars as color does
        encoding = {**encoding, "color": encoding["fill"]}
    data = getattr(chart, "data", None)
    rows = len(data) if isinstance(data, pd.DataFrame) else 0
    return {"mark": mark, **{name: channel_text(encoding, name) for name in CHANNELS},
            "rows": int(rows), "bars": drawn_bars(chart, encoding)}


checks.exercise("key-dates-busiest-year", forms.Number(whole=True))
checks.exercise("key-dates-chart", forms.Keys(
    {"mark": forms.Text(), **{name: forms.Text() for name in CHANNELS},
     "rows": forms.Number(whole=True, low=0), "bars": forms.Text()},
    example="key_dates.describe_chart(chart)"))
