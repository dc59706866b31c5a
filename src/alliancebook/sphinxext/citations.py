"""Citations: the ``{src}`` role and the ``source-list`` directive, both from data/sources.csv.

``{src}`id-a;id-b``` prints light numbered citations ("[3, 4]"); each number carries the
publisher and date as its hover text and links to a numbered note at the foot of the page, which
gives publisher, date and title and links on to the source list. Numbers follow the order in which
a page first cites each source, so a source keeps one number on its page. An unknown id fails the
build. ``source-list`` prints the registry with one anchor per source. The numbering records
which sources each page cites, in that order (``cited``), for the pages' reference files.
"""

from __future__ import annotations

import pandas as pd
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .. import citing, data
from ..citing import published, short_label, sources_csv

LOG = logging.getLogger(__name__)


def registry() -> dict:
    """The source registry (see citing.registry); an invalid data package stops the build."""
    try:
        return citing.registry()
    except data.DataError as exc:
        raise ExtensionError(f"the data package is invalid: {exc}") from None


class citation_group(nodes.Inline, nodes.Element):
    """One {src} role's source ids, numbered once the whole page has been read."""


def cited(env, docname: str) -> list[str]:
    """The source ids a page cites, in the order of their numbers (as NumberCitations recorded)."""
    return list(getattr(env, "ab_cites", {}).get(docname, []))


def citing_pages(env) -> dict[str, list[str]]:
    """Every page that cites at least one source, with its ids."""
    return {doc: ids for doc, ids in sorted(getattr(env, "ab_cites", {}).items()) if ids}


def note_id(sid: str) -> str:
    return f"note-{sid}"


class SourceRole(SphinxRole):
    """``{src}`id-a;id-b``` → a citation group, numbered by :class:`NumberCitations`."""

    def run(self):
        rows = registry()
        self.env.note_dependency(sources_csv())
        ids = [part.strip() for part in self.text.split(";") if part.strip()]
        if not ids:
            msg = self.inliner.reporter.warning("empty {src} citation", line=self.lineno)
            return [], [msg]
        known = []
        problems: list[nodes.Node] = []
        for sid in ids:
            if sid in rows:
                known.append(sid)
                continue
            LOG.warning("unknown source id '%s': add it to data/sources.csv or fix the "
                        "spelling", sid, location=self.get_location(),
                        type="alliancebook", subtype="source")
            problems.append(nodes.problematic(sid, sid))
        out: list[nodes.Node] = [citation_group("", sources=known)] if known else []
        return out + problems, []


def _number(sid: str, n: int, row: dict) -> nodes.reference:
    """The link a reader sees: the note's number, with publisher and date on hover."""
    ref = nodes.reference("", "", internal=True, refid=note_id(sid),
                          reftitle=short_label(row), classes=["ab-cite"])
    ref += nodes.inline("source ", "source ", classes=["ab-visually-hidden"])
    ref += nodes.Text(str(n))
    return ref


def _note(sid: str, row: dict) -> nodes.list_item:
    """A note: publisher (conduit included), date and title, linked to the source list."""
    para = nodes.paragraph()
    para += nodes.strong(row["publisher"], row["publisher"])
    para += nodes.Text(f" ({published(row)}). ")
    para += nodes.emphasis(row["title"], row["title"])
    para += nodes.Text(". ")
    ref = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=f"src-{sid}",
                                refexplicit=True, refwarn=True)
    ref += nodes.inline("In the source list", "In the source list")
    para += ref
    item = nodes.list_item("", para, ids=[note_id(sid)])
    return item


class NumberCitations(SphinxTransform):
    """Number a page's citations in reading order and add its notes at the foot of the page."""

    default_priority = 700

    def apply(self, **kwargs) -> None:
        groups = list(self.document.findall(citation_group))
        if not groups:
            return
        rows = registry()
        numbers: dict[str, int] = {}
        for group in groups:
            shown = nodes.inline(classes=["ab-cites"])
            shown += nodes.Text("[")
            for k, sid in enumerate(group["sources"]):
                n = numbers.setdefault(sid, len(numbers) + 1)
                if k:
                    shown += nodes.Text(", ")
                shown += _number(sid, n, rows[sid])
            shown += nodes.Text("]")
            group.replace_self(shown)
        notes = nodes.enumerated_list(enumtype="arabic", classes=["ab-notes"])
        for sid in numbers:
            notes += _note(sid, rows[sid])
        section = nodes.section(ids=["notes"], names=["notes"])
        section += nodes.title("Notes", "Notes")
        section += nodes.paragraph("", citing.NOTES_INTRO)
        section += notes
        top = next(iter(self.document.findall(nodes.section)), self.document)
        top += section
        if not hasattr(self.env, "ab_cites"):
            self.env.ab_cites = {}
        self.env.ab_cites[self.env.docname] = list(numbers)


def _purge(app, env, docname: str) -> None:
    getattr(env, "ab_cites", {}).pop(docname, None)


def _merge(app, env, docnames, other) -> None:
    if not hasattr(env, "ab_cites"):
        env.ab_cites = {}
    for doc in docnames:
        if doc in getattr(other, "ab_cites", {}):
            env.ab_cites[doc] = other.ab_cites[doc]


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
            # A plain span, not a code literal: the literal's markup, 805 times, cost the page
            # about 1.5 kB of its transfer budget.
            body += nodes.Text("Source ID: ")
            body += nodes.inline(row["source_id"], row["source_id"], classes=["ab-source-id"])
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
    app.add_node(citation_group)
    app.add_role("src", SourceRole())
    app.add_transform(NumberCitations)
    app.add_directive("source-list", SourceListDirective)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
