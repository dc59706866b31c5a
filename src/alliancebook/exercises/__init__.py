"""The book's checked exercises, one module per page: their labels and the form of each answer.

Each module declares its exercises with ``checks.exercise(label, form)`` and holds the public
names the page uses (row ids, statements, option lists, starting values). Nothing here knows an
answer: the graders live in the ``key`` package beside this one, which the student edition does
not ship.
"""

from __future__ import annotations

import importlib
import pkgutil

__all__ = ["load_all"]


def load_all() -> None:
    """Import every exercise module, so that every exercise label is declared."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
