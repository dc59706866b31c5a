"""The ``data-dictionary`` directive: every table of data/datapackage.json described, with its
fields, their rules and labels, its row rules, the span of its dates and a download link."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from .. import data, rules


def rules_text(field: dict, fks: dict) -> str:
    """A field's constraints in words."""
    c = field.get("constraints", {})
    parts = []
    if "enum" in c:
        parts.append("one of: " + ", ".join(map(str, c["enum"])))
    if "pattern" in c:
        parts.append(field.get("x-pattern-hint") or f"matches {c['pattern']}")
    if "minimum" in c:
        parts.append(f"at least {c['minimum']:g}" if isinstance(c["minimum"], float)
                     else f"at least {c['minimum']}")
    if "maximum" in c:
        parts.append(f"at most {c['maximum']:g}" if isinstance(c["maximum"], float)
                     else f"at most {c['maximum']}")
    if "maxLength" in c:
        parts.append(f"up to {c['maxLength']} characters")
    if c.get("unique"):
        parts.append("unique")
    if field["name"] in fks:
        table, key = fks[field["name"]]
        parts.append(f"must match a {key} in {table}.csv")
    if field.get("x-non-finite-ok"):
        parts.append("may be NaN, INF or -INF")
    if field.get("x-multiline"):
        parts.append("may hold tabs and line breaks")
    if field.get("x-formula-prefix-ok"):
        parts.append("may begin with =, +, - or @ (take care in a spreadsheet)")
    if field.get("x-labels"):
        parts.append("shown as: " + "; ".join(f"{k} = {v}"
                                              for k, v in field["x-labels"].items()))
    return "; ".join(parts)


def table_node(header: list[str], rows: list[list[str]], widths: list[int]) -> nodes.table:
    """A docutils table with a header row."""
    table = nodes.table(classes=["ab-data-dictionary"])
    group = nodes.tgroup(cols=len(header))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head, body = nodes.thead(), nodes.tbody()
    group += head
    group += body
    for target, cells in [(head, header)] + [(body, r) for r in rows]:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += nodes.paragraph(text=str(cell))
            row += entry
        target += row
    return table


def span(res: dict, frame) -> str:
    """' Dates in <field> run from A to B.' for the table's main date field, or ''."""
    dated = [f["name"] for f in res["schema"]["fields"] if f.get("type") == "date"]
    dated.sort(key=lambda name: name not in ("date", "as_of"))
    if not dated:
        return ""
    column = frame[dated[0]].dropna()
    if column.empty:
        return ""
    return (f" Dates in {dated[0]} run from {column.min():%-d %B %Y} to "
            f"{column.max():%-d %B %Y}.")


class DataDictionaryDirective(SphinxDirective):
    """Describe every table of the package."""

    def run(self):
        folder = data.data_dir()
        self.env.note_dependency(str(folder / "datapackage.json"))
        try:
            desc = data.package(folder)
            return [n for res in desc["resources"] for n in self._table(folder, res)]
        except data.DataError as exc:
            raise ExtensionError(str(exc)) from None

    def _table(self, folder, res: dict) -> list[nodes.Node]:
        frame = data.load(res["name"], folder)  # refuses an unsafe path before it is opened
        self.env.note_dependency(str(data.resource_path(folder, res)))
        rubric = nodes.rubric(text=res.get("title", res["name"]))
        rubric["ids"].append(f"data-{res['name'].replace('_', '-')}")
        para = nodes.paragraph()
        para += nodes.Text(res.get("description", "") + " ")
        link = addnodes.download_reference("", "", refdoc=self.env.docname,
                                           reftarget=f"/data/{res['path']}", refexplicit=True,
                                           refdomain="", reftype="download")
        link += nodes.literal(res["path"], f"Download {res['path']}")
        para += link
        pk = ", ".join(res["schema"].get("primaryKey", []))
        para += nodes.Text(f" ({len(frame)} rows; each row is identified by {pk}."
                           f"{span(res, frame)})")
        fks = {fk["fields"][0]: (fk["reference"]["resource"], fk["reference"]["fields"][0])
               for fk in res["schema"].get("foreignKeys", [])}
        rows = [[f["name"], f.get("title", ""), f.get("type", "string"),
                 "yes" if f.get("constraints", {}).get("required") else "no",
                 f.get("description", ""), rules_text(f, fks)]
                for f in res["schema"]["fields"]]
        out = [rubric, para, table_node(["Field", "Shown as", "Type", "Required", "Meaning",
                                         "Rules"], rows, [12, 10, 7, 7, 32, 32])]
        row_rules = [rules.rule_text(rule) for rule in res.get("x-rules", [])]
        if row_rules:
            out.append(nodes.paragraph(text="Row rules: " + " ".join(row_rules)))
        return out


def setup(app: Sphinx) -> dict:
    app.add_directive("data-dictionary", DataDictionaryDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
