"""The book paraphrases its case article; it never copies the article's sentences."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

CASE = ROOT.parent / "shared" / "case" / "case-article.txt"
RUN = 7  # words: a shared run this long is a copied phrase, not a coincidence


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _own_text(path) -> str:
    """The text a file says in the book's own words: web addresses are left out everywhere,
    and so are the source registry's titles, which the schema asks to be copied as published."""
    text = path.read_text(encoding="utf-8")
    if path.name == "sources.csv":
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(text)))
        text = "\n".join(" ".join(v for k, v in row.items() if k != "title") for row in rows)
    return re.sub(r"https?://\S+", " ", text)


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


@pytest.mark.skipif(not CASE.exists(),
                    reason="the case article (shared/case) is not beside this checkout")
def test_no_run_of_words_copied_from_the_case_article():
    article = _runs(_words(CASE.read_text(encoding="utf-8")))
    files = sorted((ROOT / "book").rglob("*.md")) + sorted((ROOT / "data").rglob("*.csv")) \
        + sorted((ROOT / "data").rglob("*.md"))
    copied = [f"{path.relative_to(ROOT)}: {' '.join(run)}" for path in files
              for run in sorted(_runs(_words(_own_text(path))) & article)]
    assert copied == []
