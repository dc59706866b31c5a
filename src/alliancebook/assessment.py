"""An instructor's own papers of the pre/post assessment, with the options in a private order.

    python -m alliancebook.assessment [ROOT] --seed WORD [--out DIR]

The assessment and its key are published on the instructor's page
``book/instructors/assessment.md``, which anyone can read. This command reads the two forms from
that page (not from a copy) and writes, into DIR (default ``_build/assessment``):

- ``form-A.md``, ``form-A.html``, ``form-B.md``, ``form-B.html``: the papers to print, each
  multiple-choice question with its options in an order drawn from WORD;
- ``key.md``, ``key.html``: the letters that are right on these papers (with the option each
  stands for), then the page's key to the short answers.

The same WORD always gives the same papers; another word gives another order, so the letters
published on the page are worth no more than guessing on these papers. Questions keep their
numbers and their points, so the marks go into the scores file of ``alliancebook.scores``
unchanged. The papers and the key never show WORD: a six-character code on each tells which key
belongs to which papers. The folder rule is the one the student bundle uses
(``alliancebook.outputs``): a new or empty folder, or one holding only an earlier run's files.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import outputs

PAGE = Path("book") / "instructors" / "assessment.md"
DEFAULT_OUT = Path("_build") / "assessment"
TOOL = "alliancebook.assessment"
FORMS = ("A", "B")
QUESTION = re.compile(r"\*\*(\d+)\. ")
OPTION = re.compile(r"- \(([a-z])\) (.*)")
LETTERS = "abcdefgh"


class AssessmentError(ValueError):
    """The page does not have the shape this command reads; the message says where."""


@dataclass(frozen=True)
class Question:
    """One question of a form: its number, its text before the options, and its options."""

    number: int
    stem: str
    options: tuple[str, ...] = ()

    @property
    def is_choice(self) -> bool:
        return bool(self.options)


def section(text: str, heading: str) -> str:
    """The lines under a '## heading' of the page, up to the next heading of that level."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not match:
        raise AssessmentError(f"the page has no section '## {heading}'")
    return match.group(1)


def parse_form(text: str) -> list[Question]:
    """The questions of one form, in the page's Markdown: '**N. Title.** text' then options
    '- (a) text' (a longer option goes on in lines indented by two spaces)."""
    blocks = re.split(r"\n(?=\*\*\d+\. )", "\n" + text.strip())
    questions = []
    for block in (b.strip() for b in blocks if b.strip()):
        number = QUESTION.match(block)
        if not number:
            continue
        stem, options = [], []
        for line in block.splitlines():
            option = OPTION.match(line)
            if option:
                if option.group(1) != LETTERS[len(options)]:
                    raise AssessmentError(f"question {number.group(1)}: option "
                                          f"({option.group(1)}) is out of order")
                options.append(option.group(2).strip())
            elif options and line.startswith("  ") and line.strip():
                options[-1] += " " + line.strip()
            elif options and line.strip():
                raise AssessmentError(f"question {number.group(1)}: text after its options")
            elif not options:
                stem.append(line)
        questions.append(Question(int(number.group(1)), "\n".join(stem).strip(), tuple(options)))
    if [q.number for q in questions] != list(range(1, len(questions) + 1)):
        raise AssessmentError("the questions are not numbered 1, 2, 3, ... in order")
    return questions


def read_page(root: Path) -> str:
    """The assessment page's text (AssessmentError if the book at root has none)."""
    try:
        return (Path(root) / PAGE).read_text(encoding="utf-8")
    except OSError:
        raise AssessmentError(f"{Path(root) / PAGE} cannot be read: run the command in the "
                              "book's repository, or name it as ROOT") from None


def read_forms(text: str) -> dict[str, list[Question]]:
    """Both forms of the page; their multiple-choice questions must be the same numbers."""
    forms = {name: parse_form(section(text, f"Form {name}")) for name in FORMS}
    choices = {name: [q.number for q in qs if q.is_choice] for name, qs in forms.items()}
    if len(set(map(tuple, choices.values()))) != 1 or not choices["A"]:
        raise AssessmentError(f"the forms' multiple-choice questions differ: {choices}")
    return forms


