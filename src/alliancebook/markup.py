"""Data text made safe to put into generated Markdown: shown as written, never read as markup.

A publisher or title comes from data/sources.csv, which anyone can edit. Put into a notebook's
Markdown as it is, ``[x](javascript:…)`` becomes a link that runs code when clicked, and
``<img onerror=…>`` raw HTML, in JupyterLab and in ``jupyter nbconvert --to html``. The HTML side
(Sphinx, ``ab.show``) escapes its text; this is the same for Markdown.
"""

from __future__ import annotations

import re

__all__ = ["escape"]

# CommonMark lets a backslash escape any ASCII punctuation; these are the characters that can
# open a link, an image, an autolink, raw HTML, a code span, emphasis, a table cell or math.
_INLINE = re.compile(r"([\\`*_\[\]<>!|~$^{}#])")
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_BLOCK_START = re.compile(r"^(?:([-+=])|([0-9]{1,9})([.)]))")
_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029]+")


def escape(text) -> str:
    """Text for Markdown: one line, every character shown as written and none read as markup."""
    line = _SPACE.sub(" ", str(text)).strip()
    line = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", line))
    return _BLOCK_START.sub(lambda m: "\\" + m[1] if m[1] else f"{m[2]}\\{m[3]}", line)
