"""The student edition and the student bundle carry no solution text and no answer key.

Every text that only the instructor edition shows (each solution, each section for
instructors, each instructors' page) is cut into runs of consecutive words; a run that appears
nowhere else in the instructor edition, nor in the student edition's own ``{only} student``
blocks, is the key's own text, and must not appear in any file the student edition writes (its
site: pages, copied sources, notebooks, search index, downloads, handouts) nor in the student
bundle (its notebooks, package and zip). A planted leak shows the search
finds one. The bundle's notebooks run on a fresh kernel with its package, which has no checker.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, built_pages, once_per_run, pdf_page_texts

pytestmark = pytest.mark.build

RUN = 8            # words in a run: long enough to be one text's own, short enough to survive
INSTRUCTOR_ONLY = ".solution, section[id^='for-instructors']"
BREAK = "qqbreakqq"  # stands for a link or an address in the key's text: no run crosses it
URL = re.compile(r"https?://\S+")
SKIP = {".png", ".ico", ".woff", ".woff2", ".ttf", ".gif", ".jpg", ".inv", ".pickle"}


def words(text: str) -> list[str]:
    """Lower-case words and numbers, markup and punctuation dropped: a MyST source, a page's
    text and a notebook's JSON strings of the same sentence give the same words."""
    return re.findall(r"[a-z0-9]+", text.lower())


def runs(text: str) -> set[str]:
    found = words(text)
    return {" ".join(found[i:i + RUN]) for i in range(len(found) - RUN + 1)}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return ["".join(value)]   # a notebook's source or output, as lines
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *_strings(v))]
    return []


def file_text(name: str, data: bytes) -> str:
    """Everything a file says: a page's text, attributes and scripts; a notebook's or a JSON
    file's strings; a zip's members; a PDF's text; any other file as text."""
    suffix = Path(name).suffix.lower()
    if suffix in SKIP:
        return ""
    if suffix == ".zip":
        with zipfile.ZipFile(__import__("io").BytesIO(data)) as bundle:
            return "\n".join(file_text(member, bundle.read(member))
                             for member in bundle.namelist())
    if suffix == ".pdf":
        pytest.importorskip("pypdf")
        return "\n".join(pdf_page_texts(data))
    text = data.decode("utf-8", errors="ignore")
    if suffix in {".html", ".htm"}:
        soup = BeautifulSoup(text, "html.parser")
        attributes = [v if isinstance(v, str) else " ".join(v)
                      for tag in soup.find_all(True) for v in tag.attrs.values()]
        return "\n".join([*soup.find_all(string=True), *attributes])
    if suffix in {".ipynb", ".json"}:
        try:
            return "\n".join(_strings(json.loads(text)))
        except json.JSONDecodeError:
            return text
    return text


def leaks(folders: list[Path], key: set[str]) -> list[tuple[str, str]]:
    """(file, run) for every run of the key's text found in a file under the folders."""
    found = []
    for folder in folders:
        paths = [folder] if folder.is_file() else sorted(folder.rglob("*"))
        for path in paths:
            if path.is_file():
                hits = runs(file_text(path.name, path.read_bytes())) & key
                found += [(str(path), hit) for hit in sorted(hits)[:3]]
    return found


def student_only_text() -> list[str]:
    """The lines that only the student edition's sources say (its ``{only} student`` blocks):
    text written for students, which may repeat the instructors' wording."""
    from alliancebook.edition import Edition, edition_text

    found = []
    for path in sorted((ROOT / "book").rglob("*.md")):
        source = path.read_text(encoding="utf-8")
        instructor = set(edition_text(source, Edition.INSTRUCTOR).split("\n"))
        found += [line for line in edition_text(source, Edition.STUDENT).split("\n")
                  if line not in instructor]
    return found


def instructor_texts(site: Path) -> tuple[list[str], str]:
    """(each text only the instructor edition shows, everything else the book says: the rest
    of its pages, navigation, attributes and scripts included, the student edition's own
    blocks, its data files and its package's code outside the checkers)."""
    only, shared = [], []
    for page in built_pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        blocks = soup.select("article") if "instructors" in page.relative_to(site).parts \
            else soup.select(INSTRUCTOR_ONLY)
        for block in blocks:
            for link in block.find_all("a"):   # titles and citations: said elsewhere too
                link.replace_with(f" {BREAK} ")
            only.append(URL.sub(f" {BREAK} ", block.get_text(" ")))   # addresses, too
            block.decompose()
        shared.append(file_text(page.name, str(soup).encode()))
    shared += student_only_text()
    package = ROOT / "src" / "alliancebook"
    public = [*(ROOT / "data").glob("*.*"), *(p for p in package.rglob("*.py")
                                              if "key" not in p.parts)]
    for path in sorted(public):   # the data and the package's code outside the key folder
        shared.append(file_text(path.name, path.read_bytes()))
    return only, "\n".join(shared)


