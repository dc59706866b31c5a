"""``ab.show(frame)``: a table as a book prints it.

Human headers and labels (from the descriptor), no pandas index, dates as dates (no more precise
than known), long text wrapped and never cut, and a wide table scrolling in its own box.
"""

from __future__ import annotations

import html

import pandas as pd

from .data import format_date
from .labels import labels, title

__all__ = ["Table", "show"]


def _cell(value, column: str, names: dict, precision=None) -> tuple[str, str]:
    """(text, css class) for one value; names is the column's code -> label map."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "—", "ab-empty"
    if isinstance(value, pd.Timestamp):
        return format_date(value, precision if isinstance(precision, str) else "day"), "ab-date"
    if isinstance(value, bool):
        return names.get(str(value).lower(), "yes" if value else "no"), "ab-short"
    if isinstance(value, int):
        return (f"{value:,}" if "year" not in column and column != "resolution"
                and column != "article" else str(value)), "ab-num"
    if isinstance(value, float):
        return (f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"), "ab-num"
    text = str(value)
    if names:
        text = ", ".join(names.get(part, part) for part in text.split(";"))
    return text, ("ab-text" if len(text) > 40 else "ab-short")


class Table:
    """A frame ready to display; shows as HTML in the book and in JupyterLab."""

    def __init__(self, frame: pd.DataFrame, table: str | None = None,
                 caption: str | None = None, precision: pd.Series | None = None):
        self.frame, self.table, self.caption = frame, table, caption
        self.precision = precision

    def _rows(self):
        maps = {c: labels(str(c), self.table) for c in self.frame.columns}
        for i, (_, row) in enumerate(self.frame.iterrows()):
            p = self.precision.iloc[i] if self.precision is not None else None
            yield [_cell(row[c], str(c), maps[c], p) for c in self.frame.columns]

    def _headers(self) -> list[str]:
        return [title(str(c), self.table) for c in self.frame.columns]

    def _repr_html_(self) -> str:
        name = self.caption or self.frame.attrs.get("title") or "Table"
        headers = self._headers()
        head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headers)
        rows = list(self._rows())
        body = "".join(
            "<tr>" + "".join(f'<td class="{cls}" data-label="{html.escape(h, quote=True)}">'
                             f'{html.escape(text)}</td>'
                             for (text, cls), h in zip(row, headers)) + "</tr>" for row in rows)
        # A table with long text beside several other columns cannot fit a phone: there its
        # rows stack as cards (ab-charts.css), each cell under its column's name.
        texts = max((sum(cls == "ab-text" for _, cls in row) for row in rows), default=0)
        stack = " ab-stack" if texts >= 2 or (texts and len(headers) >= 4) else ""
        caption = (f"<caption>{html.escape(self.caption)}</caption>"
                   if self.caption else "")
        return (f'<div class="ab-table-wrap" role="region" tabindex="0" '
                f'aria-label="{html.escape(name, quote=True)}">'
                f'<table class="ab-table{stack}">{caption}<thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table></div>")

    def __repr__(self) -> str:
        rows = [" | ".join(text for text, _ in row) for row in self._rows()]
        return "\n".join([" | ".join(self._headers()), *rows])


def show(frame, columns: list[str] | None = None, *, table: str | None = None,
         caption: str | None = None, index: bool = False) -> Table:
    """Display a frame (optionally only some columns) as a book table.

    Dates are shown only as precisely as the frame's date_precision column says; the index
    is left out unless index=True (use it when the index means something)."""
    if not isinstance(frame, pd.DataFrame):
        frame = pd.DataFrame(frame)
    table = table or frame.attrs.get("table")
    if index:
        frame = frame.reset_index()
    precision = frame["date_precision"] if "date_precision" in frame.columns else None
    if columns is not None:
        frame = frame[list(columns)]
    elif precision is not None:
        frame = frame.drop(columns="date_precision")
    return Table(frame, table, caption, precision)
