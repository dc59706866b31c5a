"""The student edition: every notebook page as a .ipynb without solutions and without outputs.

A solution is written either as a fenced `{solution}` directive (text only) or in the gated form,
`{solution-start}` … `{solution-end}` with code cells between them, which the build executes so
the page shows the checker accepting it. The student edition is the page's notebook rendering
(``alliancebook.notebooks``) with both forms left out, and any code cell tagged `solution`.
"""

from __future__ import annotations

from pathlib import Path

import nbformat


def is_notebook_page(path: Path) -> bool:
    """True for a MyST Markdown page with a jupytext header (a notebook page)."""
    head = path.read_text(encoding="utf-8")[:400]
    return head.startswith("---") and "jupytext:" in head


def split_gated(cells: list) -> list:
    """Drop the gated solutions: the markers and every cell or text between them."""
    from .notebooks import gated

    return [cell for cell, label in gated(cells) if label is None]


def book_root(path: Path) -> Path:
    """The folder above a page that holds the book's _config.yml."""
    for folder in Path(path).resolve().parents:
        if (folder / "_config.yml").is_file():
            return folder
    raise FileNotFoundError(f"no _config.yml above {path}")


def student_notebook(path: Path) -> nbformat.NotebookNode:
    """The page as a notebook for students: no solutions, no outputs."""
    from . import launch, notebooks

    root = book_root(path)
    docname = Path(path).resolve().relative_to(root).with_suffix("").as_posix()
    return notebooks.render(path, docname, launch.book_settings(root), student=True)
