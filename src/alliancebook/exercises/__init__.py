"""Checkers for the book's exercises, one module per page.

Each checker is registered under its exercise's label (``@checks.checker("label")``) and called
as ``ab.check("label", answer)``. It works out the expected answer from data/ when it is called,
inside the guard, so a correction to the data corrects the checker too. Functions that compute an
expected answer are private (a leading underscore): they are not helpers for students.
"""

from __future__ import annotations

import importlib
import pkgutil

__all__ = ["load_all"]


def _in_date_order(ids: list[str], table: str, key: str) -> list[str]:
    """The ids sorted by the date column of the table rows they name (an expected answer)."""
    from ..data import load

    dates = load(table).set_index(key)["date"]
    return sorted(ids, key=lambda row_id: dates.loc[row_id])


def load_all() -> None:
    """Import every checker module, so that every exercise label is registered."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
