"""Sphinx glue for the book: everything the site needs is generated during `jupyter-book build`.

One module per feature, each a Sphinx extension of its own (so it can be tested on a tiny
project): ``toc`` (read only the table of contents' pages), ``assets`` (offline chart runtime,
house styles, a trimmed theme), ``cache`` (re-execute notebooks when the data change),
``citations`` (the {src} role and the source list), ``references`` (each page's
sources as BibTeX, CSL-JSON and RIS files), ``record`` (version in the footer, "Evidence runs
to" dates, the corrections log), ``glossary`` (every chapter's Key terms in one
glossary), ``datadict`` (the data dictionary),
``renderings`` (the notebook renderings behind the download and launch buttons, hub links),
``student`` (the student edition), ``fonts`` (icon fonts cut to the icons used), ``rubrics``
(the rubric sheets), ``exercises`` (each exercise's label in its title).
``alliancebook.sphinxext`` switches on all of them.
"""

from __future__ import annotations

from sphinx.application import Sphinx

FEATURES = ["toc", "assets", "fonts", "cache", "citations", "references", "record",
            "glossary", "datadict", "renderings", "student", "rubrics", "exercises"]


def setup(app: Sphinx) -> dict:
    for name in FEATURES:
        app.setup_extension(f"{__name__}.{name}")
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
