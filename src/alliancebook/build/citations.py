"""Citations: the ``{src}`` role and the ``source-list`` directive, both from data/sources.csv.

``{src}`id-a;id-b``` prints short linked citations (publisher, date) to the source list and
fails the build on an unknown id; ``source-list`` prints the registry with one anchor per source.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .. import data

LOG = logging.getLogger(__name__)


def sources_csv() -> str:
    return str(data.data_dir() / "sources.csv")


def registry() -> dict:
    """The source registry as rows keyed by source id, read again only when the file changes."""
    path = Path(sources_csv())
    return _registry_at(str(path), path.stat().st_mtime_ns if path.exists() else 0)


@functools.lru_cache(maxsize=4)
def _registry_at(path: str, mtime_ns: int) -> dict:
    try:
        frame = data.load("sources")
    except data.DataError as exc:
        raise ExtensionError(f"the data package is invalid: {exc}") from None
    return {row["source_id"]: row for row in frame.to_dict("records")}


def published(row: dict) -> str:
    """A source's publication date, shown only as precisely as it is known."""
    precision = row.get("date_precision")
    return data.format_date(row["date_published"],
                            precision if isinstance(precision, str) else None)


def short_label(row: dict) -> str:
    """'Publisher, 5 Dec 2024': how a citation reads in the text."""
    return f"{row['publisher']}, {published(row)}"


class SourceRole(SphinxRole):
    """``{src}`id-a;id-b``` → linked short citations to the registry entries."""

    def run(self):
        rows = registry()
        self.env.note_dependency(sources_csv())
        ids = [part.strip() for part in self.text.split(";") if part.strip()]
        if not ids:
            msg = self.inliner.reporter.warning("empty {src} citation", line=self.lineno)
            return [], [msg]
        out: list[nodes.Node] = [nodes.Text("[")]
        for n, sid in enumerate(ids):
            if n:
                out.append(nodes.Text("; "))
            row = rows.get(sid)
            if row is None:
                LOG.warning("unknown source id '%s': add it to data/sources.csv or fix the "
                            "spelling", sid, location=self.get_location(),
                            type="alliancebook", subtype="source")
                out.append(nodes.problematic(sid, sid))
                continue
            label = short_label(row)
            ref = addnodes.pending_xref("", refdomain="std", reftype="ref",
                                        reftarget=f"src-{sid}", refexplicit=True, refwarn=True)
            ref += nodes.inline(label, label, classes=["ab-cite"])
            out.append(ref)
        out.append(nodes.Text("]"))
        return out, []


def _words(code) -> str:
    return str(code).replace("_", " ") if code is not None else "not given"


class SourceListDirective(SphinxDirective):
    """Print the source registry, one entry (and one link target) per source."""

    option_spec = {"type": directives.unchanged}

    def run(self):
        self.env.note_dependency(sources_csv())
        wanted = self.options.get("type")
        rows = sorted(registry().values(),
                      key=lambda r: (r["publisher"].casefold(), str(r["date_published"])))
        dl = nodes.definition_list(classes=["ab-sources"])
        for row in rows:
            if wanted and row["source_type"] != wanted:
                continue
            term = nodes.term()
            term["names"].append(f"src-{row['source_id']}")
            self.state.document.note_explicit_target(term, term)
            term += nodes.strong(row["publisher"], row["publisher"])
            term += nodes.Text(f" ({published(row)}). ")
            term += nodes.emphasis(row["title"], row["title"])
            body = nodes.paragraph()
            if row.get("author"):
                body += nodes.Text(f"Author: {row['author']}. ")
            link = nodes.reference(row["url"], row["url"], refuri=row["url"])
            link["support_smartquotes"] = False  # the address as stored: '--' is no dash
            body += link
            body += nodes.Text(self._details(row))
            body += nodes.literal(row["source_id"], row["source_id"])
            item = nodes.definition_list_item()
            item += term
            item += nodes.definition("", body)
            dl += item
        return [dl]

    @staticmethod
    def _details(row: dict) -> str:
        parts = [f" (accessed {data.format_date(row['date_accessed'])}).",
                 f"Type: {_words(row['source_type'])};"]
        if row.get("ownership"):
            parts.append(f"ownership: {_words(row['ownership'])};")
        parts.append(f"perspective: {_words(row['perspective'])}; language: "
                     f"{row['language']}.")
        if pd.isna(row["reliability"]):
            parts.append("Reliability left empty: it is the answer to an exercise")
        else:
            parts.append(f"Reliability {row['reliability']}: {row['reliability_reason']}")
        if row.get("original_id"):
            parts.append(f"A copy; the original is registered as {row['original_id']}.")
        return " ".join(parts) + " "


def setup(app: Sphinx) -> dict:
    app.add_role("src", SourceRole())
    app.add_directive("source-list", SourceListDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
