"""Money stays exact from the extract's text to the export and the report: amounts parse to
`decimal.Decimal` (never float; more decimals than the column holds is a failure, not a rounding),
the export writes them without float artefacts, the report prints them in French to the cent."""
from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ingestion import ExtractContract
from ingestion.parsing import parse_column
from report_text import without_indicator_spans
from reporting.figures import Figures, plain_decimal
from schemas import ml


def test_amounts_parse_exactly():
    text = pd.Series(["545,48", "0,1", "1 234,56", "2\u202f026\u00a0189", "", "12,345", "abc"])
    values, failed = parse_column(text, "decimal", 2)
    assert values.tolist()[:4] == [Decimal("545.48"), Decimal("0.1"), Decimal("1234.56"), Decimal("2026189")]
    assert values.iloc[4] is None
    assert failed.tolist() == [False, False, False, False, False, True, True]
    assert sum(values.iloc[:2]) + Decimal("0.2") == Decimal("545.78")  # 545.48 + 0.1 + 0.2 in floats: 545.7800000000001


def test_the_contract_declares_euros_to_the_cent():
    contract = ExtractContract(ml.ml__aides)
    assert contract.kind_of("montant") == "decimal"
    assert contract.scale_of("montant") == 2
    assert contract.kind_of("date_decision") == "date"


def test_export_and_report_formats():
    assert plain_decimal(Decimal("2135533.460000")) == "2135533.46"
    assert plain_decimal(Decimal("2026189.000000")) == "2026189"
    assert plain_decimal(Decimal("100.000000")) == "100"
    assert plain_decimal(Decimal("0E-6")) == "0"
    assert plain_decimal(None) == ""
    frame = pd.DataFrame({"indicator_id": ["ml.aides.total.montant"], "value": [Decimal("2135533.460000")],
                          "period": ["2025"], "unit": ["eur"]})
    figures = Figures.from_frame(2025, frame)
    assert figures.value("ml.aides.total.montant") == Decimal("2135533.46")
    assert without_indicator_spans(figures.eur("ml.aides.total.montant")) == "2\u202f135\u202f533,46\u00a0€"
    assert without_indicator_spans(figures.eur("ml.aides.absent.montant")) == "n.d."
