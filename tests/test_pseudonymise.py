"""The pseudonym of a value is fixed forever by the key: a change of implementation must not move it
(every warehouse built so far joins on these bytes)."""
from __future__ import annotations

import hashlib
import hmac

import pandas as pd

from ingestion.pseudonymise import PSEUDONYM_LENGTH, pseudonymise


def test_pseudonyms_are_the_pinned_bytes_of_hmac_sha256():
    values = pd.Series(["P000123", " P000123 ", "Émile-42", None, ""])
    # Pinned with the per-value `hmac.new` implementation this one replaced.
    expected = ["d2d8c4045af16b7760ba39ce", "d2d8c4045af16b7760ba39ce", "d0c71208d3eb1f3ed2a7098f", None,
                "3e158aab31d957638ff6c866"]
    got = pseudonymise(values, "a-known-test-key")
    assert got[[0, 1, 2, 4]].tolist() == [e for e in expected if e is not None]
    assert pd.isna(got[3])  # a missing identifier stays missing


def test_a_key_longer_than_a_block_is_hashed_first_as_hmac_does():
    assert pseudonymise(pd.Series(["x"]), "k" * 100).tolist() == ["8c1858bff6cf9cb73708b4b5"]


def test_every_value_of_a_large_column_matches_hmac_new():
    values = pd.Series([f"id-{i % 997}" for i in range(5_000)] + [None, "  spaced  "], index=range(10, 5_012))
    got = pseudonymise(values, "another key, with accents: é")
    expected = [None if pd.isna(v) else hmac.new("another key, with accents: é".encode(), v.strip().encode(),
                                                 hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH] for v in values]
    assert got.index.equals(values.index)
    assert [None if pd.isna(g) else g for g in got] == expected
