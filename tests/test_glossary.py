"""The glossary (issue 26): every chapter's Key terms in one Sphinx glossary, each term defined
once; a term defined differently on two pages fails the build; Key terms link to the glossary."""

from __future__ import annotations

import html as html_lib
import re

from alliancebook.pages import TOC, toc_files
from alliancebook.sphinxext.glossary import gather, key_terms
from conftest import ROOT
import subprocess
import sys

from conftest import edition_env


def _build(tmp_path, pages: dict[str, str]):
    """Build a tiny project with the glossary feature and MyST definition lists."""
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'alliancebook.sphinxext.glossary']\n"
        "myst_enable_extensions = ['deflist']\nhtml_theme = 'basic'\n"
        "exclude_patterns = ['_build']\n", encoding="utf-8")
    for name, text in pages.items():
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", str(src),
                             str(out)], capture_output=True, text=True, timeout=300, cwd=ROOT,
                            env=edition_env())
    assert (out / "index.html").exists(), result.stderr[-3000:]
    return out, result.stderr


def pages() -> dict[str, str]:
    """The text of every page in _toc.yml."""
    return {doc: (ROOT / f"{doc}.md").read_text(encoding="utf-8")
            for doc in toc_files(ROOT / TOC)}


def test_no_term_is_defined_twice_or_differently():
    terms, conflicts = gather(pages())
    assert conflicts == []
    assert len(terms) >= 30
    by_page = {doc: key_terms(text) for doc, text in pages().items()}
    for name in ("book/treaty", "book/arms", "book/troops", "book/verification",
                 "book/sanctions", "book/methods"):
        assert by_page[name], f"{name} has no Key terms"


def test_the_parser_reads_a_definition_list_with_continuation_lines():
    text = ("# P\n\n## Key terms\n\nAlpha\n: First line\n  and more.\n\nBeta (B)\n: Two.\n\n"
            "## Further reading\n\nGamma\n: not a key term\n")
    assert key_terms(text) == [("Alpha", "First line and more."), ("Beta (B)", "Two.")]


def test_a_term_defined_differently_fails_the_build(tmp_path):
    one = "# One\n\n## Key terms\n\nVintage\n: A release of a series.\n"
    two = "# Two\n\n## Key terms\n\nVintage\n: Something else.\n"
    index = ("# Home\n\n```{toctree}\none\ntwo\nglossary\n```\n")
    gloss = "# Glossary\n\n```{book-glossary}\n```\n"
    out, warnings = _build(tmp_path, {"index.md": index, "one.md": one, "two.md": two,
                            "glossary.md": gloss})
    assert "'Vintage' is defined differently in one and two" in warnings
    same = two.replace("Something else.", "A release of a series.")
    out, warnings = _build(tmp_path, {"index.md": index, "one.md": one, "two.md": same,
                            "glossary.md": gloss})
    assert "WARNING" not in warnings, warnings
    page = (out / "glossary.html").read_text(encoding="utf-8")
    assert len(re.findall(r'id="term-vintage"', page, re.I)) == 1
    one_page = (out / "one.html").read_text(encoding="utf-8")
    assert re.search(r'href="glossary.html#term-vintage"', one_page, re.I)


def test_glossary_page_defines_every_key_term_once_and_chapters_link_to_it(site):
    terms, _ = gather(pages())
    glossary = (site / "book" / "appendix" / "glossary.html").read_text(encoding="utf-8")
    shown = [html_lib.unescape(re.sub(r"<[^>]+>", "", t)).strip()
             for t in re.findall(r'<dt id="term-[^"]*">(.*?)<a class="headerlink"', glossary,
                                 re.S)]
    shown = [t.replace("\u2019", "'").casefold() for t in shown]  # smart quotes in the HTML
    assert sorted(shown) == sorted(terms)
    for entry in terms.values():
        for doc in entry["pages"]:
            page = (site / f"{doc}.html").read_text(encoding="utf-8")
            assert "appendix/glossary.html#term-" in page, doc


def test_first_use_of_a_term_in_prose_links_to_the_glossary_but_not_in_titles(site):
    page = (site / "book" / "sanctions.html").read_text(encoding="utf-8")
    uses = re.findall(r'<a class="ab-glossary-link[^"]*" href="appendix/glossary.html'
                      r'#term-[^"]+">([^<]+)</a>', page)
    assert "vintage" in [u.lower() for u in uses[:-7]]  # in prose, before the Key terms
    for path in site.joinpath("book").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r"<summary.*?</summary>|<h[1-6].*?</h[1-6]>", text, re.S):
            assert "ab-glossary-link" not in block, path  # a link in a control is nested
