"""The synthetic PLIE extracts: deterministic, and in the layout of docs/plie-extracts.md."""
from __future__ import annotations

from pathlib import Path

from sample_data.plie import write_plie_extracts

HEADERS = {
    "participants": "id_participant;nom;prenom;telephone;email;date_naissance;sexe;code_commune;qpv;"
                    "niveau_formation;rsa;th;public_prioritaire;prescripteur;date_entree;operateur",
    "etapes": "id_etape;id_participant;type_etape;sous_type;formation_qualifiante;date_debut;date_fin",
    "sorties": "id_participant;date_sortie;motif_sortie",
    "formations": "id_convention;organisme;id_participant;type_formation;intitule;date_debut;"
                  "date_fin;resultat",
    "accompagnement_social": "id_action;id_participant;date_action;type_action;intitule;heures",
}


def _contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.csv"))}


def test_same_bytes_on_every_run(tmp_path):
    first = write_plie_extracts(tmp_path / "a")
    second = write_plie_extracts(tmp_path / "b")
    assert [p.relative_to(tmp_path / "a") for p in first] == \
        [p.relative_to(tmp_path / "b") for p in second]
    assert _contents(tmp_path / "a") == _contents(tmp_path / "b")


def test_layout_of_a_month(tmp_path):
    paths = write_plie_extracts(tmp_path, first_year=2025, last_year=2025)
    assert len(paths) == 12 * len(HEADERS)
    folder = tmp_path / "plie" / "2025"
    march = sorted(p.name for p in folder.glob("*_2025-03.csv"))
    assert march == sorted(f"plie_{source}_2025-03.csv" for source in HEADERS)
    for source, header in HEADERS.items():
        raw = (folder / f"plie_{source}_2025-03.csv").read_bytes()
        text = raw.decode("cp1252")  # Windows-1252, not UTF-8
        lines = text.split("\r\n")
        assert lines[0] == header
        assert lines[-1] == "" and "\n" not in text.replace("\r\n", "")  # CRLF only
        width = header.count(";")
        for line in lines[1:-1]:
            assert line.count(";") == width, line
            assert "/03/2025" in line  # each record dated in its month, dd/mm/yyyy
    participants = (folder / "plie_participants_2025-03.csv").read_bytes().decode("cp1252")
    assert "Département" in participants or "France Travail" in participants


def test_keys_are_unique_within_each_file_and_the_sample_holds_real_world_cases(tmp_path):
    """No file holds a contract's key twice (a duplicate within a file is quarantined); across
    files, the sample holds re-entries (two entries of one participant) and conventions paying
    for two trainees."""
    import collections
    import csv

    from ingestion import ExtractContract
    from schemas import plie

    keys = {ExtractContract(s).name.removeprefix("plie__"): ExtractContract(s).key for s in plie.CONTRACTS}
    entries, trainees = collections.Counter(), collections.Counter()
    for path in write_plie_extracts(tmp_path):
        source = path.stem.removeprefix("plie_")[:-8]  # plie_<source>_YYYY-MM
        with path.open(encoding="cp1252", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter=";"))
        seen = collections.Counter(tuple(row[c] for c in keys[source]) for row in rows)
        assert [k for k, n in seen.items() if n > 1] == [], path.name
        if source == "participants":
            entries.update(row["id_participant"] for row in rows)
        if source == "formations":
            trainees.update(row["id_convention"] for row in rows)
    assert sum(1 for n in entries.values() if n > 1) >= 10
    assert sum(1 for n in trainees.values() if n > 1) >= 5
