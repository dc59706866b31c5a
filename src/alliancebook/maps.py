"""Maps that draw with no network: country outlines shipped in the package, places from data/.

Altair's map examples fetch their outlines from a web address when the chart is drawn, which
breaks offline, in a locked-down classroom or in an archived copy. Here the outlines (Natural
Earth, via world-atlas 2.0.2; see static/geo/README.md) ship inside the package, are trimmed to
the countries a map shows, and travel inline in the chart.
"""

from __future__ import annotations

import itertools
import json
import math
from functools import lru_cache
from importlib import resources

import altair as alt

__all__ = ["countries", "distance_km", "place_map"]

DOT = "#D55E00"  # land and border colours come from the light and dark themes (charts.py)
PANELS = [("From Ukraine to Korea", (22, 34, 142, 62), 560, 300),
          ("The war in the west", (32, 44.5, 42, 57), 270, 360),
          ("Korea and Russia's Pacific coast", (123.5, 36.5, 135.5, 53), 270, 360)]
# Where a label sits beside its dot (east unless named); the overview names only a few places.
SIDES = {"Vladivostok": "west", "Najin (Rajin)": "west", "Dunay": "north", "Sudzha": "west"}
OVERVIEW = {"Moscow": "east", "Kursk": "east", "Pyongyang": "west", "Vladivostok": "west",
            "Vostochny Cosmodrome": "west"}
SPOTS = {"east": dict(align="left", dx=7), "west": dict(align="right", dx=-7),
         "north": dict(baseline="bottom", dy=-6)}


@lru_cache(maxsize=1)
def _atlas() -> dict:
    path = resources.files("alliancebook") / "static" / "geo" / "countries-110m.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _arcs(item, change=lambda i: i if i >= 0 else ~i):
    """Apply change to every arc index of a geometry (by default: the arc it names)."""
    return change(item) if isinstance(item, int) else [_arcs(i, change) for i in item]


def _flat(item) -> list[int]:
    return [item] if isinstance(item, int) else sum((_flat(sub) for sub in item), [])


def distance_km(places, one: str, other: str) -> float:
    """Great-circle distance between two places of the table, in kilometres (rounded to 100)."""
    rows = places.set_index("place")
    (a, b), (c, d) = (map(math.radians, rows.loc[p, ["lat", "lon"]]) for p in (one, other))
    h = math.sin((c - a) / 2) ** 2 + math.cos(a) * math.cos(c) * math.sin((d - b) / 2) ** 2
    return round(2 * 6371 * math.asin(math.sqrt(h)), -2)


def countries(extent) -> dict:
    """The TopoJSON atlas cut down to the countries with a border point in extent."""
    atlas, (x0, y0, x1, y1) = _atlas(), extent
    (sx, sy), (tx, ty) = atlas["transform"]["scale"], atlas["transform"]["translate"]
    inside = []
    for arc in atlas["arcs"]:  # quantised arcs: integer steps from the previous point
        xs, ys = itertools.accumulate(p[0] for p in arc), itertools.accumulate(p[1] for p in arc)
        inside.append(any(x0 <= x * sx + tx <= x1 and y0 <= y * sy + ty <= y1
                          for x, y in zip(xs, ys)))
    keep = [g for g in atlas["objects"]["countries"]["geometries"]
            if any(inside[i] for i in _flat(_arcs(g.get("arcs", []))))]
    used = sorted({i for g in keep for i in _flat(_arcs(g["arcs"]))})
    new = {old: n for n, old in enumerate(used)}
    geometries = [{**g, "arcs": _arcs(g["arcs"], lambda i: new[i] if i >= 0 else ~new[~i])}
                  for g in keep]
    return {"type": "Topology", "transform": atlas["transform"], "objects": {"countries": {
        "type": "GeometryCollection", "geometries": geometries}},
        "arcs": [atlas["arcs"][i] for i in used]}


def _panel(places, title, extent, width, height, sides):
    x0, y0, x1, y1 = extent
    edge = [[x, y] for x in range(int(x0), int(x1) + 1) for y in (y0, y1)]
    projection = alt.Projection(
        type="conicConformal" if x1 - x0 > 40 else "mercator", parallels=[40, 58],
        rotate=[-(x0 + x1) / 2, 0, 0], fit={"type": "Feature", "properties": {},
                                           "geometry": {"type": "MultiPoint", "coordinates": edge}})
    topo = alt.TopoDataFormat(type="topojson", feature="countries")
    layers = [alt.Chart(alt.Data(values=countries(extent), format=topo)).mark_geoshape(
        strokeWidth=0.6, clip=True)]
    rows = places[places["lon"].between(x0, x1) & places["lat"].between(y0, y1)]
    layers.append(alt.Chart(rows).mark_circle(color=DOT, size=60, opacity=1).encode(
        longitude="lon:Q", latitude="lat:Q",
        tooltip=[alt.Tooltip("place:N", title="Place"), alt.Tooltip("role:N", title="Why")]))
    for side, spot in SPOTS.items():
        chosen = rows[rows["place"].map(sides) == side]
        if len(chosen):
            layers.append(alt.Chart(chosen).mark_text(fontSize=11, **spot).encode(
                longitude="lon:Q", latitude="lat:Q", text="place:N"))
    return alt.layer(*layers, title=title).properties(width=width, height=height,
                                                      projection=projection)


def place_map(places):
    """The region from Ukraine to Korea, then its two ends with every place named."""
    zoomed = {p: SIDES.get(p, "east") for p in places["place"]}
    spoken = "; ".join(f"{r.place}: {r.role}" for r in places.itertuples())
    return alt.vconcat(  # a concatenated chart keeps its panels' sizes ("pad")
        _panel(places, *PANELS[0], sides=OVERVIEW),
        alt.hconcat(*[_panel(places, *panel, sides=zoomed) for panel in PANELS[1:]]),
        autosize="pad", description=f"Map of {len(places)} places. {spoken}.")
