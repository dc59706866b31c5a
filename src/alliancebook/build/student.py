"""The student edition: every notebook page's rendering without solutions or outputs.

Written to ``_build/html/student/`` with one zip of them all, and listed on a page by the
``student-edition`` directive. The rendering is ``alliancebook.notebooks``', as everywhere else
a chapter opens as a notebook.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import notebooks
from .assets import write_if_changed
from .notebooks import notebook_docs, page_title, renderings

STUDENT_DIR = "student"


def _write(app: Sphinx, exc) -> None:
    if exc or app.builder.format != "html":
        return
    root = Path(app.outdir) / STUDENT_DIR
    written = []
    for docname, _ in notebook_docs(app.env):
        target = root / f"{docname}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(target, notebooks.text(renderings(app)[(docname, True)]))
        written.append((docname, target))
    with zipfile.ZipFile(root / "student-edition.zip", "w", zipfile.ZIP_DEFLATED) as bundle:
        for docname, target in written:
            bundle.write(target, f"{docname}.ipynb")


class StudentEditionDirective(SphinxDirective):
    """List the student edition's notebooks (no solutions) with download links."""

    def run(self):
        prefix = "../" * self.env.docname.count("/") + STUDENT_DIR + "/"
        items = nodes.bullet_list()
        for docname, path in notebook_docs(self.env):
            self.env.note_dependency(str(path))
            para = nodes.paragraph()
            para += nodes.reference("", page_title(path, docname),
                                    refuri=f"{prefix}{docname}.ipynb")
            para += nodes.Text(f" ({docname.rsplit('/', 1)[-1]}.ipynb)")
            items += nodes.list_item("", para)
        whole = nodes.paragraph()
        whole += nodes.Text("All of them in one file: ")
        whole += nodes.reference("", "student-edition.zip",
                                 refuri=f"{prefix}student-edition.zip")
        whole += nodes.Text(".")
        return [items, whole]


def setup(app: Sphinx) -> dict:
    app.add_directive("student-edition", StudentEditionDirective)
    app.connect("build-finished", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
