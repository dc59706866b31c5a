"""The notebook renderings in the build: the download button, the launch buttons, the
repository's copies.

Every place a chapter opens as a notebook gets ``alliancebook.notebooks``' rendering of it:

- ``_sources/<doc>.ipynb``, which the page's download button serves, is overwritten with the
  rendering (solutions folded, no outputs) once the site is written;
- the Binder, JupyterHub and Colab launch buttons open ``notebooks/<doc>.ipynb``, the student
  edition, instead of the page's MyST source (JupyterLab un-hides a folded cell's output when
  the cell runs, so a folded solution would show its result after *Run All*). The repository keeps
  ``notebooks/`` (nbgitpuller and a laptop open it as cloned), with the folded rendering in
  ``notebooks/with-solutions/``, and Binder's postBuild writes it again. The build rewrites a
  copy that no longer matches its page and warns, so a stale copy fails the ``-W`` build until
  it is committed;
- ``hub-links`` lists an nbgitpuller link per chapter, ``clone-command`` the one command that
  sets the book up on a laptop.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import edition, launch, notebooks
from ..edition import Edition
from ..pages import notebook_pages

LOG = logging.getLogger(__name__)


def edition_of(app: Sphinx) -> Edition:
    """The edition this build makes, as ``sphinxext.student`` settled it when the build started."""
    return Edition.parse(getattr(app.config, edition.SETTING, None))


def renderings(app: Sphinx) -> dict:
    """(docname, Edition) -> rendered notebook, for every notebook page and both editions;
    rendered once per build for every feature that writes one."""
    if getattr(app, "_ab_renderings", None) is None:
        conf = settings_of(app)
        app._ab_renderings = {
            (docname, shown): notebooks.render(path, docname, conf, shown)
            for docname, path in notebook_docs(app.env) for shown in Edition}
    return app._ab_renderings


def notebook_docs(env) -> list[tuple[str, Path]]:
    """(docname, path) of every notebook page the build reads."""
    return notebook_pages(Path(env.srcdir), sorted(env.found_docs))


def page_title(path: Path, docname: str) -> str:
    """A page's first-level heading, or its docname."""
    heading = re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.M)
    return heading.group(1).strip() if heading else docname


def settings_of(app: Sphinx) -> launch.Settings:
    """The notebooks' settings: from _config.yml, as Binder's postBuild reads them, if any;
    the student edition's open the student bundle's branch."""
    theme, built = app.config.html_theme_options or {}, edition_of(app)
    if (Path(app.srcdir) / "_config.yml").is_file():
        return launch.book_settings(Path(app.srcdir), built)
    conf = launch.settings(theme.get("repository_url", ""), theme.get("repository_branch", ""),
                           app.config.html_baseurl or "",
                           (theme.get("launch_buttons") or {}).get("jupyterhub_url", ""),
                           app.config.html_title or app.config.project)
    return conf if built.solutions else \
        launch.student_settings(conf, app.config.alliancebook_student_branch)


def _launch(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Point the theme's Binder, JupyterHub and Colab buttons at the page's notebook rendering
    (the student edition's, on the branch the theme was given)."""
    if pagename not in dict(notebook_docs(app.env)):
        return
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            if button.get("text") == "Binder":
                button["url"] = (button["url"].split("?")[0] + "?" + urlencode(
                    {"urlpath": launch.binder_urlpath(pagename)}, safe="/"))
            elif button.get("text") == "JupyterHub":
                button["url"] = launch.hub_link(settings_of(app), pagename, Edition.STUDENT)
            elif button.get("text") == "Colab":
                button["url"] = launch.colab_link(settings_of(app), pagename,
                                                  button["url"].split("/github/")[0])
                # the theme's Colab picture is a 7 kB PNG fetched on every notebook page even
                # while the menu is closed; the icon font the page already loads draws Google's
                button["icon"] = "fab fa-google"


def _write(app: Sphinx, exc) -> None:
    if exc or app.builder.format != "html":
        return
    root, built = Path(app.srcdir), edition_of(app)
    for docname, path in notebook_docs(app.env):
        for shown in Edition:
            rendering = renderings(app)[(docname, shown)]
            for problem in notebooks.raw_myst(rendering):
                LOG.warning("%s: raw MyST left in the notebook: %s", docname, problem,
                            type="alliancebook", subtype="notebook")
            for line in notebooks.peeking_solutions(rendering):
                LOG.warning("%s: a solution's code starts with '%s', which JupyterLab shows "
                            "while it is folded; start it with a comment", docname, line,
                            type="alliancebook", subtype="notebook")
            text = notebooks.text(rendering)
            if shown is built:   # the download button serves the site's own edition
                download = Path(app.outdir) / "_sources" / f"{docname}.ipynb"
                download.parent.mkdir(parents=True, exist_ok=True)
                download.write_text(text, encoding="utf-8")
            if not built.solutions:   # the repository's copies follow the instructor build
                continue
            copy = root / launch.notebook_path(docname, shown)
            if not copy.exists() or copy.read_text(encoding="utf-8") != text:
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_text(text, encoding="utf-8")
                LOG.warning("%s was out of date with %s and has been rewritten: commit "
                            "it (the next build passes)", copy.relative_to(root),
                            path.relative_to(root), type="alliancebook", subtype="notebook")


def _literal(text: str, language: str = "text") -> nodes.literal_block:
    block = nodes.literal_block(text, text)
    block["language"] = language
    return block


class HubLinksDirective(SphinxDirective):
    """An nbgitpuller link per chapter, both editions, with the configured or a placeholder hub."""

    def run(self):
        conf = settings_of(self.env.app)
        if not conf.hub and not edition_of(self.env.app).solutions:
            # A student cannot use a link to a made-up hub: say where the real one comes from.
            return [nodes.paragraph("", "This edition was built without your course's hub "
                                    "address, so it lists no links: if your course uses a "
                                    "JupyterHub, your instructor gives you the link to each "
                                    "chapter.")]
        items = nodes.bullet_list()
        for docname, path in notebook_docs(self.env):
            self.env.note_dependency(str(path))
            item = nodes.list_item()
            item += nodes.paragraph("", "", nodes.strong("", page_title(path, docname)))
            if not edition_of(self.env.app).solutions:   # one edition: the link alone
                item += _literal(launch.hub_link(conf, docname, Edition.STUDENT))
                items += item
                continue
            for shown, what in ((Edition.STUDENT, "Student edition, no solutions:"),
                                (Edition.INSTRUCTOR, "With the solutions folded:")):
                item += nodes.paragraph("", what)
                item += _literal(launch.hub_link(conf, docname, shown))
            items += item
        return [items]


class CloneCommandDirective(SphinxDirective):
    """The one command that copies the book, installs it and opens a notebook in JupyterLab."""

    optional_arguments = 1
    option_spec = {"windows": lambda arg: True}

    def run(self):
        conf = settings_of(self.env.app)
        opens = launch.notebook_path(self.arguments[0], Edition.STUDENT) \
            if self.arguments else ""
        windows = "windows" in self.options
        command = launch.clone_command(conf, opens, windows=windows)
        return [_literal(command, "text" if windows else "bash")]


def setup(app: Sphinx) -> dict:
    app.setup_extension(f"{__package__}.student")   # settles the edition (edition_of)
    app.add_directive("hub-links", HubLinksDirective)
    app.add_directive("clone-command", CloneCommandDirective)
    app.connect("html-page-context", _launch, priority=600)
    app.connect("build-finished", _write, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
