"""Human labels for the data's field names and codes, read from data/datapackage.json.

The descriptor is the one label map: a field's ``title`` is its column header, and a field that
holds codes or ids carries ``x-labels`` (code -> label). Notebooks never repeat these.
"""

from __future__ import annotations

import pandas as pd

from .data import package

__all__ = ["title", "label", "labels", "relabel"]


def _fields() -> dict:
    """(table, field) -> field descriptor, for every table of the package."""
    return {(res["name"], f["name"]): f for res in package()["resources"]
            for f in res["schema"]["fields"]}


def _find(column: str, table: str | None) -> dict:
    fields = _fields()
    if table and (table, column) in fields:
        return fields[(table, column)]
    for (_, name), spec in fields.items():
        if name == column and ("title" in spec or "x-labels" in spec):
            return spec
    return {}


def title(column: str, table: str | None = None) -> str:
    """The column header a reader sees for a field."""
    spec = _find(column, table)
    return spec.get("title") or column.replace("_", " ").capitalize()


def labels(column: str, table: str | None = None) -> dict:
    """The code -> label map of a field (empty if its values are plain text)."""
    return dict(_find(column, table).get("x-labels", {}))


def label(code, column: str, table: str | None = None) -> str:
    """One code as a reader sees it ("a;b" tag lists become "A, B")."""
    names = labels(column, table)
    if isinstance(code, bool) or type(code).__name__ == "bool_":
        return names.get(str(bool(code)).lower(), code)
    if not isinstance(code, str):
        return code
    return ", ".join(names.get(part, part) for part in code.split(";"))


def relabel(frame: pd.DataFrame, table: str | None = None, *,
            headers: bool = True) -> pd.DataFrame:
    """A copy of frame with codes replaced by labels and, if headers, columns titled."""
    table = table or frame.attrs.get("table")
    out = frame.copy()
    for column in out.columns:
        if labels(column, table):
            out[column] = out[column].map(lambda v, c=column: label(v, c, table))
    if headers:
        out.columns = [title(c, table) for c in out.columns]
    return out
