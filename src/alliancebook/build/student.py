"""The student edition: the notebooks without solutions, and the whole site without them.

- Every build writes each notebook page's student rendering (no solutions, no outputs) to
  ``<site>/student/``, with one zip of them all, listed on a page by the ``student-edition``
  directive. The rendering is ``alliancebook.notebooks``', as everywhere else a chapter opens
  as a notebook.
- A build into ``_build/student`` (``jupyter-book build . --path-output _build/student``) is
  the student edition of the whole site (``alliancebook_edition``, which can also be set in a
  Sphinx configuration): every page is read without its solutions and its sections for
  instructors (``edition.student_text``), the pages listed in ``alliancebook_instructor_pages``
  leave the table of contents, the copied page sources are the stripped texts, and the launch
  buttons and hub links open the student bundle's branch (``alliancebook_student_branch``),
  which holds no answer key (``alliancebook.bundle``).
"""

from __future__ import annotations

import fnmatch
import zipfile
from pathlib import Path

import yaml

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import edition, notebooks
from .assets import write_if_changed
from .notebooks import is_student, notebook_docs, page_title, renderings

STUDENT_DIR = "student"
STUDENT_BUILD = "_build/student"   # a build into this folder is the student edition


def _choose(app: Sphinx, config) -> None:
    """Settle the edition (from the output folder unless set), and for the student edition
    leave the instructors' pages out of the table of contents."""
    if not config.alliancebook_edition:
        student = Path(app.srcdir, STUDENT_BUILD).resolve()
        config.alliancebook_edition = (
            "student" if student in Path(app.outdir).resolve().parents else "instructor")
    if config.alliancebook_edition not in {"student", "instructor"}:
        raise ValueError(f"alliancebook_edition is {config.alliancebook_edition!r}; it must "
                         "be 'student' or 'instructor'")
    if not is_student(app):
        return
    toc_path = Path(app.confdir) / (getattr(config, "external_toc_path", None) or "_toc.yml")
    if toc_path.is_file():
        toc = _without(yaml.safe_load(toc_path.read_text(encoding="utf-8")),
                       config.alliancebook_instructor_pages)
        target = Path(app.doctreedir).parent / "_toc.student.yml"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(target, yaml.safe_dump(toc, sort_keys=False, allow_unicode=True))
        config.external_toc_path = str(target)
    theme = dict(config.html_theme_options or {})
    theme["repository_branch"] = config.alliancebook_student_branch
    config.html_theme_options = theme


def _without(node, patterns: list[str]):
    """A _toc.yml tree without the entries whose file matches a pattern (and without parts
    left empty)."""
    if isinstance(node, list):
        kept = [_without(item, patterns) for item in node]
        return [item for item in kept if item is not None]
    if not isinstance(node, dict):
        return node
    if any(fnmatch.fnmatch(str(node.get("file", "")), p) for p in patterns):
        return None
    kept = {key: _without(value, patterns) for key, value in node.items()}
    for key in ("chapters", "sections", "parts"):
        if key in node and not kept[key]:
            return None if "file" not in node else {k: v for k, v in kept.items()
                                                      if k != key}
    return kept


def _edition(app: Sphinx) -> str:
    return "student" if is_student(app) else "instructor"


def _strip(app: Sphinx, docname: str, source: list) -> None:
    """Read a page as this edition reads it: the student edition without its solutions and
    its sections for instructors; each edition with only its own ``{only}`` blocks."""
    source[0] = edition.edition_text(source[0], _edition(app))


def _copied_sources(app: Sphinx, exc) -> None:
    """The page sources the site serves (its download button) are the texts as read."""
    if exc or app.builder.format != "html":
        return
    for docname in app.env.found_docs:
        path = Path(app.env.doc2path(docname))
        copy = Path(app.outdir, "_sources",
                    docname + path.suffix + app.config.html_sourcelink_suffix)
        if copy.is_file() and path.suffix == ".md":
            write_if_changed(copy, edition.edition_text(path.read_text(encoding="utf-8"),
                                                        _edition(app)))


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
    app.add_config_value("alliancebook_edition", "", "env", [str])
    app.add_config_value("alliancebook_instructor_pages", ["book/instructors/*"], "env", [list])
    app.add_config_value("alliancebook_student_branch", "student", "env", [str])
    app.add_directive("student-edition", StudentEditionDirective)
    app.connect("config-inited", _choose, priority=850)
    app.connect("source-read", _strip)
    app.connect("build-finished", _write)
    app.connect("build-finished", _copied_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
