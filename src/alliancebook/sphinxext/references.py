"""References students can import: which sources each page cites, and the files to import them.

Which sources a page cites is what the citations feature recorded as it numbered them
(``citations.cited``). When the site is written, ``_downloads/references/`` receives the whole
registry and each citing page's sources as BibTeX, CSL-JSON and RIS
(``alliancebook.references``), all made from sources.csv.
The ``reference-downloads`` directive links the registry's files (the Sources page); each
citing page gets links to its own files from ``alliancebook.sphinxext.record``.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from .. import references
from .citations import citing_pages, registry, sources_csv

FOLDER = "_downloads/references"
REGISTRY_STEM = "sources"


def stem(docname: str) -> str:
    """The file name (without extension) of a page's reference files: book/treaty → book-treaty."""
    return docname.replace("/", "-")


def file_uri(app: Sphinx, docname: str, name: str) -> str:
    """A link from page docname to a file in the references folder."""
    return relative_uri(app.builder.get_target_uri(docname), f"{FOLDER}/{name}")


def download_links(app: Sphinx, docname: str, file_stem: str) -> list[nodes.Node]:
    """'BibTeX · CSL-JSON · RIS', each a link to the file of that format."""
    out: list[nodes.Node] = []
    for n, (ext, label) in enumerate(references.FORMATS.items()):
        if n:
            out.append(nodes.Text(" · "))
        uri = file_uri(app, docname, f"{file_stem}.{ext}")
        out.append(nodes.reference(label, label, refuri=uri, classes=["ab-refdownload"]))
    return out


class _RegistryDownloads(nodes.General, nodes.Element):
    """Placeholder for the registry's download links, filled in when the page is written."""


class ReferenceDownloadsDirective(SphinxDirective):
    """Links to the whole registry as BibTeX, CSL-JSON and RIS."""

    def run(self):
        self.env.note_dependency(sources_csv())
        return [_RegistryDownloads()]


def _fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for holder in list(doctree.findall(_RegistryDownloads)):
        para = nodes.paragraph(classes=["ab-refdownloads"])
        para += nodes.Text(f"The whole registry ({len(registry())} sources) for a reference "
                           "manager: ")
        para += download_links(app, docname, REGISTRY_STEM)
        para += nodes.Text(". Each chapter offers the sources it cites in the same formats.")
        holder.replace_self(para)


def write_files(outdir: Path, env) -> list[Path]:
    """Write the registry's and every citing page's reference files; return their paths."""
    rows = registry()
    folder = Path(outdir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    sets = {REGISTRY_STEM: sorted(rows)}
    sets.update({stem(doc): ids for doc, ids in citing_pages(env).items()})
    written = []
    for name, ids in sets.items():
        chosen = [rows[sid] for sid in ids if sid in rows]
        for ext in references.FORMATS:
            path = folder / f"{name}.{ext}"
            path.write_text(references.render(ext, chosen), encoding="utf-8")
            written.append(path)
    return written


def _finished(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html":
        write_files(Path(app.outdir), app.env)


def setup(app: Sphinx) -> dict:
    app.setup_extension("alliancebook.sphinxext.citations")
    app.add_node(_RegistryDownloads)
    app.add_directive("reference-downloads", ReferenceDownloadsDirective)
    app.connect("doctree-resolved", _fill)
    app.connect("build-finished", _finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
