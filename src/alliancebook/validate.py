"""Validate the data package: every table against its schema, then the codebook's rules.

It sits above both checks so that neither imports the other: ``data`` reads and checks the
tables; ``codebook`` checks the rules of the codebook (book/appendix/codebook.md) across fields
and tables, reading the tables through ``data``. ``ab.validate_package()`` is what a maintainer
runs after an edit.
"""

from __future__ import annotations

from pathlib import Path

from .data import table_problems
from .errors import PER_FILE, DataError, grouped
from .codebook import check_rules

__all__ = ["validate_package"]


def validate_package(folder: str | Path | None = None,
                     per_file: int = PER_FILE) -> list[DataError]:
    """Check every table, then (if they all load) the codebook's rules; return every problem
    found once, grouped by file (an empty list means the package is valid)."""
    problems = table_problems(folder)
    if not problems:
        problems = check_rules(folder)
    return grouped(problems, per_file)
