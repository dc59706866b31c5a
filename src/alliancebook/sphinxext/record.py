"""The book's record of itself: its version, how current each page is, and its corrections.

- The footer shows the version (``alliancebook.release.version()``, from pyproject.toml).
- Every page that cites sources says "Evidence runs to <date>": the newest publication date
  among the sources it cites, shown as precisely as it is known, with links to those sources as
  BibTeX, CSL-JSON and RIS; the home page gives the date for the whole book and lists each
  page's. Nothing is typed: the dates come from the citations and sources.csv at every build.
- ``corrections-log`` prints data/corrections.csv, one anchored entry per correction; each
  corrected page links to its entries.
"""

from __future__ import annotations

import pandas as pd
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from .. import data, release
from .citations import cited, citing_pages, published, registry, short_label
from .references import download_links, stem

LOG_PAGE = "book/appendix/corrections"
_RANK = {"year": 0, "month": 1, "day": 2}


def newest(ids: list[str]) -> dict | None:
    """The registry row of the most recently published source among ids (None if none is dated);
    between equal dates, the more precisely known one."""
    rows = [registry()[sid] for sid in ids if sid in registry()]
    dated = [r for r in rows if not pd.isna(r["date_published"])]
    if not dated:
        return None
    return max(dated, key=lambda r: (r["date_published"],
                                     _RANK.get(r.get("date_precision"), 2)))


def evidence_date(ids: list[str]) -> str | None:
    """'17 Mar 2026': how far the evidence of these sources runs."""
    row = newest(ids)
    return published(row) if row is not None else None


def corrections() -> list[dict]:
    """The corrections log (data/corrections.csv) as rows, oldest first."""
    try:
        frame = data.load("corrections")
    except data.DataError as exc:
        raise ExtensionError(f"the corrections log is invalid: {exc}") from None
    return frame.sort_values(["date", "correction_id"]).to_dict("records")


def _footer(app: Sphinx, config) -> None:
    options = dict(config.html_theme_options or {})
    if "extra_footer" not in options and config.html_theme != "sphinx_book_theme":
        return  # a theme without a footer slot (the tiny test projects' 'basic')
    note = (f'<p class="ab-version">Version {release.version()}. What changed in each release: '
            "CHANGELOG.md in the repository.</p>")
    options["extra_footer"] = (options.get("extra_footer") or "") + note
    config.html_theme_options = options


def _link(app, docname: str, target_doc: str, anchor: str, text: str) -> nodes.reference:
    uri = relative_uri(app.builder.get_target_uri(docname), app.builder.get_target_uri(target_doc))
    return nodes.reference(text, text, refuri=f"{uri}#{anchor}" if anchor else uri)


def _banner(app: Sphinx, docname: str) -> nodes.Element | None:
    ids = cited(app.env, docname) if docname != LOG_PAGE else []  # the log cites, not argues
    when = evidence_date(ids)
    fixes = [c for c in corrections() if c["page"] == docname]
    if when is None and not fixes:
        return None
    para = nodes.paragraph(classes=["ab-asof"])
    if when is not None:
        para += nodes.strong(f"Evidence runs to {when}", f"Evidence runs to {when}")
        para += nodes.Text(f": the newest of the {len(ids)} sources this page cites, "
                           "whose references you can import as ")
        para += download_links(app, docname, stem(docname))
        para += nodes.Text(". ")
    if fixes:
        para += nodes.Text("Corrected since the first release: see ")
        for n, fix in enumerate(fixes):
            if n:
                para += nodes.Text(", ")
            para += _link(app, docname, LOG_PAGE, f"corr-{fix['correction_id']}",
                          fix["correction_id"])
        para += nodes.Text(" in the corrections log.")
    return para


def _overview(app: Sphinx, docname: str) -> nodes.Element:
    """The home page's list: each citing page, in table-of-contents order, with its date."""
    env = app.env
    order = env.toctree_includes.get(docname, [])
    pages = citing_pages(env)
    section = nodes.container(classes=["ab-asof-list"])
    section += nodes.rubric("", "How current each page is")
    items = nodes.bullet_list()
    for doc in [d for d in order if d in pages and d != LOG_PAGE]:
        item = nodes.list_item()
        para = nodes.paragraph()
        title = env.titles[doc].astext() if doc in env.titles else doc
        para += _link(app, docname, doc, "", title)
        para += nodes.Text(f": evidence runs to {evidence_date(pages[doc]) or 'n.d.'}")
        item += para
        items += item
    section += items
    return section


def _dates(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title = next(iter(section.findall(nodes.title)), None)
    at = section.index(title) + 1 if title is not None else 0
    if docname == app.config.root_doc:
        every = sorted({sid for doc, ids in citing_pages(app.env).items() if doc != LOG_PAGE
                        for sid in ids})
        para = nodes.paragraph(classes=["ab-asof"])
        text = f"Evidence runs to {evidence_date(every)}"
        para += nodes.strong(text, text)
        para += nodes.Text(f" across the book: the newest of the {len(every)} sources its "
                           "pages cite. Each page gives its own date (listed at the end of "
                           "this page).")
        section.insert(at, para)
        section += _overview(app, docname)
        return
    banner = _banner(app, docname)
    if banner is not None:
        section.insert(at, banner)


def _always_reread_home(app, env, added, changed, removed) -> list[str]:
    """The home page lists every page's date, so it is written again whenever a page changes."""
    return [app.config.root_doc] if (added or changed or removed) else []


class CorrectionsLogDirective(SphinxDirective):
    """Print data/corrections.csv: one anchored entry per correction, newest last."""

    def run(self):
        self.env.note_dependency(str(data.data_dir() / "corrections.csv"))
        dl = nodes.definition_list(classes=["ab-corrections"])
        for fix in corrections():
            term = nodes.term()
            term["ids"].append(f"corr-{fix['correction_id']}")
            term += nodes.strong(fix["correction_id"], fix["correction_id"])
            term += nodes.Text(f" ({data.format_date(fix['date'])}), ")
            page = addnodes.pending_xref("", refdomain="std", reftype="doc",
                                         reftarget="/" + fix["page"], refexplicit=False,
                                         refwarn=True, refdoc=self.env.docname)
            page += nodes.inline(fix["page"], fix["page"])
            term += page
            body = nodes.paragraph()
            body += nodes.strong("Was: ", "Was: ")
            body += nodes.Text(f"{fix['was']} ")
            body += nodes.strong("Now: ", "Now: ")
            body += nodes.Text(f"{fix['now']} ")
            body += nodes.strong("Settled by: ", "Settled by: ")
            row = registry()[fix["source_id"]]
            ref = addnodes.pending_xref("", refdomain="std", reftype="ref",
                                        reftarget=f"src-{fix['source_id']}", refexplicit=True,
                                        refwarn=True, refdoc=self.env.docname)
            ref += nodes.inline(short_label(row), short_label(row), classes=["ab-cite"])
            body += ref
            body += nodes.Text(".")
            item = nodes.definition_list_item()
            item += term
            item += nodes.definition("", body)
            dl += item
        return [dl]


def setup(app: Sphinx) -> dict:
    app.setup_extension("alliancebook.sphinxext.references")
    app.connect("config-inited", _footer)
    app.connect("doctree-resolved", _dates)
    app.connect("env-get-outdated", _always_reread_home)
    app.add_directive("corrections-log", CorrectionsLogDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
