"""Sphinx glue for the book: everything the site needs is generated during `jupyter-book build`.

One module per feature, each a Sphinx extension of its own (so it can be tested on a tiny
project), and each saying in its docstring what it adds: ``toc`` (read only the table of
contents' pages), ``assets`` (offline chart runtime, house styles, a trimmed theme), ``cache``
(re-execute notebooks when the data change), ``citations`` (the {src} role and the source
list), ``references`` (each page's sources as BibTeX, CSL-JSON and RIS files), ``record``
(version in the footer, "Evidence runs to" dates, the corrections log), ``glossary`` (every
chapter's Key terms in one glossary), ``datadict`` (the data dictionary), ``renderings`` (the
notebook renderings behind the download and launch buttons, hub links), ``student`` (the
student edition), ``fonts`` (icon fonts cut to the icons used), ``rubrics`` (the rubric
sheets), ``exercises`` (each exercise's label in its title).

``alliancebook.sphinxext`` switches on every module of this folder that has a ``setup``
function, in alphabetical order: a new feature is a new module, and nothing here changes. Where
two features must run in a given order on one event, they say so with the event's priority
(lower runs first), never by their order here.
"""

from __future__ import annotations

import importlib
import pkgutil

from sphinx.application import Sphinx


def features() -> list[str]:
    """The modules of this folder that are Sphinx extensions (have a setup function)."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__)
                   if not info.name.startswith("_"))
    return [name for name in names
            if hasattr(importlib.import_module(f"{__name__}.{name}"), "setup")]


def setup(app: Sphinx) -> dict:
    for name in features():
        app.setup_extension(f"{__name__}.{name}")
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