@pytest.fixture(scope="module")
def key(site, tmp_path_factory) -> dict:
    """The key's own runs of words, and its own words (for the search index); worked out once
    per test run, whichever worker asks first (conftest.once_per_run)."""
    def make() -> dict:
        only, shared = instructor_texts(site)
        shared_runs, shared_words = runs(shared), set(words(shared))
        own = {r for text in only for r in runs(text)} - shared_runs
        return {"texts": only, "runs": sorted(own), "shared_words": sorted(shared_words),
                "words": sorted({w for text in only for w in words(text)} - shared_words)}

    found = once_per_run(tmp_path_factory, "answer-key", make)
    return {"texts": found["texts"], "runs": set(found["runs"]),
            "shared_words": set(found["shared_words"]), "words": set(found["words"])}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The student bundle, written as the README says, with its zip."""
    out = tmp_path_factory.mktemp("bundle") / "student-bundle"
    result = subprocess.run([sys.executable, "-m", "alliancebook.bundle", ".", "--out",
                             str(out), "--zip"], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def test_the_key_is_found_in_the_instructor_edition(site, key):
    # The search has something to find: the solutions of every auto-checked and written
    # exercise, the lesson plans and the instructors' pages.
    assert len(key["texts"]) >= 50, len(key["texts"])   # 57 when written: 47 solutions,
    # 7 sections for instructors, 3 instructors' pages
    assert len(key["runs"]) > 10000, len(key["runs"])     # 14,316 when written
    assert leaks([site / "book" / "arms.html"], key["runs"]), "the search finds nothing"


def test_no_key_text_in_the_student_site(student_site, key):
    found = leaks([student_site], key["runs"])
    assert not found, "the student site carries the key's text:\n" + "\n".join(
        f"{path}: ...{hit}..." for path, hit in found[:20])


def test_no_key_text_in_the_student_bundle(bundle, key):
    found = leaks([bundle, bundle.with_suffix(".zip")], key["runs"])
    assert not found, "the student bundle carries the key's text:\n" + "\n".join(
        f"{path}: ...{hit}..." for path, hit in found[:20])


def test_no_key_text_in_the_handouts(handouts_dir, key):  # noqa: F811
    pdfs = sorted(handouts_dir.glob("*.pdf"))
    assert pdfs
    found = leaks(pdfs, key["runs"])
    assert not found, "a handout carries the key's text:\n" + "\n".join(
        f"{path}: ...{hit}..." for path, hit in found[:20])


def test_a_planted_leak_is_caught(student_site, key, tmp_path):
    """Plant one solution's text in a page, in a notebook and in a zip: each is found."""
    solution = next(text for text in key["texts"] if "Model answer" in text)
    planted = tmp_path / "site"
    shutil.copytree(student_site / "book", planted, ignore=shutil.ignore_patterns("appendix"))
    assert not leaks([planted], key["runs"])
    page = planted / "arms.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</main>", f"<div hidden>{solution[:400]}</div></main>"), encoding="utf-8")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(solution)])
    nbformat.write(notebook, planted / "planted.ipynb")
    with zipfile.ZipFile(planted / "planted.zip", "w") as bundle:
        bundle.writestr("a/planted.md", solution)
    found = {Path(path).name for path, _ in leaks([planted], key["runs"])}
    assert found == {"arms.html", "planted.ipynb", "planted.zip"}, found


def test_no_key_words_in_the_student_search_index(site, student_site, key):
    """Words that only the key uses are in the instructor's search index, not the student's."""
    from sphinx.search.en import SearchEnglish

    def terms(folder: Path) -> set[str]:
        text = (folder / "searchindex.js").read_text(encoding="utf-8")
        index = json.loads(text[text.index("(") + 1:text.rindex(")")])
        # A term that points to no page (left by an incremental build) carries no page's text.
        return {term for term, docs in index["terms"].items() if docs != []}

    stem = SearchEnglish({}).stem
    own = ({stem(w) for w in key["words"] if len(w) > 3 and not w.isdigit()} -
           {stem(w) for w in key["shared_words"]})   # the stems only the key uses
    assert len(own & terms(site)) > 50, "the key's own words are not in the instructor index"
    leaked = own & terms(student_site)
    assert not leaked, f"the student search index has the key's words: {sorted(leaked)[:30]}"


