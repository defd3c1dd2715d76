"""The sample generator's scale factor (`python -m sample_data FOLDER --scale N`): scale 1 is the
association's files byte for byte; a copy is the same rows with its own people and, in the public
territory files, its own communes, so the ingestion loads every row of every copy, sets none aside,
and no pseudonymised key of one copy meets another's."""
from __future__ import annotations

import csv
import hashlib
import shutil
from collections import Counter
from pathlib import Path

import pytest

from ingestion.contract import ExtractContract
from ingestion.load import ingest_partition
from sample_data.scale import SAMPLE_COMMUNES, contract_of, scale_extracts
from warehouse import Warehouse

# sha256 of every file the generator writes at scale 1 (relative path and bytes, in path order).
# A change of the sample data changes it: update it only with a change meant to alter the sample.
SCALE_1_DIGEST = "d945f27ee9708fdd1b30d024d861b9d6122be31271b61d2c5d3dedcfe8ad4a72"  # #19: neutral contract values

FACTOR = 3
# One month of a person-level source per domain, the public territory files, and their contracts.
SAMPLE_FILES = ["plie/2025/plie_participants_2025-03.csv", "plie/2025/plie_etapes_2025-03.csv",
                "ml/2025/imilo_dossiers_2025-03.csv", "ml/2025/imilo_evenements_2025-03.csv",
                "ml/2025/ml_actions_collectives_2025-03.csv", "ml/2025/ml_participations_actions_2025-03.csv",
                "mde/2025/cyberbase_visites_2025-03.csv", "insee/populations_legales_communes_2021.csv",
                "urssaf/etablissements_effectifs_commune_ape_2024.csv", "france_travail/defm_communes_2025-03.csv"]


def digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        sha.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def rows_of(path: Path) -> tuple[list[str], list[list[str]]]:
    encoding = "utf-8-sig" if path.read_bytes().startswith(b"\xef\xbb\xbf") else "latin-1"
    with path.open(encoding=encoding, newline="") as handle:
        header, *rows = list(csv.reader(handle, delimiter=";"))
    return header, rows


@pytest.fixture(scope="module")
def scaled(sample_extracts, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scaled")
    for name in SAMPLE_FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(sample_extracts / name, folder / name)
    scale_extracts([folder / name for name in SAMPLE_FILES], FACTOR)
    return folder


def test_scale_1_writes_the_same_bytes_as_before(sample_extracts):
    assert digest(sample_extracts) == SCALE_1_DIGEST


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_a_scaled_file_is_the_original_then_its_copies(sample_extracts, scaled, name):
    original, copies = (sample_extracts / name).read_bytes(), (scaled / name).read_bytes()
    assert copies.startswith(original)
    header, rows = rows_of(scaled / name)
    _, first = rows_of(sample_extracts / name)
    assert len(rows) == FACTOR * len(first) and header == rows_of(sample_extracts / name)[0]
    changed = {c for c in header if c.startswith("id_") or c in ("COM", "code_commune", "DEP", "CODCOM", "CODARR", "CODCAN",
                                                                "Commune", "commune", "code_departement", "code_epci", "epci")}
    for column in set(header) - changed:  # same distributions: every other value as often in each copy
        i = header.index(column)
        assert Counter(r[i] for r in rows) == Counter({v: FACTOR * n for v, n in Counter(r[i] for r in first).items()}), column


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_every_row_of_every_copy_is_loaded_and_none_set_aside(scaled, tmp_path, name):
    contract = ExtractContract(contract_of(Path(name)))
    partition = contract.partition_of(name)
    report = ingest_partition(contract, Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}"), scaled, partition, "k")
    assert (report.rows_read, report.rows_quarantined, report.failures_by_rule) == (len(rows_of(scaled / name)[1]), 0, {})
    assert report.rows_loaded == report.rows_read


def test_copies_have_their_own_people_and_their_links(scaled, tmp_path):
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    names = ["ml/2025/imilo_evenements_2025-03.csv", "ml/2025/ml_participations_actions_2025-03.csv"]
    for name in names:
        contract = ExtractContract(contract_of(Path(name)))
        ingest_partition(contract, warehouse, scaled, contract.partition_of(name), "k")
    # one pseudonymised key per young person and copy: none shared by two copies
    header, rows = rows_of(scaled / names[0])
    young = {r[header.index("id_jeune")] for r in rows}
    keys = warehouse.read_sql("select count(distinct id_jeune) as n from raw_ml__evenements")
    assert int(keys.n[0]) == len(young) and len(young) % FACTOR == 0
    # a copy's attendances point at its own collective actions
    actions = {r[0] for r in rows_of(scaled / "ml/2025/ml_actions_collectives_2025-03.csv")[1]}
    attended = {r[0] for r in rows_of(scaled / names[1])[1]}
    assert attended <= actions and {a.rsplit("_", 1)[-1] for a in attended if "_" in a} == {"001", "002"}


def test_territory_copies_are_other_communes_consistent_across_sources(scaled):
    census_header, census = rows_of(scaled / "insee/populations_legales_communes_2021.csv")
    code = census_header.index("COM")
    communes = [r[code] for r in census]
    assert len(set(communes)) == len(communes)  # one row per commune, as the contract's key wants
    twins = set(communes) - set(SAMPLE_COMMUNES)
    assert len(twins) == (FACTOR - 1) * len(set(communes) & set(SAMPLE_COMMUNES))
    for name in ("france_travail/defm_communes_2025-03.csv", "urssaf/etablissements_effectifs_commune_ape_2024.csv"):
        header, rows = rows_of(scaled / name)
        assert {r[header.index("code_commune")] for r in rows} <= set(communes)
    header, rows = rows_of(scaled / "urssaf/etablissements_effectifs_commune_ape_2024.csv")
    epci = header.index("code_epci")
    territory_epci = Counter(r[epci] for r in rows if r[header.index("code_commune")] in SAMPLE_COMMUNES)
    assert not territory_epci.keys() & {r[epci] for r in rows if r[header.index("code_commune")] in twins}


def test_person_level_copies_keep_the_territorys_communes(sample_extracts, scaled):
    name = "plie/2025/plie_participants_2025-03.csv"
    header, rows = rows_of(scaled / name)
    _, first = rows_of(sample_extracts / name)
    i = header.index("code_commune")
    assert Counter(r[i] for r in rows) == Counter({c: FACTOR * n for c, n in Counter(r[i] for r in first).items()})


def test_the_factor_is_bounded(tmp_path):
    with pytest.raises(ValueError, match="between 1 and 1000"):
        scale_extracts([], 0)


def test_a_writer_run_beside_in_a_forked_process_writes_the_same_files(tmp_path):
    """`make run` writes the Mission Locale's extracts in a forked process (`sample_data._beside`);
    a test worker, which runs threads, writes them in its own process. Both give the same files."""
    import subprocess
    import sys

    code = ("import os, sys, threading; from pathlib import Path; from sample_data import _beside; "
            "from sample_data.territory import write_territory_extracts as w\n"
            "assert threading.active_count() == 1\n"
            "with _beside(w, Path(sys.argv[1])) as forked: mine = w(Path(sys.argv[2]))\n"
            "print(len(forked.result()), len(mine))")
    forked, here = tmp_path / "forked", tmp_path / "here"
    done = subprocess.run([sys.executable, "-c", code, str(forked), str(here)], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    counts = done.stdout.split()
    assert counts[0] == counts[1] and int(counts[0]) > 0
    files = sorted(p.relative_to(forked) for p in forked.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(here) for p in here.rglob("*") if p.is_file())
    assert all((forked / f).read_bytes() == (here / f).read_bytes() for f in files)
