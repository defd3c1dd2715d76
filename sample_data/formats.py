"""How the exports write a date as text: `31/12/2025`, day first (i-milo, the PLIE tool, the MDE's files)."""
from __future__ import annotations

import datetime as dt


def french_date(day: dt.date) -> str:
    """`dd/mm/yyyy`, as `strftime("%d/%m/%Y")` writes a date of year 1000 or later, at a third of its
    cost (the sample generator writes millions of them)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
