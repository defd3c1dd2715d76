"""Synthetic territory extracts in the real public layouts, calibrated to the 2025 report.

INSEE populations légales (one file per census vintage, Windows-1252, `;`), URSSAF employment per
commune x APE (one file per publication vintage, UTF-8 with BOM, `;`, wide yearly columns) and
France Travail job seekers at each month end (UTF-8, `;`, long layout). Deterministic: the same
bytes on every run. The values the 2025 report prints come out exactly (RP2023 populations,
employment at 31/12/2024, job seekers at 30/09/2025 and 30/09/2024); other vintages are plausible.
"""
from __future__ import annotations

import calendar
import csv
import io
from pathlib import Path

import numpy as np

SEED = 2025

# (code, name, population RP2023, share of the territory's private jobs, share of its job seekers)
MNO_COMMUNES = [
    ("59368", "La Madeleine", 22006, 0.150, 0.155),
    ("59328", "Lambersart", 27572, 0.140, 0.200),
    ("59356", "Lompret", 2201, 0.010, 0.012),
    ("59378", "Marcq-en-Barœul", 40930, 0.330, 0.250),
    ("59386", "Marquette-lez-Lille", 12695, 0.070, 0.090),
    ("59457", "Pérenchies", 8519, 0.060, 0.055),
    ("59482", "Quesnoy-sur-Deûle", 6866, 0.030, 0.040),
    ("59527", "Saint-André-lez-Lille", 13354, 0.110, 0.110),
    ("59611", "Verlinghem", 2722, 0.020, 0.015),
    ("59636", "Wambrechies", 11134, 0.080, 0.073),
]
# Other communes of the MEL (EPCI 200093201), and two outside it that the pipeline must ignore.
MEL_EPCI = ("200093201", "Métropole Européenne de Lille")
OTHER_MEL_COMMUNES = [
    ("59350", "Lille", 236710, 0.46),
    ("59512", "Roubaix", 98828, 0.10),
    ("59599", "Tourcoing", 99011, 0.09),
    ("59009", "Villeneuve-d'Ascq", 62727, 0.14),
    ("59360", "Loos", 22513, 0.03),
    ("59017", "Armentières", 25092, 0.03),
    ("59163", "Croix", 21224, 0.05),
    ("59650", "Wattrelos", 40685, 0.03),
    ("59410", "Mons-en-Barœul", 21372, 0.02),
]
NON_MEL_COMMUNES = [("59178", "Douai", 39700, "245900428", "CA du Douaisis"), ("62041", "Arras", 41555, "200033579", "CU d'Arras")]

POPULATION_VINTAGES = range(2015, 2024)
EMPLOYMENT_VINTAGES = range(2018, 2025)
FIRST_EMPLOYMENT_YEAR = 2015
MNO_PRIVATE_JOBS_2024 = 55915
MEL_PRIVATE_JOBS_2024 = 431_840  # the MNO's share rounds to 13 %

APE_CODES = [
    ("10.71C", "Boulangerie et boulangerie-pâtisserie", 0.02),
    ("41.20A", "Construction de maisons individuelles", 0.03),
    ("43.21A", "Travaux d'installation électrique dans tous locaux", 0.04),
    ("45.11Z", "Commerce de voitures et de véhicules automobiles légers", 0.03),
    ("46.90Z", "Commerce de gros non spécialisé", 0.06),
    ("47.11F", "Hypermarchés", 0.08),
    ("47.73Z", "Commerce de détail de produits pharmaceutiques", 0.02),
    ("49.41A", "Transports routiers de fret interurbains", 0.04),
    ("52.29A", "Messagerie, fret express", 0.03),
    ("56.10A", "Restauration traditionnelle", 0.05),
    ("62.01Z", "Programmation informatique", 0.06),
    ("64.19Z", "Autres intermédiations monétaires", 0.07),
    ("69.20Z", "Activités comptables", 0.04),
    ("70.10Z", "Activités des sièges sociaux", 0.09),
    ("78.20Z", "Activités des agences de travail temporaire", 0.08),
    ("81.21Z", "Nettoyage courant des bâtiments", 0.05),
    ("86.10Z", "Activités hospitalières", 0.07),
    ("87.10A", "Hébergement médicalisé pour personnes âgées", 0.04),
    ("88.10A", "Aide à domicile", 0.06),
    ("94.99Z", "Autres organisations fonctionnant par adhésion volontaire", 0.04),
]
# Cells under statistical secrecy: published blank, so they count for nothing.
SECRET_APE = ("01.11Z", "Culture de céréales")

