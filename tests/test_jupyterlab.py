"""Each chapter opened as Binder opens it: a fresh copy of the repository, .binder/postBuild run,
JupyterLab started on it, the chapter opened by the launch path of its page's Binder button, in
headless Chromium with every other host blocked. It must open as a notebook, show no raw MyST and
no solution text, and run all its cells without an error, every checker answering "Not attempted
yet". A control opens the notebook with the solutions folded: nothing of them shows until a fold
is opened, and JupyterLab un-hides a folded solution's output once it runs (why Binder opens the
student edition)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import parse_qs, unquote, urlparse

import nbformat
import pytest

from conftest import IN_CI, ROOT, notebook_pages, repository_copy, run_postbuild

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which(
    "chromium-browser")
RAW_MYST = re.compile(r"\{[\w:-]+\}`|(`{3,}|:{3,})\s*\{[\w:-]+\}|^\s*:(class|label):"
                      r"|\{code-cell\}|^\([\w.:-]+\)=", re.M)


def test_the_on_screen_check_sees_raw_myst():
    """The pattern the browser test applies to the screen's text catches what JupyterLab showed
    before (a jupytext-opened page) and passes the rendering's own text."""
    shown_before = ["{src}`kcna-2024-06-20-treaty-text`", "```{admonition} In this chapter",
                    ":class: tip", ":label: treaty-topics", "```{code-cell} ipython3"]
    assert all(RAW_MYST.search(line) for line in shown_before)
    assert not RAW_MYST.search("Exercise treaty-topics [KCNA, 20 Jun 2024]")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM:
        if IN_CI:
            pytest.fail("Chromium is missing; .ci/run should have installed it")
        pytest.skip("Chromium is not installed (see README: browser tests)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=None if CHROMIUM == "playwright" else CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def lab(chromium, tmp_path_factory):
    """JupyterLab on a fresh copy of the repository after Binder's postBuild; its address."""
    base = tmp_path_factory.mktemp("binder")
    repo = repository_copy(base / "repo")
    started = time.perf_counter()
    built = run_postbuild(repo, base / "prefix")
    assert built.returncode == 0, built.stderr[-3000:]
    print(f"\npostBuild: {time.perf_counter() - started:.1f} s")
    # Test only: attach every cell to the page (JupyterLab otherwise skips off-screen cells),
    # so that what the checks below read is all that a reader can scroll to.
    user = base / "user-settings" / "@jupyterlab" / "notebook-extension"
    user.mkdir(parents=True)
    (user / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(base / "config"),
           "JUPYTER_RUNTIME_DIR": str(base / "runtime"), "PYTHONPATH": str(repo / "src")}
    log = open(base / "lab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
         "--IdentityProvider.token=",
         "--ServerApp.password=", "--ServerApp.ip=127.0.0.1", f"--port={port}",
         "--ServerApp.port_retries=0", f"--ServerApp.root_dir={repo}",
         f"--LabApp.app_settings_dir={base / 'prefix/share/jupyter/lab/settings'}",
         f"--LabApp.user_settings_dir={base / 'user-settings'}",
         f"--LabApp.workspaces_dir={base / 'workspaces'}", "--LabApp.expose_app_in_browser=True"],
        cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("JupyterLab did not start:\n"
                            + (base / "lab.log").read_text()[-3000:])
            time.sleep(0.3)
    print(f"JupyterLab up: {time.perf_counter() - started:.1f} s after the copy")
    yield url, repo
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


def _launch_path(site, source) -> str:
    """The urlpath of the Binder button on the chapter's built page."""
    doc = source.relative_to(ROOT).with_suffix("")
    html = (site / doc.with_suffix(".html")).read_text(encoding="utf-8")
    binder = re.search(r'href="(https://mybinder\.org/v2/[^"]+)"', html)
    assert binder, "the page has no Binder button"
    return parse_qs(urlparse(binder.group(1).replace("&amp;", "&")).query)["urlpath"][0]


def _plain(text: str) -> str:
    """Markdown source reduced to the words a reader sees, spaces collapsed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*`]|^\s*(?:[-|>]|\d+\.)\s*", "", text)
    return " ".join(text.split())


def _solution_snippets(notebook) -> list[str]:
    """Lines that only a solution holds: prose in its <details> boxes, code in its hidden cells
    (but their first line, which JupyterLab shows as the folded cell's preview)."""
    shown, hidden = set(), []
    fold = re.compile(r"<details><summary>Solution[^\n]*</summary>(.*?)</details>", re.S)
    for cell in notebook.cells:
        if cell.cell_type == "code" and "solution" in cell.metadata.get("tags", []):
            hidden += cell.source.splitlines()[1:]
            continue
        if cell.cell_type == "code":  # a line the student's own cells also show is no secret
            shown.update(_plain(line) for line in cell.source.splitlines())
            continue
        hidden += [line for box in fold.findall(cell.source) for line in box.splitlines()]
        shown.update(_plain(line) for line in fold.sub("", cell.source).splitlines())
    return [line for line in map(_plain, hidden)
            if len(line) > 20 and not any(line in visible for visible in shown)]


VISIBLE_JS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content.node;
  const feedback = [...nb.querySelectorAll('.ab-feedback')];
  return {
    text: nb.innerText.split(/\\s+/).join(' '),
    lines: nb.innerText.split('\\n'),
    feedback: feedback.filter(f => f.checkVisibility()).map(f => f.className),
    hiddenFeedback: feedback.filter(f => !f.checkVisibility()).length,
  };
}"""

RUN_ALL_JS = """async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.sessionContext.ready;
  const started = performance.now();
  await app.commands.execute('notebook:run-all-cells');
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  while (cells.some(c => c.model.executionCount === null) ||
         panel.sessionContext.session.kernel.status !== 'idle') {
    await new Promise(r => setTimeout(r, 200));
  }
  const outputs = cells.map(c => c.model.outputs.toJSON()).flat();
  return {seconds: (performance.now() - started) / 1000,
          errors: outputs.filter(o => o.output_type === 'error')
                         .map(o => o.ename + ': ' + o.evalue),
          stderr: outputs.filter(o => o.output_type === 'stream' && o.name === 'stderr')
                         .map(o => String(o.text).slice(0, 200)),
          ran: cells.length};
}"""


def _open(chromium, url: str, urlpath: str, repo):
    """A browser page with JupyterLab showing the notebook at urlpath, every cell rendered."""
    path = unquote(urlpath).removeprefix("lab/tree/")
    notebook = nbformat.read(repo / path, as_version=4)
    markdown = sum(c.cell_type == "markdown" for c in notebook.cells)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    trouble = []

    def route(request):
        if request.request.url.startswith((url, "data:", "blob:")):
            request.continue_()
        else:
            trouble.append(f"blocked {request.request.url}")
            request.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: trouble.append(f"page error: {e}"))
    started = time.perf_counter()
    page.goto(f"{url}/{urlpath}")
    page.wait_for_function(
        """([path, n]) => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
           return w && w.node.classList.contains('jp-NotebookPanel') && w.context.path === path
             && [...w.node.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown')]
                  .filter(m => m.childElementCount > 0).length === n; }""",
        arg=[path, markdown], timeout=90_000)
    cells = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets.length")
    assert cells == len(notebook.cells), "the notebook did not open with all its cells"
    return context, page, notebook, trouble, time.perf_counter() - started


@pytest.mark.parametrize("source", notebook_pages(), ids=lambda p: p.stem)
def test_chapter_opens_ready_to_run(chromium, lab, site, source):
    url, repo = lab
    urlpath = _launch_path(site, source)
    context, page, notebook, trouble, opened = _open(chromium, url, urlpath, repo)
    folded = nbformat.read(repo / "notebooks" / "with-solutions" / unquote(urlpath).split(
        "notebooks/", 1)[1], as_version=4)
    secrets = _solution_snippets(folded)
    assert secrets, "a chapter with exercises should have solutions to keep out of view"

    before = page.evaluate(VISIBLE_JS)
    raw = [line for line in before["lines"] if RAW_MYST.search(line)]
    assert raw == [], f"raw MyST on screen: {raw[:3]}"
    labels = re.findall(r"^:label: (\S+)", source.read_text(encoding="utf-8"), re.M)
    assert all(f"Exercise {label}" in before["text"] for label in labels)
    assert "Where you are." in before["text"] and "How to run it." in before["text"]
    assert [s for s in secrets if s in before["text"]] == [], "solution text on screen"

    run = page.evaluate(RUN_ALL_JS)
    after = page.evaluate(VISIBLE_JS)
    print(f"\n{source.stem}: opened in {opened:.1f} s, ran {run['ran']} code cells in "
          f"{run['seconds']:.1f} s; {len(after['feedback'])} checkers answered")
    assert run["errors"] == [] and run["stderr"] == []
    if "ab.check(" in source.read_text(encoding="utf-8"):
        assert after["feedback"], "no checker answered"
        assert set(after["feedback"]) == {"ab-feedback ab-feedback-not-attempted"}
        assert "Not attempted yet." in after["text"]
    else:   # a chapter of written exercises only
        assert after["feedback"] == [], "a checker answered on a page without one"
    assert after["hiddenFeedback"] == 0
    assert [s for s in secrets if s in after["text"]] == [], "solution text after Run all"
    assert trouble == []
    context.close()


def test_folded_solutions_stay_out_of_view_until_opened_or_run(chromium, lab):
    """The control for the checks above, on the first chapter's notebook with the solutions
    folded: its solution text is detected once a fold is opened, and a folded solution's output
    shows after Run all, as measured with JupyterLab 4.6."""
    url, repo = lab
    doc = notebook_pages()[0].relative_to(ROOT).with_suffix(".ipynb").as_posix()
    context, page, notebook, trouble, _ = _open(
        chromium, url, f"lab/tree/notebooks/with-solutions/{doc}", repo)
    secrets = _solution_snippets(notebook)
    assert [s for s in secrets if s in page.evaluate(VISIBLE_JS)["text"]] == []
    page.evaluate(RUN_ALL_JS)
    shown = page.evaluate(VISIBLE_JS)["feedback"]
    assert "ab-feedback ab-feedback-correct" in shown, \
        "JupyterLab kept the solution's output folded"
    # the fold's own summary, not a "Going deeper" box whose title happens to hold "resolution"
    page.locator(".jp-RenderedMarkdown summary",
                 has_text=re.compile(r"^Solution to exercise")).first.click()
    assert any(s in page.evaluate(VISIBLE_JS)["text"] for s in secrets)
    assert trouble == []
    context.close()
