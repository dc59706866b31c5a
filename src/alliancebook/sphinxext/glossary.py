"""The glossary: every chapter's Key terms gathered in one Sphinx glossary, each defined once.

``book-glossary`` reads the "## Key terms" definition list of every page and prints one Sphinx
glossary entry per term, with links to the pages that list it; a term that two pages define
differently fails the build (a warning, and the build runs with -W). On each page, the Key
terms entries link to their glossary entry, and so does the first use of each term's head
(the words before a bracket, comma or semicolon: "Credibility" of "Credibility (1–6)") in the
page's running prose, so a reader gets from any chapter to the one definition in one click.
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


SKIP = (nodes.title, nodes.reference, nodes.literal, nodes.literal_block, nodes.raw,
        nodes.caption, nodes.term, nodes.rubric, nodes.FixedTextElement, nodes.Invisible)


def _heads(std) -> dict[str, tuple[str, str]]:
    """Each glossary term's head word(s) (before a bracket, comma or semicolon) → its target."""
    heads = {}
    for term, target in std._terms.items():
        head = re.split(r"\s*[(,;]", term)[0].strip()
        if len(head) >= 5:
            heads.setdefault(head, target)
    return heads


def _prose(doctree: nodes.document):
    """Text nodes of running prose, in document order (no headings, links, code, captions)."""
    for text in list(doctree.findall(nodes.Text)):
        parent, inside = text.parent, False
        while parent is not None:
            name = type(parent).__name__.lower()  # titles of dropdowns, exercises, cards
            marks = set(parent.get("classes", [])) | set(parent.get("ids", []))
            if (isinstance(parent, SKIP) or "title" in name or "summary" in name
                    or marks & {"cell_output", "notes", "ab-notes", "ab-asof"}):
                inside = True
                break
            parent = parent.parent
        if not inside and isinstance(text.parent, (nodes.paragraph, nodes.inline,
                                                   nodes.emphasis, nodes.strong)):
            yield text


def _link_first_uses(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Link the first use of each glossary term in a page's prose to its entry."""
    std = app.env.get_domain("std")
    todo = {head: target for head, target in _heads(std).items() if target[0] != docname}
    if not todo:
        return
    pattern = re.compile(r"\b(" + "|".join(re.escape(h) for h in
                                            sorted(todo, key=len, reverse=True)) + r")\b",
                         re.IGNORECASE)
    for text in _prose(doctree):
        match = pattern.search(str(text))
        while match and match.group(1).lower() not in todo:
            match = pattern.search(str(text), match.end())
        if not match:
            continue
        target = todo.pop(match.group(1).lower())
        uri = relative_uri(app.builder.get_target_uri(docname),
                           app.builder.get_target_uri(target[0])) + "#" + target[1]
        raw = str(text)
        link = nodes.reference(match.group(1), match.group(1), refuri=uri,
                               classes=["ab-glossary-link"])
        parent = text.parent
        at = parent.index(text)
        parent.remove(text)
        parent.insert(at, [nodes.Text(raw[:match.start()]), link,
                           nodes.Text(raw[match.end():])])
        if not todo:
            return


def _link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format == "html":
        _link_key_terms(app, doctree, docname)
        _link_first_uses(app, doctree, docname)


def setup(app: Sphinx) -> dict:
    app.add_directive("book-glossary", BookGlossaryDirective)
    app.connect("doctree-resolved", _link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
