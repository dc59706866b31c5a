"""The two editions of the site, and the student edition's notebooks.

- Which edition a build makes is settled once, as the build starts: ``edition.Edition.current``
  reads ``ALLIANCEBOOK_EDITION``, else the Sphinx setting ``alliancebook_edition`` (``_config.yml``
  sets it to ``instructor``); anything else stops the build. The student edition is
  ``ALLIANCEBOOK_EDITION=student jupyter-book build . --path-output _build/student``. The output
  folder never chooses the edition, but the instructor edition refuses to be written into a
  folder named like a student one (``stud`` anywhere in a part of its path below the book), so
  a forgotten or misspelt variable cannot publish the key. Every build logs its edition as it
  starts and ends, every page says it in ``<meta name="alliancebook-edition">`` (which the
  handouts check), and every page of the instructor edition shows a banner saying so.
- The student edition of the whole site: every page is read without its solutions and its
  sections for instructors (``edition.student_text``), the pages listed in
  ``alliancebook_instructor_pages`` leave the table of contents, the copied page sources are
  the stripped texts, and the launch buttons and hub links open the student bundle's branch
  (``alliancebook_student_branch``), which holds no answer key (``alliancebook.bundle``).
- Every build writes each notebook page's student rendering (no solutions, no outputs) to
  ``<site>/student/``, with one zip of them all, listed on a page by the ``student-edition``
  directive. The rendering is ``alliancebook.notebooks``', as everywhere else a chapter opens
  as a notebook.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import yaml

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.console import bold
from sphinx.util.docutils import SphinxDirective

from .. import edition, launch, notebooks
from ..edition import Edition, student_named
from ..pages import TOC, toc_without
from .assets import write_if_changed
from .renderings import edition_of, notebook_docs, page_title, renderings

LOG = logging.getLogger(__name__)
STUDENT_DIR = "student"
BANNER = ("<p>Instructor edition: it contains the solutions. Students use the student "
          "edition.</p>")


def _choose(app: Sphinx, config) -> None:
    """Settle the edition; refuse to write the instructor edition into a student-like folder;
    mark the instructor edition's pages; leave the instructors' pages out of the student
    edition's table of contents."""
    try:
        chosen = Edition.current(getattr(config, edition.SETTING))
    except ValueError as err:
        raise ConfigError(f"alliancebook: which edition to build? {err}") from None
    config.alliancebook_edition = chosen.value
    named = student_named(Path(app.outdir), Path(app.srcdir)) if chosen.solutions else []
    if named:
        raise ConfigError(
            f"alliancebook: the INSTRUCTOR edition, with the solutions, was about to be written "
            f"into {app.outdir}, a folder named like a student one ({', '.join(named)}). "
            "Nothing was built. For the student edition set the edition; for the instructor "
            f"edition choose a folder without 'stud' in its name.\n{edition.HOW_TO_BUILD}")
    LOG.info(bold(f"alliancebook: building the {chosen.summary}"))
    theme = dict(config.html_theme_options or {})
    if chosen.solutions:
        theme["announcement"] = BANNER
        config.html_theme_options = theme
        return
    toc_path = Path(app.confdir) / (getattr(config, "external_toc_path", None) or TOC)
    if toc_path.is_file():
        toc = toc_without(toc_path, config.alliancebook_instructor_pages)
        target = Path(app.doctreedir).parent / "_toc.student.yml"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(target, yaml.safe_dump(toc, sort_keys=False, allow_unicode=True))
        config.external_toc_path = str(target)
    theme["repository_branch"] = config.alliancebook_student_branch
    config.html_theme_options = theme


def _mark(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Say in every page which edition it belongs to (the handouts read it)."""
    context["metatags"] = (context.get("metatags") or "") + \
        f'\n<meta name="{edition.META}" content="{edition_of(app).value}" />'


def _built(app: Sphinx, exc) -> None:
    if exc is None:
        LOG.info(bold(f"alliancebook: built the {edition_of(app).summary} in {app.outdir}"))


def _strip(app: Sphinx, docname: str, source: list) -> None:
    """Read a page as this edition reads it: the student edition without its solutions and
    its sections for instructors; each edition with only its own ``{only}`` blocks."""
    source[0] = edition.edition_text(source[0], edition_of(app))


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
                                                        edition_of(app)))


def _write(app: Sphinx, exc) -> None:
    if exc or app.builder.format != "html":
        return
    root = Path(app.outdir) / STUDENT_DIR
    written = []
    for docname, _ in notebook_docs(app.env):
        target = root / f"{docname}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(target, notebooks.text(renderings(app)[(docname, Edition.STUDENT)]))
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
    # No default: _config.yml (or $ALLIANCEBOOK_EDITION) must say which edition to build.
    app.add_config_value(edition.SETTING, None, "env", [str])
    app.add_config_value("alliancebook_instructor_pages", ["book/instructors/*"], "env", [list])
    app.add_config_value("alliancebook_student_branch", launch.STUDENT_BRANCH, "env", [str])
    app.add_directive("student-edition", StudentEditionDirective)
    app.connect("config-inited", _choose, priority=850)
    app.connect("html-page-context", _mark)
    app.connect("source-read", _strip)
    app.connect("build-finished", _write)
    app.connect("build-finished", _copied_sources)
    app.connect("build-finished", _built, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