# Job seekers (DEFM) anchors at 30 September: (A B C, A, 12 months and more, under 25, 50 and over, women)
DEFM_SEPTEMBER = {
    2019: (10420, 5980, 4460, 1390, 2210, 5270),
    2020: (10980, 6560, 4390, 1530, 2230, 5560),
    2021: (10610, 6020, 4700, 1380, 2290, 5390),
    2022: (9590, 5360, 3990, 1180, 2240, 4880),
    2023: (9305, 5220, 3660, 1150, 2230, 4720),
    2024: (9211, 5364, 3572, 1116, 2257, 4691),
    2025: (9948, 5884, 3943, 1422, 2300, 5029),
}
DEFM_MONTHS = [(y, m) for y in range(2019, 2026) for m in range(1, 13)]


def write_territory_extracts(extracts_dir: Path) -> list[Path]:
    """Write every territory sample extract under `extracts_dir`; return the paths written."""
    rng = np.random.default_rng(SEED)
    paths = _write_populations(extracts_dir)
    paths += _write_employment(extracts_dir, rng)
    paths += _write_job_seekers(extracts_dir, rng)
    return paths


def _write(path: Path, header: list[str], rows: list[list], encoding: str, delimiter: str = ";") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _population(base: int, vintage: int, drift: float) -> int:
    return int(round(base * (1 + drift) ** (vintage - 2023)))


def _write_populations(extracts_dir: Path) -> list[Path]:
    communes = [(c, n, p, 0.001) for c, n, p, *_ in MNO_COMMUNES]
    communes += [(c, n, p, 0.004) for c, n, p, _ in OTHER_MEL_COMMUNES]
    communes += [(c, n, p, -0.002) for c, n, p, *_ in NON_MEL_COMMUNES]
    paths = []
    for vintage in POPULATION_VINTAGES:
        rows = []
        for code, name, pop2023, drift in sorted(communes):
            pmun = pop2023 if vintage == 2023 else _population(pop2023, vintage, drift)
            pcap = int(round(pmun * 0.015))
            dep = code[:2]
            region = ("32", "Hauts-de-France")
            rows.append([region[0], region[1], dep, f"{dep}{'1' if dep == '59' else '7'}", f"{dep}{int(code[2:]) % 40:02d}", code[2:], code, name, pmun, pcap, pmun + pcap])
        header = ["REG", "Région", "DEP", "CODARR", "CODCAN", "CODCOM", "COM", "Commune", "PMUN", "PCAP", "PTOT"]
        paths.append(_write(extracts_dir / "insee" / f"populations_legales_communes_{vintage}.csv", header, rows, "cp1252"))
    return paths


def _split(total: int, weights: list[float], rng: np.random.Generator) -> list[int]:
    """Split `total` into integer parts proportional to `weights` (exact sum, seeded jitter)."""
    w = np.asarray(weights, dtype=float) * rng.uniform(0.9, 1.1, len(weights))
    raw = w / w.sum() * total
    parts = np.floor(raw).astype(int)
    for i in np.argsort(-(raw - parts), kind="stable")[: total - parts.sum()]:
        parts[i] += 1
    return parts.tolist()


