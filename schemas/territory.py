"""Contracts of the public territory extracts: INSEE populations, URSSAF employment, France Travail job seekers."""
from __future__ import annotations

import pandera.pandas as pa
from pandera import Check

from schemas.common import LABEL

COMMUNE_CODE = Check.str_matches(r"^\d[0-9AB]\d{3}$")


insee__populations = pa.DataFrameSchema(
    name="insee__populations",
    description="INSEE « populations légales », commune file of one census vintage (RP year).",
    metadata={"source": "insee", "file": "insee/populations_legales_communes_{partition}.csv", "partitioning": "vintage",
              "key": ["COM"],  # one row per commune in a vintage
              "history": {"value": "PMUN", "by": ["COM"]}},  # a commune's population from one vintage to the next
    coerce=True,
    columns={
        "REG": pa.Column(str, Check.str_matches(r"^\d{2}$"), description="region code"),
        "Région": pa.Column(str, description="region name", metadata=LABEL),
        "DEP": pa.Column(str, Check.str_matches(r"^(\d{2}|2[AB]|97\d)$"), description="department code"),
        "CODARR": pa.Column(str, nullable=True, description="arrondissement code", metadata=LABEL),
        "CODCAN": pa.Column(str, nullable=True, description="canton code", metadata=LABEL),
        "CODCOM": pa.Column(str, Check.str_matches(r"^\d{3}$"), description="commune code within the department"),
        "COM": pa.Column(str, COMMUNE_CODE, description="INSEE commune code (COG)"),
        "Commune": pa.Column(str, description="commune name", metadata=LABEL),
        "PMUN": pa.Column("Int64", Check.ge(0), description="population municipale"),
        "PCAP": pa.Column("Int64", Check.ge(0), description="population comptée à part"),
        "PTOT": pa.Column("Int64", Check.ge(0), description="population totale"),
    },
)

urssaf__effectifs = pa.DataFrameSchema(
    name="urssaf__effectifs",
    description=(
        "URSSAF « établissements et effectifs salariés au niveau commune x APE », one publication "
        "vintage: private-sector establishments and salaried headcount at 31 December of each year, "
        "wide yearly columns. Blank cells are statistical secrecy."
    ),
    metadata={"source": "urssaf", "file": "urssaf/etablissements_effectifs_commune_ape_{partition}.csv", "partitioning": "vintage",
              "key": ["code_commune", "code_ape"]},
    coerce=True,
    columns={
        "code_region": pa.Column(str, Check.str_matches(r"^\d{2}$")),
        "region": pa.Column(str, metadata=LABEL),
        "code_departement": pa.Column(str, metadata=LABEL),
        "departement": pa.Column(str, metadata=LABEL),
        "code_epci": pa.Column(str, Check.str_matches(r"^\d{9}$"), description="EPCI SIREN"),
        "epci": pa.Column(str, metadata=LABEL),
        "code_commune": pa.Column(str, COMMUNE_CODE),
        "commune": pa.Column(str, metadata=LABEL),
        "code_ape": pa.Column(str, Check.str_matches(r"^\d{2}\.?\d{2}[A-Z]$"), description="APE (NAF rev.2) code"),
        "ape": pa.Column(str, nullable=True, description="APE label", metadata=LABEL),
        r"^nombre_d_etablissements_\d{4}$": pa.Column("Int64", Check.ge(0), nullable=True, regex=True),
        r"^effectifs_salaries_\d{4}$": pa.Column("Int64", Check.ge(0), nullable=True, regex=True),
    },
)

DEFM_CATEGORIES = ["A", "B", "C"]
DEFM_SEXES = ["Hommes", "Femmes"]
DEFM_AGE_BANDS = ["Moins de 25 ans", "25 à 49 ans", "50 ans et plus"]
DEFM_SENIORITY = ["Moins d'un an", "Un an ou plus"]

france_travail__defm = pa.DataFrameSchema(
    name="france_travail__defm",
    description=(
        "France Travail job seekers registered at a month end (DEFM), per commune, category, sex, "
        "age band and registration seniority; long layout after the DARES commune file."
    ),
    metadata={"source": "france_travail", "file": "france_travail/defm_communes_{partition}.csv", "partitioning": "month",
              "key": ["date", "code_commune", "categorie", "sexe", "tranche_d_age", "anciennete"], "date_column": "date"},
    coerce=True,
    columns={
        "date": pa.Column("datetime64[ns]", Check(lambda d: d.dt.is_month_end, element_wise=False, name="is_month_end",
                                                   statistics={"sql": "{column} = last_day({column})"}), description="month end"),
        "code_commune": pa.Column(str, COMMUNE_CODE),
        "commune": pa.Column(str, metadata=LABEL),
        "categorie": pa.Column(str, Check.isin(DEFM_CATEGORIES)),
        "sexe": pa.Column(str, Check.isin(DEFM_SEXES)),
        "tranche_d_age": pa.Column(str, Check.isin(DEFM_AGE_BANDS)),
        "anciennete": pa.Column(str, Check.isin(DEFM_SENIORITY)),
        "nombre_de_demandeurs_d_emploi": pa.Column("Int64", Check.ge(0)),
    },
)

CONTRACTS = [insee__populations, urssaf__effectifs, france_travail__defm]