def test_student_site_leaves_the_instructors_pages_out(site, student_site):
    assert (site / "book" / "instructors" / "index.html").is_file()
    assert not (student_site / "book" / "instructors").exists()
    sidebar = (student_site / "book" / "arms.html").read_text(encoding="utf-8")
    assert "For instructors" not in sidebar
    assert "/student?urlpath=lab/tree/notebooks/book/arms.ipynb" in sidebar   # Binder: bundle
    for notebook in (student_site / "_sources" / "book").glob("*.ipynb"):
        assert "solution" not in json.dumps([c.metadata for c in nbformat.read(
            notebook, as_version=4).cells])


def test_bundle_package_has_no_answer_key(bundle):
    """The bundle's package is the book's own code, file for file, without the key folder
    (and without the site build); no grader and no key module's name is anywhere in it."""
    import alliancebook.key as key_package

    package = bundle / "src" / "alliancebook"
    assert not (package / "key").exists() and not (package / "sphinxext").exists()
    def defined(paths) -> set[str]:
        """The private names (not dunders) that these modules define."""
        names = set()
        for path in paths:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names |= {node.name for node in ast.walk(tree)
                      if isinstance(node, ast.FunctionDef)}
            names |= {t.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
                      for t in node.targets if isinstance(t, ast.Name)}
        return {n for n in names if n.startswith("_") and not n.startswith("__")}

    shipped = list(package.rglob("*.py"))
    private = defined(Path(key_package.__file__).parent.glob("*.py")) - defined(shipped)
    assert {"_DEBRIS", "_kappa", "_chain"} <= private   # the search has something to find
    code = "\n".join(p.read_text(encoding="utf-8") for p in shipped)
    found = sorted(name for name in private if re.search(rf"\b{name}\b", code))
    assert not found, f"the bundle's package holds answer code: {found}"
    assert not re.search(r"@checks\.checker|alliancebook\.key|from \.+key\b", code)
    for path in package.rglob("*.py"):   # the rest is the book's own code, unchanged
        original = ROOT / "src" / path.relative_to(bundle / "src")
        assert path.read_bytes() == original.read_bytes(), path
    assert not (bundle / "data" / "notes").exists()
    assert sorted(p.name for p in (bundle / "notebooks" / "book").glob("*.ipynb")) == sorted(
        p.name for p in (ROOT / "notebooks" / "book").glob("*.ipynb"))


def _feedback(cells) -> list[str]:
    found = []
    for cell in cells:
        for output in cell.get("outputs", []):
            markup = output.get("data", {}).get("text/html", "")
            found += re.findall(r'ab-feedback-([a-z-]+)"', markup)
    return found


ANSWER_NONE = re.compile(r"^(\w+) = None\b", re.M)


