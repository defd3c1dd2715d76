"""Pseudonymisation of personal identifiers: a keyed hash (HMAC-SHA-256), stable across runs.

The same identifier with the same key always gives the same pseudonym, so records join across
extracts and months; without the key, a pseudonym cannot be traced back by hashing guesses.

Millions of rows: each distinct value is hashed once (a person's id recurs in many rows), and the
key's inner and outer pads are hashed once per call (HMAC = H((K ^ opad) || H((K ^ ipad) || m)),
RFC 2104), each value costing two copies of a SHA-256 state instead of a new `hmac` object. The
bytes are those of `hmac.new(key, value, sha256)`, pinned by a test.
"""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

PSEUDONYM_LENGTH = 24
_BLOCK = 64  # SHA-256's block size in bytes


def pseudonymise(values: pd.Series, key: str) -> pd.Series:
    inner, outer = _pads(key.encode("utf-8"))
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))  # missing values: code -1
    pseudonyms = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(uniques):
        digest = inner.copy()
        digest.update(str(value).strip().encode("utf-8"))
        final = outer.copy()
        final.update(digest.digest())
        pseudonyms[i] = final.hexdigest()[:PSEUDONYM_LENGTH]
    pseudonyms[-1] = None  # a missing value stays missing
    return pd.Series(pseudonyms[codes], index=values.index, name=values.name).astype("str")


def pad_bytes(secret: bytes) -> tuple[bytes, bytes]:
    """K ^ ipad and K ^ opad (a key longer than a block is hashed first)."""
    if len(secret) > _BLOCK:
        secret = hashlib.sha256(secret).digest()
    secret = secret.ljust(_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in secret), bytes(b ^ 0x5C for b in secret)


def _pads(secret: bytes) -> tuple:
    """SHA-256 states having absorbed K ^ ipad and K ^ opad."""
    inner, outer = pad_bytes(secret)
    return hashlib.sha256(inner), hashlib.sha256(outer)
