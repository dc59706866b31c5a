"""The answer key: one grader per checked exercise, one module per page (``exercises/`` holds
each exercise's public names and answer form).

A grader is registered with ``@checks.checker(label)`` and receives an answer that already has
its exercise's form. It works out the expected answer from data/ when it is called, so a
correction to the data corrects the grader too. This package is the instructor edition's only:
the student bundle and the grading kernel of the autograder do not carry it.
"""

from __future__ import annotations

import importlib
import pkgutil

from ..data import load

__all__ = ["load_all", "in_date_order"]


def in_date_order(ids: list[str], table: str, key: str) -> list[str]:
    """The ids sorted by the date column of the table rows they name."""
    dates = load(table).set_index(key)["date"]
    return sorted(ids, key=lambda row_id: dates.loc[row_id])


def load_all() -> None:
    """Import every grader module, so that every exercise has its grader."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