def _write_employment(extracts_dir: Path, rng: np.random.Generator) -> list[Path]:
    years = list(range(FIRST_EMPLOYMENT_YEAR, max(EMPLOYMENT_VINTAGES) + 1))
    growth = {y: (1 + 0.008) ** (y - 2024) for y in years}
    ape_weights = [w for *_, w in APE_CODES]
    # cells[(code, name, epci, epci_name)] = {ape: {year: (establishments, jobs)}}
    mno_jobs = _split(MNO_PRIVATE_JOBS_2024, [s for *_, s, _ in MNO_COMMUNES], rng)
    other_jobs = _split(MEL_PRIVATE_JOBS_2024 - MNO_PRIVATE_JOBS_2024, [s for *_, s in OTHER_MEL_COMMUNES], rng)
    communes = [((c, n) + MEL_EPCI, jobs) for (c, n, *_), jobs in zip(MNO_COMMUNES, mno_jobs)]
    communes += [((c, n) + MEL_EPCI, jobs) for (c, n, *_), jobs in zip(OTHER_MEL_COMMUNES, other_jobs)]
    communes += [((c, n, e, en), int(p * 0.3)) for c, n, p, e, en in NON_MEL_COMMUNES]
    cells = []
    for commune, jobs2024 in communes:
        for (code_ape, label, _), jobs in zip(APE_CODES, _split(jobs2024, ape_weights, rng)):
            by_year = {}
            for year in years:
                value = jobs if year == 2024 else int(round(jobs * growth[year] * rng.uniform(0.97, 1.03)))
                by_year[year] = (max(1, int(round(value / 9))), value)
            cells.append((commune, code_ape, label, by_year))
        cells.append((commune, *SECRET_APE, None))
    paths = []
    for vintage in EMPLOYMENT_VINTAGES:
        shown = [y for y in years if y <= vintage]
        header = ["code_region", "region", "code_departement", "departement", "code_epci", "epci", "code_commune", "commune", "code_ape", "ape"]
        header += [f"nombre_d_etablissements_{y}" for y in shown] + [f"effectifs_salaries_{y}" for y in shown]
        rows = []
        for (code, name, epci, epci_name), code_ape, label, by_year in cells:
            dep = code[:2]
            values = [""] * (2 * len(shown)) if by_year is None else [by_year[y][0] for y in shown] + [by_year[y][1] for y in shown]
            department = "Nord" if dep == "59" else "Pas-de-Calais"
            rows.append(["32", "Hauts-de-France", dep, department, epci, epci_name, code, name, code_ape, label, *values])
        path = extracts_dir / "urssaf" / f"etablissements_effectifs_commune_ape_{vintage}.csv"
        paths.append(_write(path, header, rows, "utf-8-sig"))
    return paths


AGE_BANDS = ("Moins de 25 ans", "25 à 49 ans", "50 ans et plus")
SENIORITY = ("Moins d'un an", "Un an ou plus")


def _defm_targets(year: int, month: int) -> tuple[int, ...]:
    """Marginal totals at a month end: exact in September, interpolated between Septembers elsewhere."""
    if month == 9:
        return DEFM_SEPTEMBER[year]
    before = (year if month > 9 else year - 1)
    after = before + 1
    low = DEFM_SEPTEMBER.get(before, DEFM_SEPTEMBER[min(DEFM_SEPTEMBER)])
    high = DEFM_SEPTEMBER.get(after, DEFM_SEPTEMBER[before] if before in DEFM_SEPTEMBER else low)
    t = ((month - 9) % 12) / 12
    seasonal = 1 + 0.012 * np.cos(2 * np.pi * (month - 2) / 12)
    total = int(round(((1 - t) * low[0] + t * high[0]) * seasonal))
    ratios = [((1 - t) * low[i] / low[0] + t * high[i] / high[0]) for i in range(1, 6)]
    return (total, *[int(round(r * total)) for r in ratios])


def _write_job_seekers(extracts_dir: Path, rng: np.random.Generator) -> list[Path]:
    weights = [s for *_, s in MNO_COMMUNES]
    paths = []
    for year, month in DEFM_MONTHS:
        total, cat_a, long_term, young, senior, women = _defm_targets(year, month)
        cat_b = int(round((total - cat_a) * 0.47))
        # One synthetic job seeker per row of these arrays; independent shuffles give plausible crossings
        # while every published margin stays exact.
        commune = np.repeat(np.arange(len(MNO_COMMUNES)), _split(total, weights, rng))
        category = np.repeat(np.array(["A", "B", "C"]), [cat_a, cat_b, total - cat_a - cat_b])
        sex = np.repeat(np.array(["Femmes", "Hommes"]), [women, total - women])
        age = np.repeat(np.array(AGE_BANDS), [young, total - young - senior, senior])
        seniority = np.repeat(np.array(SENIORITY), [total - long_term, long_term])
        for column in (category, sex, age, seniority):
            rng.shuffle(column)
        counts: dict[tuple, int] = {}
        for key in zip(commune.tolist(), category.tolist(), sex.tolist(), age.tolist(), seniority.tolist()):
            counts[key] = counts.get(key, 0) + 1
        last_day = calendar.monthrange(year, month)[1]
        date = f"{last_day:02d}/{month:02d}/{year}"
        rows = [
            [date, MNO_COMMUNES[c][0], MNO_COMMUNES[c][1], cat, s, a, sen, n]
            for (c, cat, s, a, sen), n in sorted(counts.items())
        ]
        header = ["date", "code_commune", "commune", "categorie", "sexe", "tranche_d_age", "anciennete", "nombre_de_demandeurs_d_emploi"]
        paths.append(_write(extracts_dir / "france_travail" / f"defm_communes_{year}-{month:02d}.csv", header, rows, "utf-8"))
    return paths
