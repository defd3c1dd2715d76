"""French number formatting: 27 572 ; 9,6 % ; +8,0 %.

Thousands are separated by a narrow no-break space (U+202F) and the percent sign by a no-break
space (U+00A0), as French typography wants; values are rounded half-up like the published report.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
MISSING = "n.d."


def round_half_up(value: float | Decimal, decimals: int) -> Decimal:
    """The value rounded half up to `decimals`, as the published report rounds."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def fr_number(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return MISSING
    rounded = round_half_up(value, decimals)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):.{decimals}f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = NARROW_NBSP.join(groups)
    return sign + text + ("," + fraction if fraction else "")


def fr_percent(value: float | None, decimals: int = 0) -> str:
    return MISSING if value is None else f"{fr_number(value, decimals)}{NBSP}%"


def fr_evolution(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return MISSING
    sign = "+" if round_half_up(value, decimals) > 0 else ""
    return sign + fr_percent(value, decimals)
