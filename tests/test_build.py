"""The built site: zero warnings, nothing from other hosts, one shared chart runtime, notebooks to
download."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import nbformat
import pytest
import yaml

from conftest import ROOT, built_pages, notebook_pages

from alliancebook import colab
from alliancebook.myst_blocks import walk

pytestmark = pytest.mark.build


class _Assets(HTMLParser):
    """Collect the addresses a page loads (scripts, stylesheets, preloads, images, frames)."""

    def __init__(self):
        super().__init__()
        self.loaded: list[tuple[str, str]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.loaded.append(("script", a["src"]))
        elif tag == "link" and a.get("href") and {"stylesheet", "preload", "modulepreload",
                                                  "icon"} & set((a.get("rel") or "").split()):
            self.loaded.append(("link", a["href"]))
        elif tag in {"img", "iframe", "source", "embed"} and a.get("src"):
            self.loaded.append((tag, a["src"]))
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])


def _parse(page: Path) -> _Assets:
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_build_reports_zero_warnings(build_log):
    assert "build succeeded" in build_log
    warnings = [line for line in build_log.splitlines() if re.search(r"\bWARNING\b", line)
                and "Kernel is running over TCP" not in line]
    assert warnings == []


def test_no_page_loads_anything_from_another_host(site):
    offenders = []
    for page in built_pages(site):
        for kind, url in _parse(page).loaded:
            scheme = urlparse(url).scheme
            if (scheme and scheme != "data") or url.startswith("//"):
                offenders.append(f"{page.relative_to(site)}: {kind} {url}")
    assert offenders == []


def test_vega_runtime_is_served_once_not_inlined(site):
    runtime = (site / "_static" / "ab-vega.js").read_text(encoding="utf-8")
    assert len(runtime) > 100_000, "the Vega runtime bundle looks truncated"
    fingerprint = runtime[2000:2200]
    chart_pages = 0
    for page in built_pages(site):
        html = page.read_text(encoding="utf-8")
        assert fingerprint not in html, f"{page.name} inlines the Vega runtime"
        # The runtime is never in the page itself: ab-charts.js loads it on a reader's touch.
        assert "_static/ab-vega.js" not in html, f"{page.name} loads the runtime up front"
        if 'class="ab-chart"' in html:
            chart_pages += 1
            assert "_static/ab-charts.js" in html
        else:
            assert "_static/ab-charts.js" not in html, f"{page.name} has no chart"
    assert chart_pages >= 1


def _book_config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("source", notebook_pages(), ids=lambda p: p.stem)
def test_notebook_page_offers_ipynb_and_binder(site, source):
    from alliancebook import notebooks

    doc = source.relative_to(ROOT).with_suffix("")
    page = site / doc.with_suffix(".html")
    links = _parse(page).links
    ipynb = [h for h in links if h.endswith(f"_sources/{doc}.ipynb")]
    assert ipynb, "no .ipynb download link"
    download = site / "_sources" / doc.with_suffix(".ipynb")
    notebook = nbformat.read(download, as_version=4)
    nbformat.validate(notebook)
    import jupytext
    md = jupytext.read(source)
    code = lambda nb: [c.source for c in nb.cells if c.cell_type == "code"   # noqa: E731
                       and colab.TAG not in c.metadata.get("tags", [])]  # the setup cell
    assert code(notebook) == code(md), "the downloadable notebook's code differs from the page's"
    assert all(not c.outputs for c in notebook.cells if c.cell_type == "code")
    assert notebooks.raw_myst(notebook) == []
    # One rendering: the download is the repository's copy with the solutions folded, and
    # Binder opens the repository's student edition, the same file as the site's.
    folded = ROOT / "notebooks" / "with-solutions" / doc.with_suffix(".ipynb")
    assert download.read_text(encoding="utf-8") == folded.read_text(encoding="utf-8")
    launched = ROOT / "notebooks" / doc.with_suffix(".ipynb")
    student = site / "student" / doc.with_suffix(".ipynb")
    assert launched.read_text(encoding="utf-8") == student.read_text(encoding="utf-8")

    repo = urlparse(_book_config()["repository"]["url"]).path.strip("/")
    binder = [h for h in links if h.startswith("https://mybinder.org/v2/gh/")]
    assert binder, "no Binder launch link"
    url = urlparse(binder[0])
    assert url.path == f"/v2/gh/{repo}/main"
    assert parse_qs(url.query)["urlpath"] == [f"lab/tree/notebooks/{doc}.ipynb"]


@pytest.mark.parametrize("source", notebook_pages(), ids=lambda p: p.stem)
def test_notebook_citations_land_on_a_source_list_entry(site, source):
    from alliancebook import launch, notebooks
    from alliancebook.edition import Edition

    doc = source.relative_to(ROOT).with_suffix("")
    text = (site / "_sources" / doc.with_suffix(".ipynb")).read_text(encoding="utf-8")
    base = launch.book_settings(ROOT, Edition.INSTRUCTOR).site + notebooks.SOURCE_LIST + ".html#"
    anchors = set(re.findall(re.escape(base) + r"(src-[\w-]+)", text))
    cited = re.findall(r"\{src\}`([^`]+)`", source.read_text(encoding="utf-8"))
    assert anchors == {f"src-{i.strip()}" for ids in cited for i in ids.split(";")}
    html = (site / f"{notebooks.SOURCE_LIST}.html").read_text(encoding="utf-8")
    assert [a for a in anchors if f'id="{a}"' not in html] == []


def test_binder_postbuild_writes_what_the_launch_buttons_open(site, tmp_path):
    """Binder runs postBuild in a fresh clone: it writes the notebooks the buttons open (the
    student edition) and the folded ones (the download), and quiets JupyterLab's news prompt."""
    from conftest import repository_copy, run_postbuild

    assert "-r ../requirements.txt" in (ROOT / ".binder" / "requirements.txt").read_text()
    assert re.search(r"^-e \.$", (ROOT / "requirements.txt").read_text(), re.M)
    repo = repository_copy(tmp_path / "repo")
    assert not (repo / "notebooks").exists()
    result = run_postbuild(repo, tmp_path / "prefix")
    assert result.returncode == 0, result.stderr[-3000:]
    for source in notebook_pages():
        doc = source.relative_to(ROOT).with_suffix("").with_suffix(".ipynb")
        text = lambda path: path.read_text(encoding="utf-8")  # noqa: E731
        assert text(repo / "notebooks" / doc) == text(site / "student" / doc)
        assert text(repo / "notebooks" / "with-solutions" / doc) == text(site / "_sources" / doc)
    overrides = tmp_path / "prefix" / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    news = json.loads(overrides.read_text())["@jupyterlab/apputils-extension:notification"]
    assert news == {"fetchNews": "false", "checkForUpdates": False}


