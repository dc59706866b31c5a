"""Every source's address is shown on the Sources page exactly as data/sources.csv stores it:
Sphinx's smart quotes turned the '--' in eight real addresses into en and em dashes in the link
text (the link itself stayed intact)."""

from __future__ import annotations

from html.parser import HTMLParser

import alliancebook as ab
from test_build_features import _build


class _Links(HTMLParser):
    """The texts of every link, by its address (a source may share its address with another)."""

    def __init__(self):
        super().__init__()
        self.links: dict[str, list[str]] = {}
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open = dict(attrs).get("href")
            self.links.setdefault(self._open, []).append("")

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self.links[self._open][-1] += data


def test_source_addresses_are_shown_as_stored(tmp_path):
    urls = list(ab.load("sources")["url"])
    tricky = [u for u in urls if "--" in u or "'" in u or '"' in u]
    assert len([u for u in tricky if "--" in u]) >= 8, "the case this test guards is gone"
    out, warnings = _build(tmp_path, ["myst_parser", "alliancebook.sphinxext.citations"],
                           {"index.md": "# Sources\n\nSome -- prose.\n\n```{source-list}\n```\n"})
    parser = _Links()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    wrong = {u: parser.links.get(u) for u in urls if set(parser.links.get(u, [])) != {u}}
    assert wrong == {}
    assert "Some – prose." in (out / "index.html").read_text(encoding="utf-8"), \
        "smart quotes are off for the prose too"
