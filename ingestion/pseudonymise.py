"""Pseudonymisation of personal identifiers: a keyed hash (HMAC-SHA-256), stable across runs.

The same identifier with the same key always gives the same pseudonym, so records join across
extracts and months; without the key, a pseudonym cannot be traced back by hashing guesses.
"""
from __future__ import annotations

import hashlib
import hmac

import pandas as pd

PSEUDONYM_LENGTH = 24


def pseudonymise(values: pd.Series, key: str) -> pd.Series:
    secret = key.encode("utf-8")

    def one(value: object) -> object:
        if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
            return None
        digest = hmac.new(secret, str(value).strip().encode("utf-8"), hashlib.sha256).hexdigest()
        return digest[:PSEUDONYM_LENGTH]

    return values.map(one).astype("str")
