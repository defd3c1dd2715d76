"""Traceability of the report: the figures its HTML shows and where each one comes from.

Every figure of the report is a `<span data-indicator="<id>">` (reporting/figures.py). This module
reads them back from the rendered sections: the label each one has in the report (its table row
and column, or the clause of its sentence), then groups them by the SQL model computing them, with
the model's header comment (its definition) and the extracts it reads, for the appendix.

Belongs here: reading the rendered HTML for ids, labels and headings. Not here: formatting
(reporting/formatting.py), the page layout (templates).
"""
from __future__ import annotations

import html.parser
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from markupsafe import Markup

from reporting.figures import plain_decimal

NS = "{http://www.w3.org/1999/xhtml}"
_HEADING = re.compile(r"<h([23])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_CLAUSE_END = re.compile(r"(?<=[;.!?])\s+|\s+:\s+")
# within a clause, one figure's part: ", dont 5 884 …", ", femmes 53,8 % …", " et 66 autres …"
_PART_START = re.compile(r",\s+(?=(?:dont|soit)\b|[a-zà-ÿ][^\d,;()]*\s\x00?\d)|\s+et\s+(?=\x00?\d)")
MARK = "\x00"
_FIGURE = re.compile(MARK + ".*?" + MARK)


@dataclass
class Heading:
    level: int
    anchor: str
    text: str


def anchor_headings(html: str, prefix: str = "s") -> tuple[Markup, list[Heading]]:
    """Give every h2 and h3 an id (kept when it has one), for the table of contents."""
    headings: list[Heading] = []

    def add_id(match: re.Match) -> str:
        level, attrs, inner = int(match.group(1)), match.group(2), match.group(3)
        found = re.search(r'\bid="([^"]+)"', attrs)
        anchor = found.group(1) if found else f"{prefix}{len(headings) + 1}"
        text = " ".join(_TAG.sub("", inner).split())
        headings.append(Heading(level, anchor, Markup(text)))  # already escaped HTML text
        # the id on a wrapper: the heading's own markup stays exactly as its template wrote it
        return match.group(0) if found else f'<div class="anchor" id="{anchor}">{match.group(0)}</div>'

    return Markup(_HEADING.sub(add_id, str(html))), headings


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _marked_text(element, target) -> str:
    """The element's text, with the target's text between MARK characters."""
    parts = [element.text or ""]
    for child in element:
        parts.append(MARK + _text(child) + MARK if child is target else _marked_text(child, target))
        parts.append(child.tail or "")
    return "".join(parts)


def _cell_label(span, cell, row, table, parents) -> str:
    cells = [c for c in row if c.tag in (NS + "td", NS + "th")]
    first = _text(cells[0]) if cells and cells[0] is not cell else ""
    header = ""
    head_rows = [r for r in table.iter(NS + "tr") if parents.get(r) is not None and parents[r].tag == NS + "thead"]
    if head_rows and cell in cells:
        headers = [_text(c) for c in head_rows[0] if c.tag in (NS + "td", NS + "th")]
        index = cells.index(cell)
        if index < len(headers):
            header = headers[index]
            if index > 0 and re.match(r"(?i)(part|dont)\b", header):  # « Part » of the column before it
                header = f"{headers[index - 1]}, {header[0].lower()}{header[1:]}"
    label = " — ".join(part for part in (first, header) if part)
    if span.get("data-indicator", "").endswith("part_pct") and "part" not in label.lower():  # « 33 (20,6 %) »
        label += ", part"
    return label


def _clause_label(span, block) -> str:
    text = " ".join(_marked_text(block, span).split())
    for clause in _CLAUSE_END.split(text):
        if MARK in clause:
            clause = next(part for part in _PART_START.split(clause) if MARK in part)
            clause = " ".join(_FIGURE.sub("…", clause).split()).strip(" ;:,.")  # the words, the figure as « … »
            return clause if len(clause) <= 160 else clause[:157].rstrip() + "…"
    return " ".join(_FIGURE.sub("…", text).split())


@dataclass(frozen=True)
class PrintedFigure:
    """How the report prints one figure: under which heading, with which words, to how many decimals."""

    heading: str  # the section (h2) and sub-section (h3) it is printed under, « PLIE › Les sorties »
    label: str  # its table row and column, or its clause with the figure itself left out
    decimals: int | None  # decimals it is printed with (None when the span does not say)

    @property
    def full_label(self) -> str:
        """With every heading above it: for exports, where a row stands alone."""
        return f"{self.heading} : {self.label}" if self.heading and self.label else self.heading or self.label

    @property
    def short_label(self) -> str:
        """With its nearest heading only: for the appendix, whose groups already say the part."""
        nearest = self.heading.rpartition(" › ")[2]
        return f"{nearest} : {self.label}" if nearest and self.label else nearest or self.label


def printed_figures(html: str) -> dict[str, PrintedFigure]:
    """Each indicator id shown in the HTML, in order of first appearance, as it is printed there."""
    root = _parse(html)
    parents = {child: parent for parent in root.iter() for child in parent}
    printed: dict[str, PrintedFigure] = {}
    headings = {2: "", 3: ""}
    for element in root.iter():  # document order: a heading comes before the figures under it
        if element.tag in (NS + "h2", NS + "h3"):
            level = int(element.tag[-1])
            headings[level] = _text(element)
            if level == 2:
                headings[3] = ""
            continue
        indicator = element.get("data-indicator") if element.tag == NS + "span" else None
        if not indicator or indicator in printed:
            continue
        decimals = element.get("data-decimals")
        printed[indicator] = PrintedFigure(" › ".join(h for h in headings.values() if h),
                                           _label(element, parents), int(decimals) if decimals else None)
    return printed


_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


class _Tree(html.parser.HTMLParser):
    """The report's HTML as an element tree (tags in the XHTML namespace, as an HTML5 parser names
    them), built by the standard library's tokenizer: five times faster than an HTML5 parser, and
    the same tree for HTML that closes what it opens, as the report's templates do (an end tag
    left out is closed by its parent's)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = ET.Element(NS + "html")
        self.open = [ET.SubElement(self.root, NS + "body")]
        self.last = None  # the element just closed, whose tail the next text is (None: the open element's text)

    def handle_starttag(self, tag, attrs):
        element = ET.SubElement(self.open[-1], NS + tag, {name: value or "" for name, value in attrs})
        self.last = element if tag in _VOID else None
        if tag not in _VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.last = self.open.pop()

    def handle_endtag(self, tag):
        if tag in _VOID or NS + tag not in [e.tag for e in self.open[1:]]:
            return  # a stray end tag: ignored, as an HTML parser does
        while (element := self.open.pop()).tag != NS + tag:
            pass
        self.last = element

    def handle_data(self, data):
        if self.last is not None:
            self.last.tail = (self.last.tail or "") + data
        else:
            self.open[-1].text = (self.open[-1].text or "") + data


def _parse(markup: str) -> ET.Element:
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    return tree.root


def _label(span, parents) -> str:
    chain, node = [], span
    while node in parents:
        node = parents[node]
        chain.append(node)
    tags = [n.tag for n in chain]
    if NS + "td" in tags or NS + "th" in tags:
        cell = next(n for n in chain if n.tag in (NS + "td", NS + "th"))
        row = next(n for n in chain if n.tag == NS + "tr")
        table = next(n for n in chain if n.tag == NS + "table")
        return _cell_label(span, cell, row, table, parents)
    block = next((n for n in chain if n.tag in (NS + "p", NS + "li", NS + "div", NS + "figcaption")), chain[0])
    return _clause_label(span, block)


@dataclass
class ModelFigures:
    model: str
    definition: str
    extracts: list[str]
    rows: list[dict] = field(default_factory=list)  # {id, label, text}


def extracts_of(name: str, models: dict) -> list[str]:
    """The tables a model reads in the end: extracts (raw_*) and reference tables, not models."""
    seen, leaves, todo = set(), set(), [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in models:
            todo.extend(models[current].upstream_tables)
        else:
            leaves.add(current)
    return sorted(leaves)


def appendix(html: str, figures) -> list[ModelFigures]:
    """The figures shown in `html`, grouped by the SQL model computing them (order of appearance)."""
    from warehouse.models import discover_models

    models = {m.name: m for m in discover_models()}
    groups: dict[str, ModelFigures] = {}
    for indicator, figure in printed_figures(html).items():
        name = figures.models.get(indicator, "")
        if name not in groups:
            model = models.get(name)
            groups[name] = ModelFigures(
                name or "(modèle non identifié)",
                model.description if model else "",
                extracts_of(name, models) if model else [],
            )
        groups[name].rows.append({"id": indicator, "label": figure.short_label, "text": _value_text(figures, indicator)})
    return list(groups.values())


def _value_text(figures, indicator: str) -> str:
    row = figures.rows.get(indicator)
    if row is None:
        return "absent"
    text = plain_decimal(figures.value(indicator))  # as in indicators.csv: unrounded, no trailing zeros
    return text.replace(".", ",") if text else "n.d."
