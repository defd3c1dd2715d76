"""Staff free text a figure needs (an event's title, a place, a workshop's title), scrubbed before it
leaves ingestion.

Belongs here: masking, in a text column declared `text: "scrub"` (`ingestion.contract`), what may
name or reach a person: phone numbers, e-mail addresses, dates, social-security-like numbers, long
runs of digits, and any word found in a personal column (a surname, a first name) of the same batch.
Not here: which columns are scrubbed (the contracts) or free text no figure needs (dropped:
`personal: "drop"`). Identifiers and labels (`text: "id"`, `"label"`) are not scrubbed: a row whose
identifier or label holds a phone, an e-mail or a NIR is quarantined instead (`holds_contact`, rule
PERSONAL_IN_TEXT_RULE), by both validation paths.

The scrubbed text keeps its other words, so a title still groups and counts; what is masked becomes
MASK. Words are compared without case, accents or surrounding punctuation.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ingestion.disclosure import MASK

MIN_WORD = 3  # shorter words of a personal column (de, Le, 12) are not masked in free text
_MONTHS = "janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre"
_PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # an e-mail
    re.compile(r"(\+|00)\s?33\s?\(?0?\)?[\s.-]?[1-9]([\s.-]?\d{2}){4}"),  # a French phone, international form
    re.compile(r"\b0[1-9]([\s.-]?\d{2}){4}\b"),  # a French phone
    re.compile(r"\b[12][\s.]?\d{2}[\s.]?\d{2}[\s.]?(\d{2}|2[AB])[\s.]?\d{3}[\s.]?\d{3}([\s.]?\d{2})?\b"),  # a NIR
    re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b"),  # a date in figures
    re.compile(rf"\b\d{{1,2}}(er)?\s+({_MONTHS})(\s+\d{{2,4}})?\b", re.IGNORECASE),  # a date in words
    re.compile(r"\d{6,}"),  # a run of digits long enough to identify
]
_WORD = re.compile(r"\w+")
_EMAIL, _NUMBERS = _PATTERNS[0], re.compile("|".join(f"(?:{p.pattern})" for p in _PATTERNS[1:4]))  # phones, NIR
PERSONAL_IN_TEXT_RULE = "personal_value_in_text"
PERSONAL_IN_TEXT_REASON = ("a phone number, an e-mail address or a social-security number in a column that holds no "
                           "personal data (typed in the wrong column?): fix the cell and drop the file again")


def fold(word: str) -> str:
    """`Hélène` -> `helene`: how the words of free text and of personal columns are compared."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii").lower()


def personal_words(columns: Iterable[pd.Series]) -> frozenset[str]:
    """The folded words of the values of personal columns (names...), of MIN_WORD letters or more."""
    words: set[str] = set()
    for values in columns:
        for value in values.dropna().astype(str).unique():
            words.update(fold(w) for w in _WORD.findall(value) if len(w) >= MIN_WORD and not w.isdigit())
    return frozenset(words)


def scrub(text: str, words: frozenset[str] = frozenset()) -> str:
    """`text` with its phones, e-mails, dates, NIR-like numbers and `words` masked."""
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    if words:
        text = _WORD.sub(lambda m: MASK if fold(m.group()) in words else m.group(), text)
    return text


def scrub_column(values: pd.Series, words: frozenset[str]) -> pd.Series:
    """`scrub` on each present value, once per distinct value."""
    present = values.dropna()
    distinct = {v: scrub(str(v), words) for v in present.unique()}
    return values.map(distinct, na_action="ignore")


def holds_contact(values: pd.Series) -> pd.Series:
    """Which values hold an e-mail, a phone or a NIR (an identifier or a label must not), judged
    once per distinct value."""
    distinct = values.dropna().unique().tolist()
    if not distinct:
        return pd.Series(False, index=values.index)
    texts = [str(v) for v in distinct]
    found = {distinct[i] for i in _with_number(texts)}
    found |= {v for v, text in zip(distinct, texts) if "@" in text and _EMAIL.search(text)}  # e-mails where there is an @ only
    return values.isin(found) & values.notna()


MIN_DIGITS = 10  # the fewest digits of what `_NUMBERS` finds: a phone has 10, +33 and 9 more, a NIR 12 or 13
# every ASCII character `_NUMBERS` can match: digits, white space (as `\s` reads it), . ( ) + - and
# the A or B of a Corsican NIR
_IN_NUMBER = np.zeros(128, dtype=bool)
_IN_NUMBER[[ord(c) for c in "0123456789.()+-AB \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"]] = True


def _with_number(texts: list[str]) -> list[int]:
    """The positions of the texts holding a phone or a NIR. What `_NUMBERS` finds is a run of
    `_IN_NUMBER` characters holding MIN_DIGITS digits or more: in ASCII texts, only those holding such
    a run are scanned (a national extract has millions of ids: `EV0208577_001` holds none), found
    with numpy; the scan is one regex pass over them joined by NUL (no pattern crosses it), not a
    call per text."""
    scanned, joined = np.arange(len(texts)), "\x00".join(texts)
    if joined.isascii():  # `\d` and `\s` are Unicode's: beyond ASCII, every text is scanned
        codes = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
        inside = np.concatenate(([False], _IN_NUMBER[codes], [False]))
        edges = np.flatnonzero(inside[1:] != inside[:-1])  # each run's first character, then its end
        digits = np.concatenate(([0], np.cumsum((codes >= ord("0")) & (codes <= ord("9")), dtype=np.int64)))
        runs = edges[0::2][digits[edges[1::2]] - digits[edges[0::2]] >= MIN_DIGITS]
        if not len(runs):
            return []
        scanned = np.unique(np.searchsorted(_offsets(texts), runs, side="right") - 1)
        joined = "\x00".join(texts[i] for i in scanned)
    hits = [m.start() for m in _NUMBERS.finditer(joined)]
    if not hits:
        return []
    candidates = [texts[i] for i in scanned]
    return sorted({int(scanned[i]) for i in np.searchsorted(_offsets(candidates), hits, side="right") - 1})


def _offsets(texts: list[str]) -> np.ndarray:
    """Where each text starts in the texts joined by NUL."""
    return np.cumsum([0, *(len(t) + 1 for t in texts[:-1])])