def test_bundle_notebooks_run_without_a_key(bundle):
    """Each notebook runs top to bottom on a fresh kernel with the bundle's own package: every
    blank answer is "not attempted". Then, in the same kernel, every answer cell runs again with
    its blank (`name = None`) replaced by 0: each is recorded or refused, never graded or a fault.
    (One run per notebook serves both: the second pass is the answer cells copied to its end.)"""
    from nbclient import NotebookClient

    env = {**os.environ, "PYTHONPATH": str(bundle / "src")}
    env.pop("ALLIANCEBOOK_DATA", None)
    blank, zero, changed = [], [], 0
    for path in sorted((bundle / "notebooks" / "book").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        answers = [cell for cell in notebook.cells if cell.cell_type == "code"
                   and "ab.check(" in cell.source and ANSWER_NONE.search(cell.source)]
        changed += len(answers)
        first_pass = len(notebook.cells)
        notebook.cells += [nbformat.v4.new_code_cell(ANSWER_NONE.sub(r"\1 = 0", cell.source))
                           for cell in answers]
        notebook.cells.append(nbformat.v4.new_code_cell(
            "import alliancebook.checks as c\nprint('key', c.has_key())"))
        client = NotebookClient(notebook, timeout=180, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute(env=env)
        blank += _feedback(notebook.cells[:first_pass])
        zero += _feedback(notebook.cells[first_pass:-1])
        assert notebook.cells[-1].outputs[0]["text"] == "key False\n", "not the bundle's"
    assert blank and changed >= 10, (len(blank), changed)
    assert set(blank) == {"not-attempted"}, sorted(set(blank))
    assert set(zero) <= {"recorded", "retry", "not-attempted"}, sorted(set(zero))
    assert "recorded" in zero


def _bundle_checks(bundle, code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(bundle / "src")}
    env.pop("ALLIANCEBOOK_DATA", None)
    result = subprocess.run([sys.executable, "-c", code], cwd=bundle, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


ANSWERS = [("verify-trace-veto", "'D, C, B, A'"), ("verify-kappa", "'about half'"),
           ("verify-kappa", "float('nan')"), ("verify-grade", "{}"),
           ("verify-trace-veto", "np.array(['D', 'C'])"), ("verify-kappa", "np.float64(0.3)"),
           ("treaty-order", "pd.Series(['x'])"), ("verify-kappa", "10**400"),
           ("treaty-order", "iter(int, 1)"), ("arms-chain", "[2, 1]"),
           ("verify-trace-veto", "['A']"), ("verify-kappa", "0.3"), ("verify-days", "3"),
           ("treaty-order", "__import__('alliancebook.exercises.treaty').exercises.treaty"
                            ".RATIFICATION_STEPS")]


def test_bundle_speaks_the_instructor_editions_words(bundle):
    """The bundle checks an answer's form with the same words as the instructor edition; a
    well-formed answer is recorded, never judged; the starting value is not an attempt."""
    from alliancebook import checks

    code = ("import json, numpy as np, pandas as pd, alliancebook as ab\n"
            f"print(json.dumps([[repr(f), f.status] for f in (ab.check(l, eval(a)) for l, a "
            f"in {ANSWERS!r})]))")
    said = json.loads(_bundle_checks(bundle, code).strip().splitlines()[-1])
    statuses = set()
    for (label, answer), (words, status) in zip(ANSWERS, said):
        ours = checks.check(label, eval(answer, {"np": np, "pd": pd}))
        statuses.add(status)
        assert status in {"retry", "recorded", "not-attempted"}, (label, answer, words)
        if status == "recorded":
            assert ours.status in {"correct", "retry"}, (label, answer)
        else:
            assert words == repr(ours), (label, answer)
    assert statuses == {"retry", "recorded", "not-attempted"}


# Auto-checked exercises that ask for a judgement (a grade, a verdict, a coding, a tracing),
# with why: their answers must not be readable from anything the student edition ships. The
# others ask for a computation on the data, which is the skill they practise.
JUDGEMENT = {
    "verify-mischaracterised": "which claim distorts a true core: the ledger's verdict",
    "verify-trace-veto": "the order of a chain of copies: the editors' tracing",
    "verify-grade": "Admiralty grades: the registry's and the ledger's grades",
    "treaty-code-clause": "a coding of a treaty article: the book's coding",
}


def _withheld() -> list[dict]:
    import alliancebook.key as key_package

    with key_package.WITHHELD.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _rules(folder: Path) -> dict:
    """(table, field) -> the withheld rule of a data package, and each table's file."""
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    found = {}
    for resource in descriptor["resources"]:
        for rule in resource.get("x-rules", []):
            if rule["type"] == "withheld":
                for field in rule["fields"]:
                    found[(resource["name"], field)] = (rule, resource["path"])
    return found


def _held_in_tables(folder: Path, cells: list[dict]) -> list[tuple]:
    """The withheld cells whose value any cell of their row holds in the data folder."""
    rules, found = _rules(ROOT / "data"), []
    for cell in cells:
        rule, path = rules[(cell["table"], cell["field"])]
        keys = rule["key"] if isinstance(rule["key"], list) else [rule["key"]]
        with (folder / path).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if "/".join(row[k] for k in keys) == cell["row"] and \
                        cell["value"] in row.values():
                    found.append((cell["table"], cell["row"], cell["field"]))
    return found


def test_every_judgement_exercise_keeps_its_answer_out_of_the_data(bundle, tmp_path):
    """No column of the student bundle's tables holds a judgement exercise's answer for its
    items; the same search over the full ledger (the key's values put back) finds every one."""
    import alliancebook.key as key_package

    cells = _withheld()
    assert {c["exercise"] for c in cells} == set(JUDGEMENT)
    assert _held_in_tables(bundle / "data", cells) == []
    assert _held_in_tables(ROOT / "data", cells) == []
    full = key_package.restore(ROOT / "data", tmp_path / "full")
    assert len(_held_in_tables(full, cells)) == len(cells)


def test_no_student_page_shows_a_judgement_answer(student_site):
    """No table row or source entry of the student site that names an exercise's item shows
    its withheld answer (as a cell, or as the registry's "Reliability X")."""
    from alliancebook.labels import label

    cells = [c for c in _withheld() if "/" not in c["row"]]
    shown = []
    for page in student_site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        blocks = soup.find_all(["tr", "dd", "li"])
        for cell in cells:
            words = {cell["value"], label(cell["value"], cell["field"], cell["table"])}
            for block in blocks:
                if cell["row"] not in block.get_text():
                    continue
                values = {td.get_text(" ", strip=True) for td in block.find_all("td")}
                text = block.get_text(" ", strip=True)
                if values & words or f"Reliability {cell['value']}:" in text:
                    shown.append((page.name, cell["row"], cell["field"]))
    assert not shown, shown
