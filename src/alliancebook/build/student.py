"""The student edition: every notebook page as a .ipynb without solutions or outputs.

Written to ``_build/html/student/`` with one zip of them all, and listed on a page by the
``student-edition`` directive.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import edition
from .assets import write_if_changed

STUDENT_DIR = "student"


def notebook_docs(env) -> list[tuple[str, Path]]:
    """(docname, path) of every notebook page the build reads."""
    docs = []
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        if path.suffix == ".md" and edition.is_notebook_page(path):
            docs.append((docname, path))
    return docs


def _write(app: Sphinx, exc) -> None:
    if exc or app.builder.format != "html":
        return
    import nbformat

    root = Path(app.outdir) / STUDENT_DIR
    written = []
    for docname, path in notebook_docs(app.env):
        target = root / f"{docname}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(target, nbformat.writes(edition.student_notebook(path)) + "\n")
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
            heading = re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.M)
            label = heading.group(1).strip() if heading else docname
            para = nodes.paragraph()
            para += nodes.reference("", label, refuri=f"{prefix}{docname}.ipynb")
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
