"""The glossary: every chapter's Key terms gathered in one Sphinx glossary, each defined once.

``book-glossary`` reads the "## Key terms" definition list of every page and prints one Sphinx
glossary entry per term, with links to the pages that list it; a term that two pages define
differently fails the build (a warning, and the build runs with -W). On each page, the Key
terms entries link to their glossary entry, so a reader gets from any chapter to the one
definition in one click.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

LOG = logging.getLogger(__name__)
HEADING = re.compile(r"^## Key terms\s*$")


def key_terms(text: str) -> list[tuple[str, str]]:
    """The (term, definition) pairs of a page's "## Key terms" definition list."""
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines) if HEADING.match(line)), None)
    if start is None:
        return []
    pairs: list[list[str]] = []
    term = None
    for line in lines[start + 1:]:
        if line.startswith("#"):
            break
        if line.startswith(": ") and term is not None:
            pairs.append([term, line[2:].strip()])
        elif line.startswith("  ") and pairs and line.strip():
            pairs[-1][1] += " " + line.strip()
        elif line.strip() and not line.startswith(" "):
            term = line.strip()
    return [(t, d) for t, d in pairs]


def gather(pages: dict[str, str]) -> tuple[dict[str, dict], list[str]]:
    """Terms from pages {docname: text}: {key: {term, definition, pages}} and the conflicts."""
    terms: dict[str, dict] = {}
    conflicts = []
    for doc, text in pages.items():
        for term, definition in key_terms(text):
            key = term.casefold()
            entry = terms.setdefault(key, {"term": term, "definition": definition, "pages": []})
            if " ".join(entry["definition"].split()) != " ".join(definition.split()):
                conflicts.append(f"'{term}' is defined differently in {entry['pages'][0]} and "
                                 f"{doc}: define it once, word for word the same")
            entry["pages"].append(doc)
    return terms, conflicts


def _pages(env) -> dict[str, str]:
    out = {}
    for doc in sorted(env.found_docs):
        path = Path(env.doc2path(doc))
        if path.suffix == ".md" and path.exists():
            out[doc] = path.read_text(encoding="utf-8")
    return out


class BookGlossaryDirective(SphinxDirective):
    """One glossary entry per key term of the book, with the pages that list it."""

    def run(self):
        pages = _pages(self.env)
        for doc in pages:
            self.env.note_dependency(self.env.doc2path(doc))
        terms, conflicts = gather(pages)
        for problem in conflicts:
            LOG.warning(problem, location=self.get_location(), type="alliancebook",
                        subtype="glossary")
        lines = ["```{glossary}", ":sorted:", ""]
        for entry in terms.values():
            used = ", ".join(f"{{doc}}`/{doc}`" for doc in entry["pages"])
            lines += [entry["term"], f"  {entry['definition']} *Listed in:* {used}.", ""]
        lines.append("```")
        return self.parse_text_to_nodes("\n".join(lines))


def _link_key_terms(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Make each Key terms entry of a page a link to its glossary entry."""
    if app.builder.format != "html":
        return
    std = app.env.get_domain("std")
    for section in doctree.findall(nodes.section):
        title = next(iter(section.findall(nodes.title)), None)
        if title is None or title.astext().strip() != "Key terms":
            continue
        for term in section.findall(nodes.term):
            found = std._terms.get(term.astext().strip().lower())
            if found is None or found[0] == docname:
                continue
            uri = relative_uri(app.builder.get_target_uri(docname),
                               app.builder.get_target_uri(found[0])) + "#" + found[1]
            link = nodes.reference("", "", refuri=uri, classes=["ab-glossary-link"])
            children = list(term.children)
            term.clear()
            link += children
            term += link


def setup(app: Sphinx) -> dict:
    app.add_directive("book-glossary", BookGlossaryDirective)
    app.connect("doctree-resolved", _link_key_terms)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
