"""The source registry as files a reference manager imports: BibTeX, CSL-JSON and RIS.

Each function takes registry rows (dicts as ``data.load("sources")`` gives them) and returns the
file's text. A date is written only as precisely as it is known (``date_precision``): a year, a
year and month, or a full date; an undated source gets no date at all.
"""

from __future__ import annotations

import json

FORMATS = {"bib": "BibTeX", "json": "CSL-JSON", "ris": "RIS"}

# CSL and RIS types for the registry's source types (anything else is a web page / ELEC).
CSL_TYPES = {"independent_media": "article-newspaper", "news_agency": "article-newspaper",
             "state_media": "article-newspaper", "academic": "article-journal",
             "think_tank": "report", "international_organisation": "report",
             "official_document": "report", "legal_text": "legislation", "dataset": "dataset"}
RIS_TYPES = {"independent_media": "NEWS", "news_agency": "NEWS", "state_media": "NEWS",
             "academic": "JOUR", "think_tank": "RPRT", "international_organisation": "RPRT",
             "official_document": "RPRT", "legal_text": "STAT", "dataset": "DATA"}
_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
          "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
          "^": r"\textasciicircum{}"}


def _present(value) -> bool:
    return value is not None and value == value and str(value).strip() != ""


def date_parts(row: dict) -> list[int] | None:
    """[year], [year, month] or [year, month, day], by the row's precision; None if undated."""
    value = row.get("date_published")
    if not _present(value):
        return None
    parts = [value.year, value.month, value.day]
    return parts[:{"year": 1, "month": 2}.get(row.get("date_precision"), 3)]


def iso_date(row: dict) -> str | None:
    """'2024', '2024-06' or '2024-06-19': the publication date at its precision."""
    parts = date_parts(row)
    return "-".join(f"{p:02d}" if n else str(p) for n, p in enumerate(parts)) if parts else None


def _accessed(row: dict) -> str:
    return row["date_accessed"].strftime("%Y-%m-%d")


def _latex(text: str) -> str:
    return "".join(_LATEX.get(ch, ch) for ch in str(text))


def bibtex(rows: list[dict]) -> str:
    """BibLaTeX-style @online entries (the date field carries the precision; year and month
    are given too, for classic BibTeX styles)."""
    out = []
    for row in rows:
        fields = [("title", "{" + _latex(row["title"]) + "}"),
                  ("organization", _latex(row["publisher"])),
                  ("publisher", _latex(row["publisher"]))]
        if _present(row.get("author")):
            fields.append(("author", "{" + _latex(row["author"]) + "}"))
        parts = date_parts(row)
        if parts:
            fields += [("date", iso_date(row)), ("year", str(parts[0]))]
            if len(parts) > 1:
                fields.append(("month", str(parts[1])))
        url = str(row["url"]).replace("{", "%7B").replace("}", "%7D")
        fields += [("url", url), ("urldate", _accessed(row)),
                   ("langid", row["language"]), ("keywords", row["source_type"])]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        out.append(f"@online{{{row['source_id']},\n{body}\n}}\n")
    return "\n".join(out)


def csl_items(rows: list[dict]) -> list[dict]:
    """CSL-JSON items (what Zotero, Mendeley and pandoc's citeproc read)."""
    items = []
    for row in rows:
        item = {"id": row["source_id"], "type": CSL_TYPES.get(row["source_type"], "webpage"),
                "title": row["title"], "publisher": row["publisher"],
                "container-title": row["publisher"], "URL": row["url"],
                "accessed": {"date-parts": [[int(p) for p in _accessed(row).split("-")]]},
                "language": row["language"]}
        if _present(row.get("author")):
            item["author"] = [{"literal": row["author"]}]
        if date_parts(row):
            item["issued"] = {"date-parts": [date_parts(row)]}
        items.append(item)
    return items


def csl_json(rows: list[dict]) -> str:
    return json.dumps(csl_items(rows), ensure_ascii=False, indent=1) + "\n"


def ris(rows: list[dict]) -> str:
    """RIS records: PY holds the year, DA the date as YYYY/MM/DD/ with unknown parts empty."""
    out = []
    for row in rows:
        lines = [("TY", RIS_TYPES.get(row["source_type"], "ELEC")), ("ID", row["source_id"]),
                 ("TI", row["title"]), ("PB", row["publisher"])]
        if _present(row.get("author")):
            lines.append(("AU", row["author"]))
        parts = date_parts(row)
        if parts:
            cells = [str(parts[0])] + [f"{p:02d}" for p in parts[1:]]
            lines += [("PY", str(parts[0])), ("DA", "/".join(cells + [""] * (3 - len(cells)))
                                              + "/")]
        lines += [("UR", row["url"]), ("Y2", _accessed(row).replace("-", "/")),
                  ("LA", row["language"]), ("ER", "")]
        out.append("\n".join(f"{tag}  - {value}".rstrip() for tag, value in lines))
    return "\n\n".join(out) + "\n"


def render(fmt: str, rows: list[dict]) -> str:
    """The text of one file in format fmt ('bib', 'json' or 'ris')."""
    return {"bib": bibtex, "json": csl_json, "ris": ris}[fmt](rows)
