"""Site assets: the offline chart runtime, the house styles and a trimmed theme.

- The Vega runtime (vl-convert's bundle of Vega, Vega-Lite and vega-embed) is written once to
  ``_static`` and loaded by ``ab-charts.js`` only when a reader hovers, focuses or taps a chart;
  until then each chart shows its static pictures (light and dark). No page loads a script from
  another host, and pages without a chart load neither script.
- sphinx-thebe's assets are dropped (live code is not offered; its inline script errors).
- The theme's Font Awesome script keeps only the icons the site uses.
- Folded code (``hide-input`` cells) gets a summary whose accessible name is its visible text.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

PACKAGE = Path(__file__).resolve().parents[1]
STATIC = PACKAGE / "static"
TEMPLATES = PACKAGE / "templates"
RUNTIME_NAME = "ab-vega.js"


def write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def runtime_file(app: Sphinx) -> Path:
    """The Vega runtime, built once per vl-convert version into a folder beside the site."""
    import vl_convert as vlc

    folder = Path(app.outdir).parent / ".ab-static"
    folder.mkdir(parents=True, exist_ok=True)
    stamp, target = folder / "version.txt", folder / RUNTIME_NAME
    version = f"vl-convert {vlc.__version__}; vega {vlc.get_vega_version()}"
    if not target.exists() or not stamp.exists() or stamp.read_text() != version:
        # Wrapped in a function so its top-level names cannot collide with the theme's.
        target.write_text(f"/* Vega {vlc.get_vega_version()}, Vega-Lite and vega-embed, "
                          f"bundled by vl-convert. BSD-3-Clause. */\n(function () {{\n"
                          f"{vlc.javascript_bundle()}\n}})();\n", encoding="utf-8")
        stamp.write_text(version)
    return target


def _theme_defaults(app: Sphinx, config) -> None:
    """Start from the reader's system colour mode; no header search bar (the sidebar has one)."""
    config.html_context.setdefault("default_mode", "auto")
    config.html_theme_options.setdefault("navbar_persistent", [])
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def _add_static(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    out = Path(app.outdir) / "_static"
    out.mkdir(parents=True, exist_ok=True)
    # files only: static/geo/ holds map data that charts inline, not a site asset
    for source in [*sorted(p for p in STATIC.iterdir() if p.is_file()), runtime_file(app)]:
        write_if_changed(out / source.name, source.read_text(encoding="utf-8"))
    app.add_js_file("ab-charts.js", loading_method="defer")
    app.add_css_file("ab-charts.css")


def _trim(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """No sphinx-thebe assets anywhere; no chart script on pages without a chart."""
    has_chart = 'class="ab-chart"' in context.get("body", "")

    def keep(asset) -> bool:
        name = str(getattr(asset, "filename", asset) or "")
        body = str(getattr(asset, "attributes", {}).get("body", ""))
        if not has_chart and name.rsplit("/", 1)[-1] == "ab-charts.js":
            return False
        return "thebe" not in name and "THEBE_JS_URL" not in body

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if keep(a)]


_FA_ICON = re.compile(
    r'(?:"([a-z0-9-]+)"|\b([a-z][a-z0-9]*)):\[\d+,\d+,\[([^\]]*)\],"[0-9a-f]+",'
    r'(?:"(?:[^"\\]|\\.)*"|\[(?:"(?:[^"\\]|\\.)*",?)*\])\],?'
)


def icon_names(site: Path) -> set[str]:
    """Font Awesome icon names (fa-NAME) that the site's pages and scripts use."""
    texts = [p.read_text(encoding="utf-8", errors="ignore") for p in site.rglob("*.html")]
    texts += [p.read_text(encoding="utf-8", errors="ignore")
              for p in (site / "_static").rglob("*.js")
              if p.name not in ("fontawesome.js", RUNTIME_NAME)]
    return {name for text in texts for name in re.findall(r"fa-([a-z0-9-]+)", text)}


def _subset_fontawesome(app: Sphinx, exc) -> None:
    """Keep only the icons the site uses in the theme's Font Awesome script."""
    if exc or app.builder.format != "html":
        return
    import pydata_sphinx_theme

    original = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
                / "static" / "scripts" / "fontawesome.js")
    target = Path(app.outdir) / "_static" / "scripts" / "fontawesome.js"
    if not original.exists() or not target.exists():
        return
    used = icon_names(Path(app.outdir))

    def subset(match: re.Match) -> str:
        names = {match.group(1) or match.group(2)}
        names |= set(re.findall(r'"([a-z0-9-]+)"', match.group(3)))
        return match.group(0) if names & used else ""

    write_if_changed(target, _FA_ICON.sub(subset, original.read_text(encoding="utf-8")))


def _visit_folded_code(self, node) -> None:
    """myst-nb's fold for a hide-input cell, without its fixed aria-label: "Toggle hidden
    content" does not contain the visible "Show code cell source", a WCAG 2.5.3 failure."""
    from html import escape

    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n'
                     f'<summary>\n<p class="collapsed admonition-title">'
                     f'{escape(node["prompt_show"])}</p>\n<p class="expanded admonition-title">'
                     f'{escape(node["prompt_hide"])}</p>\n</summary>\n')


def _fold_labels(app: Sphinx) -> None:
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(_visit_folded_code, depart_HideCellInput))


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _fold_labels)
    app.connect("config-inited", _theme_defaults)
    app.connect("builder-inited", _add_static)
    app.connect("html-page-context", _trim, priority=900)
    app.connect("build-finished", _subset_fontawesome)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
