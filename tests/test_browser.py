"""Every built page of both editions in headless Chromium, network cut off: charts drawn, console
clean, axe-core clean, in light and dark mode and on a phone; and every page within its transfer
budget (the heaviest is named at the end of the test run)."""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

from conftest import CHROMIUM, ROOT, _require, built_pages, student_toc_pages, toc_pages

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_BUDGET_BYTES = 350_000  # gzip-compressed, all a page loads before a reader touches it


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(folder: Path):
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="module")
def server(site):
    yield from _serve(site)


@pytest.fixture(scope="module")
def student_server(student_site):
    yield from _serve(student_site)


@pytest.fixture(scope="module")
def browser():
    _require(bool(CHROMIUM), "Chromium (Debian package 'chromium')")
    _require(AXE.exists(), "axe-core (npm ci)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=None if CHROMIUM == "playwright" else CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield chromium
        chromium.close()


def _pages(site_dir: Path) -> list[str]:
    return [p.relative_to(site_dir).as_posix() for p in built_pages(site_dir)]


def test_every_built_page_is_covered(site):
    """The parametrised browser test below covers exactly the pages the build wrote."""
    assert sorted(_pages(site)) == sorted(toc_pages())


def test_every_student_page_is_covered(student_site):
    """The student edition leaves out the instructors' pages, and the parametrised student test
    below covers exactly the pages its build wrote."""
    pages = _pages(student_site)
    assert "book/arms.html" in pages and not [p for p in pages if "instructors" in p]
    assert sorted(pages) == sorted(student_toc_pages())


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _axe(page) -> dict:
    """axe-core's WCAG 2.1 A and AA rules on the page as it stands: the violations only (axe
    then skips collecting the nodes that pass, which halves its time on a long page)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                         "resultTypes: ['violations']}).then(r => ({violations: r.violations}))",
                         WCAG_TAGS)


def _visit(browser, server, site, path: str, mode: str, viewport: dict = DESKTOP) -> dict:
    """Open one page with every non-local request blocked; return what happened."""
    context = browser.new_context(viewport=viewport)
    context.add_init_script(f"localStorage.setItem('mode', '{mode}'); "
                            f"localStorage.setItem('theme', '{mode}');")
    blocked, errors, loaded = [], [], []

    def route(route):
        url = route.request.url
        if url.startswith(server) or url.startswith("data:") or url.startswith("blob:"):
            loaded.append(url)
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: errors.append(f"failed request: {r.url}")
            if r.url.startswith(server) else None)
    page.goto(f"{server}/{path}", wait_until="load")
    charts = page.locator("figure.ab-chart").count()
    # axe reads the page as it loaded. A page with no chart is checked before the network goes
    # quiet (nothing there waits for a reader, and the check outlasts the 0.5 s of quiet that
    # "networkidle" needs, so that wait then costs nothing); a page with charts after a touch
    # has drawn them.
    axe = None
    if not charts:
        try:
            axe = _axe(page)
        except PlaywrightError:  # the page moved on (a redirect): check where it landed
            pass
    page.wait_for_load_state("networkidle")
    before_touch = list(loaded)
    layout = page.evaluate(LAYOUT_JS)
    if charts:
        # The runtime waits for a reader: hover on a desktop, keyboard focus on a phone.
        view = page.locator("figure.ab-chart .ab-chart-view").first
        if viewport is PHONE:
            view.focus()
        else:
            view.hover()
        page.wait_for_function(
            "m => [...document.querySelectorAll('figure.ab-chart')]"
            ".every(f => f.dataset.drawnMode === m)",
            arg=mode, timeout=15000)
    state = page.evaluate("""() => ({
        theme: document.documentElement.dataset.theme,
        charts: [...document.querySelectorAll('figure.ab-chart')].map(f => ({
            id: f.id,
            marks: f.querySelectorAll('.ab-chart-live svg path, .ab-chart-live svg rect, '
                                      + '.ab-chart-live svg line').length,
            width: (f.querySelector('.ab-chart-live svg')
                    || {getBoundingClientRect: () => ({width: 0})}).getBoundingClientRect().width,
            images: f.querySelectorAll('.ab-chart-view img').length,
            label: (f.querySelector('.ab-chart-view') || {}).getAttribute?.('aria-label') || '',
            desc: (f.querySelector('.ab-chart-desc') || {}).textContent || '',
        })),
    })""")
    if axe is None:
        axe = _axe(page)
    context.close()
    return {"blocked": blocked, "errors": errors, "loaded": loaded, "before_touch": before_touch,
            "axe": axe, "layout": layout, **state}


# Measured before any interaction: horizontal overflow outside a scroll box, truncated table
# cells, and which static chart picture is visible.
LAYOUT_JS = """() => {
  const width = document.documentElement.clientWidth;
  const boxes = '.ab-table-wrap, pre, div.highlight, .pst-scrollable-table-container, ' +
                '.table-wrapper, .bd-sidebar-primary, .bd-sidebar-secondary, .ab-chart-view';
  const overflowing = [...document.querySelectorAll('.bd-main *')]
    .filter(el => el.offsetParent !== null && !el.closest(boxes))
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .map(el => el.tagName.toLowerCase() + '.' + (el.className || '').toString().slice(0, 40));
  const cells = [...document.querySelectorAll('td, th')].map(c => c.textContent.trim())
    .filter(t => t.endsWith('…') || t.endsWith('...'));
  const shown = [...document.querySelectorAll('img.ab-chart-static')]
    .filter(i => getComputedStyle(i).display !== 'none').map(i => i.className);
  const tall = [...document.querySelectorAll('table.ab-table tbody tr')]
    .filter(r => r.getBoundingClientRect().height > window.innerHeight)
    .map(r => r.textContent.trim().slice(0, 40));
  const unlabelled = [...document.querySelectorAll('div.exercise[id]')]
    .filter(b => !(b.querySelector('.admonition-title') || {textContent: ''}).textContent
                  .includes(b.id))
    .map(b => b.id);
  return {scrollWidth: document.documentElement.scrollWidth, width,
          overflowing: overflowing.slice(0, 5),
          truncatedCells: cells.slice(0, 5), staticShown: shown, tallRows: tall.slice(0, 3),
          unlabelled: unlabelled.slice(0, 5)};
}"""


def _problems(result: dict, mode: str, viewport: dict) -> list[str]:
    """Everything wrong with one visited page (an empty list if nothing): another host reached,
    console errors, sideways scrolling or cut-off content, the wrong colour mode or picture, the
    chart runtime loaded early, a chart not drawn or without a text alternative, axe violations."""
    layout = result["layout"]
    problems = [
        *([f"the page is in {result['theme']} mode, not {mode}"]
          if result["theme"] != mode else []),
        *(f"the page tried to reach another host: {url}" for url in result["blocked"]),
        *result["errors"],
        *(["the page scrolls sideways"] if layout["scrollWidth"] > layout["width"] + 1 else []),
        *(f"content runs past the edge outside a scroll box: {o}" for o in layout["overflowing"]),
        *(f"a table cell is cut off: {c}" for c in layout["truncatedCells"]),
        *(f"a table row is taller than the screen: {r}" for r in layout["tallRows"]),
        *(f"an exercise's title lacks its label: {x}" for x in layout["unlabelled"]),
        *(f"the {mode} page shows {shown}" for shown in layout["staticShown"]
          if f"ab-chart-static-{mode}" not in shown),
        *(["the chart runtime loaded before the reader touched a chart"]
          if any(u.endswith("ab-vega.js") for u in result["before_touch"]) else []),
    ]
    for chart in result["charts"]:
        if chart["marks"] <= 5:
            problems.append(f"chart {chart['id']} was not drawn")
        if not 200 < chart["width"] <= viewport["width"]:
            problems.append(f"chart {chart['id']} was drawn {chart['width']} px wide")
        if chart["images"]:
            problems.append(f"chart {chart['id']} still shows its static picture")
        if len(chart["label"]) <= 20 or len(chart["desc"]) <= 20:
            problems.append(f"chart {chart['id']} lacks a text alternative")
    problems += [f"axe {v['id']} ({v['impact']}): {v['help']} — "
                 f"{[n['target'] for n in v['nodes']][:3]}"
                 for v in result["axe"]["violations"]]
    return problems


def _gzip_size(site: Path, url: str) -> int:
    """The gzip-compressed size of the site's file a loaded URL names (0 for none)."""
    path = unquote(urlparse(url).path).lstrip("/")
    target = site / path
    if target.is_dir():
        target = target / "index.html"
    return len(gzip.compress(target.read_bytes(), compresslevel=6)) if target.is_file() else 0


VIEWS = pytest.mark.parametrize("mode,viewport", [("light", DESKTOP), ("dark", DESKTOP),
                                                  ("light", PHONE)], ids=["light", "dark", "phone"])


@VIEWS
@pytest.mark.parametrize("path", toc_pages())
def test_page_in_chromium(browser, server, site, path, mode, viewport, record_property):
    """Each page in each view; in the light desktop view also its weight, held to the budget
    (conftest's terminal summary names the heaviest page of the run)."""
    result = _visit(browser, server, site, path, mode, viewport)
    problems = _problems(result, mode, viewport)
    if (mode, viewport) == ("light", DESKTOP):
        weight = sum(_gzip_size(site, url) for url in set(result["before_touch"]))
        record_property("page", path)
        record_property("page_gzip_bytes", weight)
        if weight > PAGE_BUDGET_BYTES:
            problems.append(f"the page loads {weight} bytes gzip-compressed before a reader "
                            f"touches it, over its budget of {PAGE_BUDGET_BYTES}")
    assert problems == []


# The smallest legend label and axis label of each chart, in CSS px as drawn on the screen: a
# static picture's SVG font size times the picture's scale, a live chart's text font size times
# its SVG's scale on the screen (rotated labels included).
CHART_TEXT_JS = """() => [...document.querySelectorAll('figure.ab-chart')].map(f => {
  const least = sizes => sizes.length ? Math.min(...sizes) : null;
  const live = f.querySelector('.ab-chart-live svg');
  let texts, px;
  if (live) {
    texts = sel => [...live.querySelectorAll(sel + ' text')];
    px = t => parseFloat(getComputedStyle(t).fontSize) *
              Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b);
  } else {
    const img = [...f.querySelectorAll('img.ab-chart-static')]
      .find(i => getComputedStyle(i).display !== 'none');
    const svg = new DOMParser().parseFromString(
      decodeURIComponent(img.src.slice(img.src.indexOf(',') + 1)), 'image/svg+xml');
    const scale = img.getBoundingClientRect().width / img.naturalWidth;
    texts = sel => [...svg.querySelectorAll(sel + ' text')];
    px = t => parseFloat(t.getAttribute('font-size')) * scale;
  }
  const measure = sel => least(texts(sel).filter(t => t.textContent.trim()).map(px));
  return {id: f.id, legend: measure('.role-legend-label'), axis: measure('.role-axis-label')};
})"""
SMALLEST_TEXT_PX = 11


def test_chart_text_readable_on_a_phone(browser, server, site):
    """At 390 px, every chart's legend and axis labels on a chapter with legends are at least
    11 CSS px, both as the static picture a reader first sees and as the live chart a touch draws
    (a picture drawn 560 px wide and scaled to the screen had them at about 7 px)."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{server}/book/sanctions.html", wait_until="load")
    page.wait_for_load_state("networkidle")
    before = page.evaluate(CHART_TEXT_JS)
    page.locator("figure.ab-chart .ab-chart-view").first.focus()
    page.wait_for_function("() => [...document.querySelectorAll('figure.ab-chart')]"
                           ".every(f => f.dataset.drawn === 'true')", timeout=30000)
    after = page.evaluate(CHART_TEXT_JS)
    width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    context.close()
    assert before and len(before) == len(after)
    assert all(chart["legend"] for chart in before), "a chart of this page has no legend"
    small = [(state, chart["id"], part, chart[part])
             for state, charts in (("static", before), ("live", after)) for chart in charts
             for part in ("legend", "axis")
             if chart[part] is not None and chart[part] < SMALLEST_TEXT_PX]
    assert small == []
    assert width[0] <= width[1], "the page scrolls sideways"


@VIEWS
@pytest.mark.parametrize("path", student_toc_pages())
def test_student_page_in_chromium(browser, student_server, student_site, path, mode, viewport):
    """The student edition's pages, each held to what every page of the book is held to."""
    result = _visit(browser, student_server, student_site, path, mode, viewport)
    assert _problems(result, mode, viewport) == []


BAD_PAGE = """<!doctype html><html lang="en" data-theme="light"><head><title>Planted</title>
<script src="https://cdn.example.org/lib.js"></script></head>
<body><main class="bd-main"><h1>Planted faults</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=">
<p style="color:#c8c8c8;background:#ffffff">Faint text</p>
<script>console.error("planted error")</script></main></body></html>"""


def test_a_faulty_page_is_caught(browser, tmp_path):
    """The visit is able to fail: a page that reaches another host, logs an error, has an image
    with no text alternative and faint text is reported for each of the four."""
    (tmp_path / "bad.html").write_text(BAD_PAGE, encoding="utf-8")
    serving = _serve(tmp_path)
    server = next(serving)
    try:
        problems = " | ".join(_problems(_visit(browser, server, tmp_path, "bad.html", "light"),
                                        "light", DESKTOP))
    finally:
        serving.close()
    for expected in ("another host: https://cdn.example.org/lib.js", "planted error",
                     "axe image-alt", "axe color-contrast"):
        assert expected in problems
