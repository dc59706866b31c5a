"""Handouts: one PDF per chapter of a built site, printed by headless Chromium.

    python -m alliancebook.handouts [SITE] [--out DIR]

SITE is a built site of the student edition (default ``_build/student/_build/html``, which
``ALLIANCEBOOK_EDITION=student jupyter-book build . --path-output _build/student`` writes); the
PDFs go to DIR (default ``_build/handouts``), one per chapter, named after the page
(``arms.pdf``). The chapters are the notebook pages named in the book's ``_toc.yml``; the rubric
sheets (``rubrics.pdf``) are printed with them. A page of
the instructor edition (its ``<meta name="alliancebook-edition">`` says so), or one that does not
say its edition, is refused: handouts go to students. Each page is opened from the local files
with every other request refused, laid out with the book's print stylesheet (``@media print``
in ``static/ab-charts.css``) and saved on A4 paper with the page number in the footer.

The browser is Debian's ``chromium`` (or ``chromium-browser``) on the PATH, or the one named by
the environment variable CHROMIUM (``CHROMIUM=playwright`` for the browser that
``python -m playwright install chromium`` downloads), as in the browser tests.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import time
from pathlib import Path

from .edition import META, STUDENT_COMMAND, Edition
from .pages import TOC, book_root, notebook_pages, toc_files

DEFAULT_SITE = Path("_build") / "student" / "_build" / "html"
DEFAULT_OUT = Path("_build") / "handouts"
PAPER = "A4"
MARGINS = {"top": "14mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}
# Chromium fills these templates in: the page's <title>, the page number and the page count.
# The templates do not inherit the page's styles, so the font size must be given here.
HEADER = "<span></span>"
FOOTER = (
    '<div style="font: 8pt sans-serif; color: #444; width: 100%; padding: 0 15mm; display: flex; '
    'box-sizing: border-box; justify-content: space-between; gap: 10mm;">'
    '<span class="title" style="overflow: hidden; white-space: nowrap; text-overflow: ellipsis;">'
    '</span><span style="white-space: nowrap;">Page <span class="pageNumber"></span> of '
    '<span class="totalPages"></span></span></div>'
)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = ("file:", "data:", "blob:")
# Before printing: load every picture now (a lazy one may not be fetched for print), then wait
# for the pictures and the web fonts.
SETTLE_JS = """async () => {
  document.querySelectorAll('img[loading="lazy"]').forEach(img => { img.loading = 'eager'; });
  await Promise.all([...document.images].map(img => img.complete ? null :
    new Promise(done => {
      img.addEventListener('load', done); img.addEventListener('error', done);
    })));
  await document.fonts.ready;
}"""


class HandoutError(Exception):
    """Something the reader must fix first (no built site, no browser); the message says what."""


def chromium() -> str | None:
    """The browser to print with: $CHROMIUM, else chromium (or chromium-browser) on the PATH."""
    return (os.environ.get("CHROMIUM") or shutil.which("chromium")
            or shutil.which("chromium-browser"))


def site_book(site: Path) -> Path:
    """The book a site was built from: the nearest folder above the site with _config.yml."""
    try:
        return book_root(site / "index.html")
    except FileNotFoundError:
        raise HandoutError(f"{site} is not inside a book (no _config.yml above it), so its "
                           "chapters are unknown") from None


def chapters(root: Path) -> list[str]:
    """The chapters, in reading order: every notebook page named in the book's _toc.yml."""
    return [docname for docname, _ in notebook_pages(root)]


SHEETS = ["book/rubrics"]   # pages printed beside the chapters: the students' rubric sheets


def sheets(root: Path) -> list[str]:
    """The pages printed beside the chapters that the book's _toc.yml names (the rubric sheets)."""
    named = set(toc_files(root / TOC))
    return [doc for doc in SHEETS if doc in named]


def check_site(site: Path) -> None:
    """Raise HandoutError with the command that builds the site if it has not been built."""
    if not (site / "index.html").is_file():
        hint = (f"Build the student edition first (from the repository's root folder):\n"
                f"    {STUDENT_COMMAND}") if site.resolve() == DEFAULT_SITE.resolve() else (
                "Build the book first (jupyter-book build), or give the folder that holds its "
                "index.html.")
        raise HandoutError(f"No built site at {site} (no index.html there).\n{hint}")


