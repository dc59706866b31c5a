"""How the book cites a source, outside Sphinx: the registry, a citation's label, its notes.

The site (``sphinxext/citations.py``) and the notebook renderings (``notebooks.py``) both number a
page's citations in the order the page first cites each source and gather them as notes at the
foot of the page; this module holds what they share, so they cannot drift apart.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

from . import data
from .markup import escape


def sources_csv() -> str:
    return str(data.data_dir() / "sources.csv")


def registry() -> dict:
    """The source registry as rows keyed by source id, read again only when the file changes.

    Raises data.DataError when the data package is invalid."""
    path = Path(sources_csv())
    return _registry_at(str(path), path.stat().st_mtime_ns if path.exists() else 0)


@functools.lru_cache(maxsize=4)
def _registry_at(path: str, mtime_ns: int) -> dict:
    frame = data.load("sources")
    return {row["source_id"]: row for row in frame.to_dict("records")}


def published(row: dict) -> str:
    """A source's publication date, shown only as precisely as it is known."""
    precision = row.get("date_precision")
    return data.format_date(row["date_published"],
                            precision if isinstance(precision, str) else None)


def short_label(row: dict) -> str:
    """'Publisher, 5 Dec 2024': what a citation's number shows on hover."""
    return f"{row['publisher']}, {published(row)}"


NOTES_INTRO = ("Each number in the text leads to a note here; each note leads on to the "
               "source's full entry, with its grade, in the source list.")


def cite_markdown(ids: str, sources: dict, numbers: dict, url: Callable[[str], str]) -> str:
    """{src}`a;b` as notebook Markdown '[1, 2]': numbers linked to the source list (url(sid),
    empty for no link), publisher and date as the link's hover text; numbers grows."""
    refs = []
    for sid in (s.strip() for s in ids.split(";") if s.strip()):
        row = sources.get(sid)
        if row is None:
            refs.append(escape(f"unknown source {sid}"))
            continue
        n = numbers.setdefault(sid, len(numbers) + 1)
        hover = escape(short_label(row)).replace('"', '\\"')
        refs.append(f'[{n}]({url(sid)} "{hover}")' if url(sid) else str(n))
    return "[" + ", ".join(refs) + "]"


def notes_markdown(sources: dict, numbers: dict, url: Callable[[str], str]) -> str:
    """A page's notes as notebook Markdown: number, publisher (conduit included), date, title."""
    lines = ["## Notes", "", NOTES_INTRO, ""]
    for sid, n in numbers.items():
        row = sources[sid]
        link = f" [In the source list]({url(sid)})" if url(sid) else f" (`{sid}`)"
        lines.append(f"{n}. **{escape(row['publisher'])}** ({published(row)}). "
                     f"*{escape(row['title'])}*.{link}")
    return "\n".join(lines)
