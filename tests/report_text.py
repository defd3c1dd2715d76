"""Reading the rendered report in tests: its figures are `<span data-indicator="<id>">` elements
(reporting/figures.py); assertions on the text around them strip those tags first."""
from __future__ import annotations

import re

_SPAN = re.compile(r'<span data-indicator="([^"]*)"(?: data-decimals="\d+")?>(.*?)</span>', re.S)


def without_indicator_spans(html: str) -> str:
    """The HTML with each figure's id span replaced by the figure's text."""
    return _SPAN.sub(lambda m: m.group(2), html)


def indicator_spans(html: str) -> list[tuple[str, str]]:
    """(indicator id, text shown) of every figure, in order."""
    return _SPAN.findall(html)
