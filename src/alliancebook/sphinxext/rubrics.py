"""The ``{rubric-sheets}`` directive: every chapter's rubric sheet, read from the chapter pages.

The directive reads each notebook page of the table of contents, in reading order, and prints
the rubrics of its written exercises without their model answers (``alliancebook.rubrics``), one
box per chapter. The page is the same in both editions, so students see how their written work
is marked; it is rebuilt whenever a chapter changes.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..pages import notebook_pages
from ..rubrics import sheet, sheet_markdown


class RubricSheets(SphinxDirective):
    """Print the rubric sheet of every chapter that has written exercises."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        root = Path(self.env.srcdir)
        here = (root / self.env.docname).parent
        found = []
        for _, path in notebook_pages(root):
            self.env.note_dependency(str(path))
            if not sheet(path):
                continue
            box = nodes.container(classes=["ab-rubric-sheet"])
            link = os.path.relpath(path, here).replace(os.sep, "/")
            text = sheet_markdown(path, link)
            self.state.nested_parse(StringList(text.splitlines(), source=str(path)),
                                    self.content_offset, box)
            found.append(box)
        return found


def setup(app: Sphinx) -> dict:
    app.add_directive("rubric-sheets", RubricSheets)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
