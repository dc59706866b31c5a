"""The book's record of itself (issue 26): one version everywhere, reference files that a
reference manager imports and that match the registry, "Evidence runs to" dates computed from
each page's citations, and the corrections log with links from the corrected pages."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import bibtexparser
import rispy
import yaml
from bibtexparser import middlewares
from citeproc.source.json import CiteProcJSON

from alliancebook import data, release
from conftest import ROOT

REFS = Path("_downloads") / "references"
SRC_ROLE = re.compile(r"\{src\}`([^`]*)`")


def registry() -> dict:
    return {row["source_id"]: row for row in data.load("sources").to_dict("records")}


def parts(row) -> list[int] | None:
    """The publication date cut to its precision, as the test reads the registry."""
    value = row["date_published"]
    if value is None or value != value:
        return None
    keep = {"year": 1, "month": 2, "day": 3}[row["date_precision"] or "day"]
    return [value.year, value.month, value.day][:keep]


def accessed(row) -> list[int]:
    return [row["date_accessed"].year, row["date_accessed"].month, row["date_accessed"].day]


def toc_docs() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


def cited_in_source(doc: str) -> list[str]:
    """The source ids a page cites, read from its MyST text (not from the build)."""
    text = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
    ids = [sid.strip() for group in SRC_ROLE.findall(text) for sid in group.split(";")]
    return list(dict.fromkeys(sid for sid in ids if sid))


# ------------------------------------------------------------------ one version

def test_one_version_in_pyproject_citation_data_package_and_changelog():
    number = release.version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", number)
    assert release.citation_version() == number, "run python -m alliancebook.release"
    assert release.package_version() == number, "run python -m alliancebook.release"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", changelog, re.M)
    assert releases and releases[0][0] == number, "the newest CHANGELOG release is not the version"
    headings = ("### Facts", "### Data", "### Exercises", "### Code")
    sections = re.split(r"^## ", changelog, flags=re.M)[1:]
    for section in sections:
        found = re.findall(r"^### \w+$", section, re.M)
        if section.startswith("[Unreleased]"):   # changes since the last release: any of the four
            assert set(found) <= set(headings) and len(found) == len(set(found)), found
        else:                                    # a release: all four, once each, in this order
            assert found == list(headings), (section.splitlines()[0], found)
    assert len(sections) - changelog.count("## [Unreleased]") == len(releases)


def test_release_stamps_the_version_into_the_citation_and_the_data_package(tmp_path):
    (tmp_path / "data").mkdir()
    for name in ("pyproject.toml", "CITATION.cff", "data/datapackage.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    py = tmp_path / "pyproject.toml"
    py.write_text(re.sub(r'^version = ".*"$', 'version = "9.8.7"',
                         py.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    assert release.citation_version(tmp_path) != "9.8.7"
    release.stamp(tmp_path, today=dt.date(2030, 1, 2))
    assert release.citation_version(tmp_path) == "9.8.7" == release.package_version(tmp_path)
    assert "date-released: 2030-01-02" in (tmp_path / "CITATION.cff").read_text(encoding="utf-8")
    before = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    after = json.loads((tmp_path / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert {**before, "version": "9.8.7"} == after  # nothing else touched


def test_every_page_footer_shows_the_version(site):
    number = release.version()
    for doc in toc_docs():
        page = site / f"{doc}.html"
        assert f"Version {number}." in page.read_text(encoding="utf-8"), page


# ------------------------------------------------------------------ reference files

def _files(site: Path) -> dict[str, dict[str, Path]]:
    folder = site / REFS
    stems: dict[str, dict[str, Path]] = {}
    for path in folder.iterdir():
        stems.setdefault(path.stem, {})[path.suffix[1:]] = path
    return stems


def _check_bibtex(path: Path, rows: dict) -> list[str]:
    text = path.read_text(encoding="utf-8")
    decoded = bibtexparser.parse_string(
        text, append_middleware=[middlewares.LatexDecodingMiddleware()])
    raw = bibtexparser.parse_string(text)  # addresses are read verbatim, not decoded
    assert not decoded.failed_blocks and not raw.failed_blocks, path
    ids = []
    for entry, plain in zip(decoded.entries, raw.entries):
        row, f, p = rows[entry.key], entry.fields_dict, plain.fields_dict
        ids.append(entry.key)
        assert f["title"].value.strip("{}") == row["title"], entry.key
        assert f["publisher"].value == row["publisher"], entry.key
        assert p["url"].value == row["url"], entry.key
        assert p["urldate"].value == "-".join(f"{n:02d}" for n in accessed(row)), entry.key
        want = parts(row)
        if want is None:
            assert "date" not in f and "year" not in f, entry.key
        else:
            assert p["date"].value == "-".join(f"{n:02d}" for n in want), entry.key
            assert p["year"].value == str(want[0]), entry.key
            assert ("month" in p) == (len(want) > 1), entry.key
    return ids


def _check_csl(path: Path, rows: dict) -> list[str]:
    items = json.loads(path.read_text(encoding="utf-8"))
    source = CiteProcJSON(items)  # citeproc-py reads every item, or raises
    ids = []
    for item in items:
        row, ref = rows[item["id"]], source[item["id"].lower()]
        ids.append(item["id"])
        assert str(ref.title) == row["title"] and str(ref.publisher) == row["publisher"]
        assert str(ref.URL) == row["url"], item["id"]
        got = ref.accessed
        assert [got.year, got.month, got.day] == accessed(row), item["id"]
        want = parts(row)
        if want is None:
            assert "issued" not in ref, item["id"]
        else:
            issued = ref.issued
            read = [issued.get(k) for k in ("year", "month", "day")][:len(want)]
            assert [int(n) for n in read] == want, item["id"]
            assert all(issued.get(k) is None for k in ("year", "month", "day")[len(want):])
    return ids


def _check_ris(path: Path, rows: dict) -> list[str]:
    entries = rispy.loads(path.read_text(encoding="utf-8"))
    ids = []
    for entry in entries:
        row = rows[entry["id"]]
        ids.append(entry["id"])
        assert entry["title"] == row["title"] and entry["publisher"] == row["publisher"]
        assert entry["urls"] == [row["url"]], entry["id"]
        assert entry["access_date"] == "/".join(f"{n:02d}" for n in accessed(row))
        want = parts(row)
        if want is None:
            assert "year" not in entry and "date" not in entry, entry["id"]
        else:
            cells = [str(want[0])] + [f"{n:02d}" for n in want[1:]]
            assert entry["year"] == str(want[0])
            assert entry["date"] == "/".join(cells + [""] * (3 - len(cells))) + "/"
    return ids


def test_reference_files_parse_and_match_the_registry(site):
    rows = registry()
    stems = _files(site)
    assert "sources" in stems
    for name, files in stems.items():
        assert set(files) == {"bib", "json", "ris"}, name
        read = {"bib": _check_bibtex(files["bib"], rows), "json": _check_csl(files["json"], rows),
                "ris": _check_ris(files["ris"], rows)}
        assert read["bib"] == read["json"] == read["ris"], name
        if name == "sources":
            assert sorted(read["bib"]) == sorted(rows)
        else:
            doc = next(d for d in toc_docs() if d.replace("/", "-") == name)
            if doc == "book/appendix/corrections":  # the log cites each settling source
                fixes = data.load("corrections").sort_values(["date", "correction_id"])
                assert read["bib"] == list(dict.fromkeys(fixes["source_id"])), name
            else:
                assert read["bib"] == cited_in_source(doc), name


def test_each_citing_page_and_the_sources_page_link_their_files(site):
    sources_page = (site / "book" / "appendix" / "sources.html").read_text(encoding="utf-8")
    for ext in ("bib", "json", "ris"):
        assert f'href="../../_downloads/references/sources.{ext}"' in sources_page
    for doc in toc_docs():
        if not cited_in_source(doc) or doc in ("book/index", "book/appendix/corrections"):
            continue
        html = (site / f"{doc}.html").read_text(encoding="utf-8")
        up = "../" * doc.count("/")
        for ext in ("bib", "json", "ris"):
            name = f"{doc.replace('/', '-')}.{ext}"
            assert (site / REFS / name).exists()
            assert f'href="{up}_downloads/references/{name}"' in html, (doc, ext)


# ------------------------------------------------------------------ dates

def expected_date(ids: list[str]) -> str:
    rows = registry()
    dated = [rows[s] for s in ids if parts(rows[s]) is not None]
    rank = {"year": 0, "month": 1, "day": 2}
    best = max(dated, key=lambda r: (r["date_published"], rank[r["date_precision"] or "day"]))
    return data.format_date(best["date_published"], best["date_precision"] or "day")


def _asof(html: str) -> str:
    found = re.findall(r"Evidence runs to ([^<]+)</strong>", html)
    assert len(found) == 1, found
    return found[0]


def test_every_citing_page_says_how_far_its_evidence_runs(site):
    checked = 0
    for doc in toc_docs():
        ids = cited_in_source(doc)
        if not ids or doc in ("book/index", "book/appendix/corrections"):
            continue
        html = (site / f"{doc}.html").read_text(encoding="utf-8")
        assert _asof(html) == expected_date(ids), doc
        assert f"the newest of the {len(ids)} sources this page cites" in html, doc
        checked += 1
    assert checked >= 9


def test_home_page_gives_the_book_date_and_each_chapter_date(site):
    html = (site / "book" / "index.html").read_text(encoding="utf-8")
    pages = {doc: cited_in_source(doc) for doc in toc_docs()[1:]
             if doc != "book/appendix/corrections" and cited_in_source(doc)}
    every = sorted({sid for ids in pages.values() for sid in ids}
                   | set(cited_in_source("book/index")))
    assert _asof(html) == expected_date(every)
    listing = html[html.index("How current each page is"):]
    for doc in ("book/treaty", "book/arms", "book/troops", "book/verification",
                "book/sanctions", "book/conclusions"):
        assert doc in pages
        link = doc.removeprefix("book/") + ".html"
        hit = re.search(rf'href="{re.escape(link)}">[^<]+</a>: evidence runs to ([^<]+)</p>',
                        listing)
        assert hit and hit.group(1) == expected_date(pages[doc]), doc


# ------------------------------------------------------------------ corrections

def test_corrections_name_real_pages_and_sources():
    frame = data.load("corrections")
    assert len(frame) >= 10
    docs = set(toc_docs())
    rows = registry()
    for fix in frame.to_dict("records"):
        assert fix["page"] in docs, fix["correction_id"]
        assert fix["source_id"] in rows
        assert fix["was"] != fix["now"]


def test_corrections_page_lists_each_entry_and_corrected_pages_link_to_it(site):
    log = (site / "book" / "appendix" / "corrections.html").read_text(encoding="utf-8")
    for fix in data.load("corrections").to_dict("records"):
        cid = fix["correction_id"]
        assert f'id="corr-{cid}"' in log, cid
        page = (site / f"{fix['page']}.html").read_text(encoding="utf-8")
        rel = os.path.relpath("book/appendix/corrections.html",
                              os.path.dirname(f"{fix['page']}.html"))
        assert f'href="{rel}#corr-{cid}"' in page, (cid, fix["page"])