def published_key(text: str) -> dict[str, dict[int, str]]:
    """The page's letters: {form: {question: letter}}, from the sentence listing them (form A's
    letters, then form B's), checked against each question's own entry in the key."""
    flat = " ".join(text.split())
    summary = re.search(r"The letters of the keys: form A ([a-h](?:, [a-h])*); "
                        r"form B ([a-h](?:, [a-h])*)\.", flat)
    if not summary:
        raise AssessmentError("the answer key has no sentence 'The letters of the keys: ...'")
    numbers = [q.number for q in read_forms(text)["A"] if q.is_choice]
    letters = [summary.group(i).split(", ") for i in (1, 2)]
    if any(len(row) != len(numbers) for row in letters):
        raise AssessmentError(f"the key lists {len(letters[0])} and {len(letters[1])} letters "
                              f"for {len(numbers)} multiple-choice questions")
    key = {name: dict(zip(numbers, row)) for name, row in zip(FORMS, letters)}
    for number, a, b in re.findall(r"\*\*(\d+)\. A \(([a-h])\), B \(([a-h])\);", flat):
        if (key["A"].get(int(number)), key["B"].get(int(number))) != (a, b):
            raise AssessmentError(f"question {number}: its entry in the key ({a}, {b}) does not "
                                  "match the letters of the summary sentence")
    return key


def option_order(seed: str, form: str, number: int, count: int) -> list[int]:
    """The page's option indices in the order of the seed's paper (the same on any machine)."""
    def rank(index: int) -> str:
        return hashlib.sha256(f"{seed}\x1f{form}\x1f{number}\x1f{index}".encode()).hexdigest()
    return sorted(range(count), key=rank)


def shuffle(questions: list[Question], seed: str, form: str) -> list[Question]:
    """The form with each multiple-choice question's options in the seed's order."""
    return [Question(q.number, q.stem, tuple(q.options[i] for i in option_order(
        seed, form, q.number, len(q.options)))) if q.is_choice else q for q in questions]


def paper_key(seed: str, form: str, published: dict[int, str],
              questions: list[Question]) -> dict[int, str]:
    """The right letter on the seed's paper for each multiple-choice question of a form."""
    counts = {q.number: len(q.options) for q in questions}
    return {number: LETTERS[option_order(seed, form, number, counts[number]).index(
        LETTERS.index(letter))] for number, letter in published.items()}


def paper_code(seed: str) -> str:
    """A short code printed on the papers and the key, to match them (not the seed)."""
    return hashlib.sha256(f"alliancebook-paper\x1f{seed}".encode()).hexdigest()[:6].upper()


def instructions(text: str) -> str:
    """The page's sentence on which questions are multiple choice, for the top of a paper."""
    for paragraph in re.split(r"\n\s*\n", text):
        if "multiple choice" in paragraph and paragraph.startswith("Questions "):
            return " ".join(paragraph.split())
    raise AssessmentError("the page does not say which questions are multiple choice")


def question_markdown(question: Question) -> str:
    """A question as the page writes it."""
    options = [f"- ({LETTERS[i]}) {text}" for i, text in enumerate(question.options)]
    return "\n\n".join([question.stem, "\n".join(options)] if options else [question.stem])


def paper_head(form: str, code: str, text: str) -> str:
    """The top of a paper: its title, a line for the code word, the instructions."""
    return "\n\n".join([f"# Pre/post assessment, form {form}", f"Paper {code}. Your code "
                        "word: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_", instructions(text) +
                        " Circle one letter for each multiple-choice question; write your other "
                        "answers under their question."])


def paper_markdown(form: str, questions: list[Question], code: str, text: str) -> str:
    """One form as a paper: its head, then the questions."""
    return "\n\n".join([paper_head(form, code, text)] +
                       [question_markdown(q) for q in questions]) + "\n"


