"""The one error type of the data layer, and how a list of them is reported."""

from __future__ import annotations

__all__ = ["DataError", "grouped"]

PER_FILE = 50  # a report lists at most this many problems per file


class DataError(ValueError):
    """A data file broke a rule of the package; the message names file, row and field."""

    def __init__(self, file: str, message: str, row: int | None = None,
                 field: str | None = None):
        self.file, self.row, self.field, self.message = file, row, field, message
        where = file
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")


def grouped(problems: list[DataError], per_file: int = PER_FILE) -> list[DataError]:
    """Each problem once, grouped by file (files in the order first met, rows in order); past
    per_file problems in one file, one more says how many are not shown."""
    unique = list({(p.file, p.row, p.field, p.message): p for p in problems}.values())
    out: list[DataError] = []
    for file in dict.fromkeys(p.file for p in unique):
        mine = sorted((p for p in unique if p.file == file), key=lambda p: p.row or 0)
        out += mine[:per_file]
        if len(mine) > per_file:
            out.append(DataError(file, f"{len(mine) - per_file} more problem(s) in this file "
                                       "not shown; fix these and validate again"))
    return out
