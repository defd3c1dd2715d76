"""The last touches on the rendered report, applied once to its HTML so templates, data (event
names typed by staff) and configuration (scheme names) all come out the same:

- French typography (`french_html`): typographic apostrophes (’) and the no-break spaces French
  puts inside « » and before : ; ! ?. Only text between tags changes: tag names, attributes (ids,
  URLs, data-indicator) and the content of <style>, <script>, <code> and <pre> are left as they are.
- accessible tables (`accessible_tables`): every header cell says what it heads (`scope="col"` in
  the table's head; a body row's first cell, its label, becomes its `<th scope="row">`), and every
  table has a <caption>: the template's own, else the heading the table comes under (then read by
  screen readers only: the heading already shows it).
"""
from __future__ import annotations

import re

NBSP, NARROW_NBSP = "\u00a0", "\u202f"
# Left as written: markup, code, and the data-state notice's spacing (quality/data_state.py writes
# its own words, which other outputs repeat: it is marked in body.html.j2 by <!--state--> ...
# <!--/state-->; only its apostrophes become typographic).
_PROTECTED = re.compile(r"(<(style|script|code|pre)\b.*?</\2>|<!--(state)-->.*?<!--/state-->|<[^>]*>)", re.S | re.I)
_RULES = [
    (re.compile(r"(?<=\w)(?:'|&#39;|&#x27;)(?=\w)"), "’"),  # l'emploi, d'accueil
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NBSP),
    (re.compile(r"[ \u00a0\u202f]*»"), NBSP + "»"),
    # « Sources : », « 27 572 ; » (never « https: » nor an entity's « &amp; »: a space must be there)
    (re.compile(r"(?:(?<=\S)|^)[ \u00a0\u202f]+:(?=\s|$)"), NBSP + ":"),
    (re.compile(r"(?:(?<=\S)|^)[ \u00a0\u202f]+([;!?])(?=\s|$)"), NARROW_NBSP + r"\1"),
]


def french(text: str) -> str:
    """`text` (a piece of HTML text, no tags) with French typography."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def _apostrophes(html: str) -> str:
    pattern, replacement = _RULES[0]
    return "".join(part if part.startswith("<") else pattern.sub(replacement, part) for part in re.split(r"(<[^>]*>)", html))


def french_html(html: str) -> str:
    """The HTML with French typography in its text, its markup untouched."""
    parts = _PROTECTED.split(html)
    out, skip = [], 0
    for i, part in enumerate(parts):
        # re.split with three groups yields: text, whole match, two inner groups, text, ...
        if skip:
            skip -= 1
            continue
        if i % 4 == 1:
            out.append(_apostrophes(part) if part.startswith("<!--state-->") else part)
            skip = 2
        else:
            out.append(french(part))
    return "".join(out)


_TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table>", re.S)
_HEADING = re.compile(r"<h([2-4])\b[^>]*>(.*?)</h\1>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def accessible_tables(html: str) -> str:
    """Every table with a caption and header cells with their scope (see the module docstring)."""
    out, last, heading = [], 0, ""
    for match in _TABLE.finditer(html):
        before = html[last:match.start()]
        headings = _HEADING.findall(before)
        if headings:
            heading = " ".join(_TAGS.sub("", headings[-1][1]).split())
        attrs, inner = match.group(1), match.group(2)
        head, sep, body = inner.partition("</thead>")
        if sep:
            head = re.sub(r"<th(?=[\s>])(?![^>]*\bscope=)", '<th scope="col"', head)
            inner = head + sep + _row_headers(body)
        if "<caption" not in inner and heading:
            inner = f'<caption class="from-heading">{heading}</caption>' + inner
        out.append(before + f"<table{attrs}>{inner}</table>")
        last = match.end()
    out.append(html[last:])
    return "".join(out)


_ROW = re.compile(r"(<tr\b[^>]*>\s*)<td>(.*?)</td>", re.S)


def _row_headers(body: str) -> str:
    """Each body row's first cell, when it is a label (a plain cell, in a row without a header yet)."""
    def header(match: re.Match) -> str:
        return f'{match.group(1)}<th scope="row">{match.group(2)}</th>'
    rows = re.split(r"(?=<tr\b)", body)
    return "".join(row if "<th" in row else _ROW.sub(header, row, count=1) for row in rows)


def finished(html: str) -> str:
    """The report's HTML with its tables made accessible and its text in French typography."""
    return french_html(accessible_tables(html))