def key_markdown(keys: dict[str, dict[int, str]], forms: dict[str, list[Question]],
                 code: str, text: str) -> str:
    """The key to the seed's papers: right letters with their options, then the page's key to
    the short answers (its links as plain text: they lead nowhere on paper)."""
    parts = [f"# Key to papers {code}", "The letters printed on the instructor's page do not "
             "apply to these papers. Points, question numbers and the short answers' key are "
             "the page's: record the marks per question in the scores file as usual."]
    for form, key in keys.items():
        options = {q.number: q.options for q in forms[form]}
        rows = [f"| {n} | {letter} | {options[n][LETTERS.index(letter)]} |"
                for n, letter in key.items()]
        parts.append(f"## Form {form}\n\n| Question | Letter | Option |\n|---|---|---|\n"
                     + "\n".join(rows))
    choices = set(next(iter(keys.values())))
    answer_key = re.search(r"^`{4}\{admonition\}[^\n]*\n(?::[^\n]*\n)*(.*?)^`{4}", text,
                           re.M | re.S)
    if answer_key:
        entries = [e for e in re.split(r"\n(?=\*\*\d+\. )", answer_key.group(1))
                   if (m := QUESTION.match(e)) and int(m.group(1)) not in choices]
        parts.append("## Short answers\n\n" + re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1",
                                                       "\n".join(entries).strip()))
    return "\n\n".join(parts) + "\n"


STYLE = """body { font: 11.5pt/1.45 Georgia, 'Times New Roman', serif; max-width: 42rem;
  margin: 1.5rem auto; padding: 0 1rem; color: #000; background: #fff; }
h1 { font-size: 1.4rem; } ul { list-style: none; padding-left: 1.2rem; }
.question { break-inside: avoid; margin-bottom: 1rem; }
.space { margin: 0 0 1rem; print-color-adjust: exact; -webkit-print-color-adjust: exact;
  background: repeating-linear-gradient(transparent 0 1.55rem, #999 1.55rem 1.6rem); }
table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 0.2rem 0.4rem;
  text-align: left; vertical-align: top; }
@page { size: A4; margin: 16mm; }"""


def answer_lines(question: Question) -> int:
    """Ruled lines to leave under a question: none for a choice, more where it asks for more."""
    return 0 if question.is_choice else 14 if "five or six" in question.stem else 6


def to_html(title: str, blocks: list[tuple[str, int]]) -> str:
    """A printable page: each (Markdown, lines to write in) block, with ruled answer space."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    body = []
    for source, lines in blocks:
        space = f'<div class="space" style="height: {lines * 1.6}rem"></div>' if lines else ""
        body.append(f'<div class="question">{md.render(source)}{space}</div>')
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>'
            f'{html.escape(title)}</title><style>{STYLE}</style></head><body>\n'
            + "\n".join(body) + "\n</body></html>\n")


def write_papers(root: Path, out: Path, seed: str) -> list[str]:
    """Write the seed's papers of both forms and their key into out; return the files."""
    if not isinstance(seed, str) or not seed.strip():
        raise AssessmentError("give a seed: a word of your own, kept from students")
    root, out = Path(root).resolve(), Path(out).resolve()
    text = read_page(root)
    forms, published = read_forms(text), published_key(text)
    outputs.clear_output(root, out, TOOL, DEFAULT_OUT)
    out.mkdir(parents=True, exist_ok=True)
    code = paper_code(seed)
    papers = {form: shuffle(forms[form], seed, form) for form in FORMS}
    for form, questions in papers.items():
        paper = paper_markdown(form, questions, code, text)
        (out / f"form-{form}.md").write_text(paper, encoding="utf-8")
        blocks = [(paper_head(form, code, text), 0)] + [
            (question_markdown(q), answer_lines(q)) for q in questions]
        (out / f"form-{form}.html").write_text(to_html(f"Form {form}, paper {code}", blocks),
                                               encoding="utf-8")
    keys = {form: paper_key(seed, form, published[form], forms[form]) for form in FORMS}
    key = key_markdown(keys, papers, code, text)
    (out / "key.md").write_text(key, encoding="utf-8")
    (out / "key.html").write_text(to_html(f"Key to papers {code}", [(key, 0)]), encoding="utf-8")
    return outputs.record_output(out, TOOL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m alliancebook.assessment",
                                     description="Write your own papers of the assessment.")
    parser.add_argument("root", nargs="?", default=".", help="the book's repository")
    parser.add_argument("--seed", required=True, help="a word of your own, kept from students")
    parser.add_argument("--out", default=None, help=f"the folder to write ({DEFAULT_OUT})")
    args = parser.parse_args(argv)
    root = Path(args.root)
    out = Path(args.out) if args.out else root / DEFAULT_OUT
    try:
        files = write_papers(root, out, args.seed)
    except (AssessmentError, outputs.UnsafeOutput) as exc:
        print(f"alliancebook.assessment: refused: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {', '.join(f for f in files if not f.startswith('.'))} to {out.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
