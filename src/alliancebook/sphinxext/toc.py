"""Read the table of contents' pages and nothing else.

Jupyter Book's ``only_build_toc_files`` excludes other files it finds, but Sphinx still walks
hidden folders: a virtual environment in ``.env/`` would have its notebooks read and executed.
Here Sphinx's ``include_patterns`` is set to exactly the files named in ``_toc.yml`` (read by
``alliancebook.pages``).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ..pages import SUFFIXES, TOC, toc_files


def _restrict(app: Sphinx, config) -> None:
    toc_path = Path(app.confdir) / (getattr(config, "external_toc_path", None) or TOC)
    if not toc_path.is_file():
        return
    config.include_patterns = [doc + suffix for doc in toc_files(toc_path)
                               for suffix in SUFFIXES]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _restrict, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