def check_edition(site: Path, docs: list[str]) -> None:
    """Raise HandoutError unless every chapter page of the site is the student edition's."""
    found = {}
    for doc in docs:
        mark = re.search(rf'<meta name="{META}" content="([^"]*)"',
                         (site / f"{doc}.html").read_text(encoding="utf-8"))
        found[doc] = mark.group(1) if mark else None
    wrong = [doc for doc, said in found.items() if said != Edition.STUDENT.value]
    if not wrong:
        return
    what = ("is the instructor edition: it contains the solutions"
            if found[wrong[0]] == Edition.INSTRUCTOR.value else
            "does not say which edition it is (built before the editions were marked, or by "
            "another tool)")
    raise HandoutError(f"The site at {site} {what} ({wrong[0]}.html; {len(wrong)} of "
                       f"{len(docs)} chapters). Handouts are printed from the student edition "
                       f"only. Build it (from the repository's root folder) with\n"
                       f"    {STUDENT_COMMAND}\nand print from {DEFAULT_SITE}.")


def check_browser(browser: str | None) -> str:
    """The browser's path (or 'playwright'); HandoutError if there is none."""
    if not browser:
        raise HandoutError("Chromium was not found. Install it (Debian: apt-get install chromium), "
                           "or set CHROMIUM=/path/to/chromium, or CHROMIUM=playwright after "
                           "`python -m playwright install chromium`.")
    if browser != "playwright" and not Path(browser).is_file():
        raise HandoutError(f"CHROMIUM={browser} is not a file; point it at the browser's program.")
    return browser


def print_page(context, html: Path, pdf: Path) -> list[str]:
    """Print one page of the site to pdf; return the addresses it tried to reach and was refused."""
    refused: list[str] = []

    def only_local(route):
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page = context.new_page()
    page.route("**/*", only_local)
    page.goto(html.resolve().as_uri(), wait_until="load")
    page.emulate_media(media="print", color_scheme="light")
    page.evaluate(SETTLE_JS)
    page.pdf(path=str(pdf), format=PAPER, margin=MARGINS, print_background=True,
             display_header_footer=True, header_template=HEADER, footer_template=FOOTER)
    page.close()
    return refused


def make_handouts(site: Path, out: Path, browser: str | None = None) -> list[Path]:
    """Print every chapter of the built site into out; return the PDFs in reading order."""
    check_site(site)
    docs = chapters(site_book(site)) + sheets(site_book(site))
    missing = [doc for doc in docs if not (site / f"{doc}.html").is_file()]
    if missing:
        raise HandoutError(f"The site at {site} lacks chapter pages {missing}; rebuild it.")
    check_edition(site, docs)
    browser = check_browser(browser or chromium())
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as pw:
        chrome = pw.chromium.launch(executable_path=None if browser == "playwright" else browser,
                                    headless=True, args=CHROMIUM_ARGS)
        try:
            context = chrome.new_context(color_scheme="light")
            context.add_init_script("localStorage.setItem('mode', 'light'); "
                                    "localStorage.setItem('theme', 'light');")
            for doc in docs:
                pdf = out / f"{Path(doc).name}.pdf"
                refused = print_page(context, site / f"{doc}.html", pdf)
                if refused:
                    print(f"  {doc}: refused {len(refused)} request(s) to other hosts, "
                          f"e.g. {refused[0]}", file=sys.stderr)
                written.append(pdf)
        finally:
            chrome.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m alliancebook.handouts",
        description="Print every chapter of a built site to a PDF handout with headless Chromium.")
    parser.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE,
                        help=f"the built site (default: {DEFAULT_SITE}, the student edition)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"folder for the PDFs (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        written = make_handouts(args.site, args.out)
    except HandoutError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for pdf in written:
        print(f"{pdf}  ({pdf.stat().st_size / 1000:.0f} kB)")
    print(f"{len(written)} handouts ({PAPER}) in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
