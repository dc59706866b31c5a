"""The book's pages: what ``_toc.yml`` names, and which of those pages are notebooks.

Everything that needs the list of pages asks here: the editions and the notebook renderings,
the handouts, the Sphinx glue (which restricts a build to these files and writes the student
edition's table of contents) and the tests. The table of contents is read by
sphinx-external-toc's parser, the one Jupyter Book itself uses, so the book and its tools read
the same tree. Nothing here imports Sphinx.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

from sphinx_external_toc.parsing import create_toc_dict, parse_toc_data, parse_toc_yaml

TOC = "_toc.yml"
SUFFIXES = (".md", ".ipynb", ".rst")   # a page's file may be named with or without one


def _docname(name: str) -> str:
    return str(Path(name).with_suffix("")) if Path(name).suffix in SUFFIXES else name


def _read(toc: Path | dict):
    return parse_toc_data(toc) if isinstance(toc, dict) else parse_toc_yaml(Path(toc))


def toc_files(toc: Path | dict) -> list[str]:
    """Every document a table of contents names (a _toc.yml file, or its mapping), in reading
    order: the root, then each part's chapters with their sections. Globs and URLs are not
    documents and are left out."""
    site, order = _read(toc), []

    def walk(docname: str) -> None:
        order.append(_docname(docname))
        for tree in site[docname].subtrees:
            for child in tree.files():
                walk(child)

    walk(site.root.docname)
    return order


def part(toc: Path | dict, caption: str) -> list[str]:
    """The chapters of the part captioned so, in reading order (none if no part has it)."""
    site = _read(toc)
    for tree in site[site.root.docname].subtrees:
        if tree.caption == caption:
            return [_docname(name) for name in tree.files()]
    return []


def toc_without(toc: Path | dict, patterns: list[str]) -> dict:
    """A table of contents as a _toc.yml mapping, less every document whose name matches one
    of the patterns (fnmatch), the pages below it, and the parts or sections it leaves empty."""
    site = _read(toc)
    dropped = {name for name in site if any(fnmatch.fnmatch(name, p) for p in patterns)}
    dropped.discard(site.root.docname)
    for doc in site.values():
        for tree in doc.subtrees:
            tree.items = [item for item in tree.items if str(item) not in dropped]
        doc.subtrees = [tree for tree in doc.subtrees if tree.items]
    return create_toc_dict(site)


def is_notebook(path: Path) -> bool:
    """True for a MyST Markdown page with a jupytext header: a page that is a notebook."""
    path = Path(path)
    if path.suffix != ".md" or not path.is_file():
        return False
    head = path.read_text(encoding="utf-8")[:400]
    return head.startswith("---") and "jupytext:" in head


def notebook_pages(root: Path, docnames=None) -> list[tuple[str, Path]]:
    """(docname, path) of every notebook page of the book in root: among docnames, in their
    order, if given (a Sphinx build passes the documents it reads); else among the pages its
    _toc.yml names, in reading order."""
    root = Path(root)
    if docnames is None:
        docnames = toc_files(root / TOC)
    found = [(docname, root / f"{docname}.md") for docname in docnames]
    return [(docname, path) for docname, path in found if is_notebook(path)]


def book_root(path: Path) -> Path:
    """The folder above a file (a page, or a built site's index.html) that holds the book's
    _config.yml."""
    for folder in Path(path).resolve().parents:
        if (folder / "_config.yml").is_file():
            return folder
    raise FileNotFoundError(f"no _config.yml above {path}")
