"""Data strings that reach generated Markdown are shown as written, never read as markup: a
source's publisher in data/sources.csv cannot put a link, an image or raw HTML into the
notebooks that students open (JupyterLab, ``jupyter nbconvert --to html``)."""

from __future__ import annotations

import csv
import io
import shutil
from html.parser import HTMLParser

import pytest

from alliancebook import launch, notebooks
from alliancebook.edition import Edition
from alliancebook.markup import escape
from conftest import ROOT

HEADER = ("---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
          "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n")
PAYLOADS = {
    "link": "[Click me](javascript:alert(1))",
    "image": "![x](javascript:alert(2))",
    "html": '<img src="x" onerror="alert(3)">',
    "autolink": "<javascript:alert(4)>",
    "reference": "[Click][r] [r]: javascript:alert(5)",
    "breakout": "Reuters](javascript:alert(6)) [x",
    "code": "`unclosed code ](javascript:alert(7))",
    "entity": "&#91;x&#93;&#40;javascript:alert(8)&#41;",
}


class _Tags(HTMLParser):
    """Every tag with its attributes, and the text."""

    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _dangers(html: str) -> list:
    parser = _Tags()
    parser.feed(html)
    found = []
    for tag, attrs in parser.tags:
        for name, value in attrs.items():
            if name.startswith("on") or ("javascript:" in (value or "").replace(" ", "").lower()
                                         and name in {"href", "src", "action", "formaction"}):
                found.append((tag, name, value))
        if tag == "img":
            found.append((tag, attrs))
    return found


@pytest.fixture
def rendering(tmp_path, monkeypatch):
    """A notebook page that cites one registered source per payload, rendered as the build
    renders it, from a copy of the data whose sources carry the payloads as publisher."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "sources.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for n, (kind, payload) in enumerate(PAYLOADS.items()):
        rows[n]["publisher"], rows[n]["title"] = payload, payload
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    monkeypatch.setenv("ALLIANCEBOOK_DATA", str(data))
    ids = ";".join(r["source_id"] for r in rows[:len(PAYLOADS)])
    page = tmp_path / "page.md"
    page.write_text(HEADER + f"# Page\n\nSigned {{src}}`{ids}`.\n\n- In a list "
                    f"{{src}}`{rows[0]['source_id']}`\n", encoding="utf-8")
    edition = Edition.INSTRUCTOR
    return notebooks.render(page, "book/page", launch.book_settings(ROOT, edition), edition)


def _markdown(notebook) -> str:
    return "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def test_nbconvert_html_of_a_rendering_has_no_link_or_html_from_the_data(rendering):
    from nbconvert import HTMLExporter

    html, _ = HTMLExporter().from_notebook_node(rendering)
    assert _dangers(html) == []
    parser = _Tags()
    parser.feed(html)
    text = " ".join(parser.text)
    for payload in ("[Click me](javascript:alert(1))", '<img src="x" onerror="alert(3)">'):
        assert payload in text, "the publisher is not shown as written"


def test_markdown_it_reads_no_link_or_html_from_the_data(rendering):
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(_markdown(rendering))
    assert _dangers(html) == []
    links = [attrs["href"] for tag, attrs in _tags(html) if tag == "a"]
    assert links and all(href.startswith("https://") for href in links)


def _tags(html: str) -> list:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("kind", PAYLOADS)
def test_escape_shows_each_payload_as_written(kind):
    from markdown_it import MarkdownIt

    payload = PAYLOADS[kind]
    for text in (payload, f"- {payload}", f"1. {payload}", f"# {payload}"):
        html = MarkdownIt("commonmark").render(f"[{escape(text)}](https://example.org/)")
        parser = _Tags()
        parser.feed(html)
        assert [t for t, _ in parser.tags] == ["p", "a"], html
        assert "".join(parser.text).strip() == text