def test_instructors_get_a_hub_link_and_a_clone_command_per_chapter(site):
    from alliancebook import launch
    from alliancebook.edition import Edition

    conf = launch.book_settings(ROOT, Edition.INSTRUCTOR)
    html = (site / "book" / "how-to-use.html").read_text(encoding="utf-8")
    for source in notebook_pages():
        doc = source.relative_to(ROOT).with_suffix("").as_posix()
        for edition in Edition:
            link = launch.hub_link(conf, doc, edition).replace("&", "&amp;")
            assert link in html, f"no nbgitpuller link for {doc}"
    assert f"git clone {conf.repo}.git" in html


def test_data_appendix_offers_every_table(site):
    """The generated data appendix links a download of each table of the package, and the file is
    served."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    page = site / "book" / "appendix" / "data.html"
    links = _parse(page).links
    for resource in package["resources"]:
        hits = [h for h in links if h.endswith("/" + resource["path"])]
        assert hits, f"no download link for {resource['path']}"
        assert (page.parent / hits[0]).resolve().is_file()
        assert f'id="data-{resource["name"].replace("_", "-")}"' in page.read_text(encoding="utf-8")


def test_source_list_has_an_anchor_per_source(site):
    import csv

    with open(ROOT / "data" / "sources.csv", encoding="utf-8") as handle:
        ids = [row["source_id"] for row in csv.DictReader(handle)]
    html = (site / "book" / "appendix" / "sources.html").read_text(encoding="utf-8")
    missing = [i for i in ids if f'id="src-{i}"' not in html]
    assert missing == []


def _solution_lines(page: str) -> list[str]:
    """Every non-blank line inside a solution of a page, in either of the two forms (a fenced
    {solution}, or the text and cells from a {solution-start} to its {solution-end})."""
    lines, inside, gate = page.splitlines(), set(), None
    for block in walk(page):
        if block.name == "solution":
            inside.update(range(block.start + 1, block.end - 1))
        elif block.name == "solution-start":
            gate = block.end
        elif block.name == "solution-end" and gate is not None:
            inside.update(range(gate, block.start))
            gate = None
    return [line for line in (lines[n].strip() for n in sorted(inside))
            if line and not re.fullmatch(r"`{3,}(\{code-cell\}.*)?|:\w+:.*", line)]

@pytest.mark.parametrize("source", notebook_pages(), ids=lambda p: p.stem)
def test_student_edition_has_exercises_but_no_solutions(site, source):
    doc = source.relative_to(ROOT).with_suffix("")
    student = nbformat.read(site / "student" / doc.with_suffix(".ipynb"), as_version=4)
    nbformat.validate(student)
    text = "\n".join(cell.source for cell in student.cells   # the generated setup cell is no
                     if colab.TAG not in cell.metadata.get("tags", []))  # text of the page
    page = source.read_text(encoding="utf-8")
    exercises = re.findall(r"^:label: (\S+)", page, re.M)
    hidden = _solution_lines(page)
    assert hidden, "a page with exercises should have solutions to strip"
    assert "{solution" not in text
    for label in exercises:
        assert label in text, f"exercise {label} is missing from the student edition"
    student_lines = {line.strip() for line in text.splitlines()}
    elsewhere = {line.strip() for line in page.splitlines()} - set(hidden)
    shared = {line.strip() for line in page.splitlines()
              if line.strip() in hidden and page.count(line.strip()) > hidden.count(line.strip())}
    leaked = [line for line in hidden if line in student_lines and line not in shared
              and line not in elsewhere]
    assert leaked == [], f"solution text leaked: {leaked[:3]}"
    assert all(not cell.get("outputs") for cell in student.cells if cell.cell_type == "code")
    from alliancebook.notebooks import raw_myst

    assert raw_myst(student) == []
    html = (site / "book" / "how-to-use.html").read_text(encoding="utf-8")
    assert f'href="../student/{doc}.ipynb"' in html
    import zipfile

    with zipfile.ZipFile(site / "student" / "student-edition.zip") as bundle:
        assert f"{doc}.ipynb" in bundle.namelist()


def test_solution_scan_sees_a_planted_leak():
    """The leak check above can fail: a solution line copied outside the solution is found."""
    page = ("```{solution-start} ex\n```\n\nThe method is X.\n\n```{code-cell} ipython3\n"
            "x = 42\n```\n\n```{solution-end}\n```\n")
    assert _solution_lines(page) == ["The method is X.", "x = 42"]


def test_data_appendix_gives_each_dated_table_its_span(site):
    import alliancebook as ab

    page = (site / "book" / "appendix" / "data.html").read_text(encoding="utf-8")
    latest = ab.load("events")["date"].max()
    assert "Dates in date run from" in page and f"to {latest:%-d %B %Y}" in page


@pytest.mark.parametrize("source", notebook_pages(), ids=lambda p: p.stem)
def test_citations_are_light_numbers_with_publisher_and_date_a_hover_away(site, source):
    """A chapter cites with '[3]': the number's hover text is the source's publisher and date,
    it links to a note at the foot of the page, and the note links on to the source list. The
    citations take under 5% of the words (they took 10–15% as '[Publisher, date]') a reader sees
    in the article."""
    from bs4 import BeautifulSoup

    from alliancebook.citing import registry, short_label

    doc = source.relative_to(ROOT).with_suffix(".html")
    soup = BeautifulSoup((site / doc).read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article")
    links = article.select("a.ab-cite")
    notes = {li["id"]: li for li in article.select("ol.ab-notes > li")}
    if not re.search(r"\{src\}`", source.read_text(encoding="utf-8")):
        assert not links and not notes
        return
    assert links and notes
    for link in links:
        note = notes.get(link["href"].removeprefix("#"))
        assert note is not None, f"{link['href']} has no note"
        sid = note["id"].removeprefix("note-")
        assert link["title"] == short_label(registry()[sid])
        assert link.get_text(" ", strip=True).split()[-1].isdigit()
        assert note.select_one(f'a[href$="appendix/sources.html#src-{sid}"]')
        plain = note.get_text().replace("\u2019", "'").replace("\u201c", '"')
        assert registry()[sid]["publisher"].replace("\u201d", '"') in plain.replace(
            "\u201d", '"')
    numbers = [int(a.get_text().split()[-1]) for a in links]
    firsts = list(dict.fromkeys(numbers))
    assert firsts == list(range(1, len(notes) + 1)), "numbers follow first citation"
    for hidden in article.select(".ab-visually-hidden, ol.ab-notes, #notes"):
        hidden.decompose()
    cite_words = sum(len(c.get_text(" ").split()) for c in article.select(".ab-cites"))
    words = len(article.get_text(" ").split())
    assert cite_words / words < 0.05, f"citations are {cite_words / words:.1%} of the words"
