"""Icon fonts cut down to the icons the site's stylesheets use.

The theme's stylesheets draw a few icons (admonition marks, arrows) as characters of the Font
Awesome webfonts, which weigh about 270 KB gzip-compressed in full. The icons in the page markup
are drawn by the (already trimmed) Font Awesome script, not by the fonts. After the build, each
webfont is replaced by a subset holding only the private-use characters that some stylesheet of
the site names. A font is left as it is if fontTools is missing or the subset fails.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .assets import icon_names

LOG = logging.getLogger(__name__)
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]|\\[ef][0-9a-f]{3}(?![0-9a-f])", re.I)


_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_FA_CLASS = re.compile(r"\.fa-([a-z0-9-]+)::?before")


def _chars(text: str) -> set[int]:
    return {ord(m) if len(m) == 1 else int(m[1:], 16) for m in _PRIVATE_USE.findall(text)}


def css_icon_codepoints(site: Path) -> set[int]:
    """Icon characters the site can show through its stylesheets.

    A rule for an icon class (``.fa-github:before``) counts only if some page or script names it;
    every other rule that names an icon character (the theme's admonition marks) counts."""
    used = icon_names(site)
    found: set[int] = set()
    for css in (site / "_static").rglob("*.css"):
        for selector, body in _RULE.findall(css.read_text(encoding="utf-8", errors="ignore")):
            chars = _chars(body)
            if not chars:
                continue
            names = _FA_CLASS.findall(selector)
            if not names or set(names) & used:
                found |= chars
    return found


def subset_font(path: Path, codepoints: set[int]) -> bool:
    """Rewrite one woff2 font with only the given characters; True if it was rewritten."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    present = set(font.getBestCmap() or {})
    if present <= codepoints | {0x20}:
        return False  # already cut down (Sphinx copies the theme's files only when they change)
    keep = codepoints & present
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep or {0x20})
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(path)
    return True


def _subset_all(app: Sphinx, exc) -> None:
    if exc or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    fonts = sorted(static.glob("vendor/fontawesome/webfonts/*.woff2"))
    if not fonts:
        return
    try:
        import brotli  # noqa: F401 - woff2 needs it
        import fontTools  # noqa: F401
    except ImportError:
        LOG.info("fontTools or brotli is missing: the icon fonts are served in full")
        return
    codepoints = css_icon_codepoints(Path(app.outdir))
    for font in fonts:
        subset_font(font, codepoints)


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _subset_all)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
