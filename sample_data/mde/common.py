"""What the MDE sample generators share: the simulated years, deterministic random helpers,
fictitious names and communes. Nothing here knows a register's layout."""
from __future__ import annotations

import datetime as dt
import random

FIRST_YEAR, REPORT_YEAR = 2019, 2025  # monthly trackers from 2019; 2025 reproduces the report
YEARS = tuple(range(FIRST_YEAR, REPORT_YEAR + 1))
HISTORY_SCALE = {2019: 0.9, 2020: 0.6, 2021: 0.75, 2022: 0.85, 2023: 0.9, 2024: 0.95}  # activity vs 2025

MNO_COMMUNES = ("59368", "59328", "59356", "59378", "59386", "59457", "59482", "59527", "59611", "59636")
MNO_WEIGHTS = (15, 30, 1, 18, 6, 6, 5, 10, 1, 4)
METROPOLIS_COMMUNES = ("59350", "59512", "59599", "59009", "59360", "59017", "59163", "59650", "59410")
QPV_MNO_COMMUNES = ("59328", "59378")  # the MNO communes with a QPV

SURNAMES = ("Bauduin", "Benali", "Bernard", "Bocquet", "Boulanger", "Bouzid", "Carlier", "Caron",
            "Da Silva", "Decroix", "Defrance", "Dehaene", "Delannoy", "Delattre", "Dubois", "Duhamel",
            "Dupont", "Durand", "Fournier", "Garcia", "Hennebelle", "Hamdi", "Lallemand", "Leblanc",
            "Lecomte", "Lefebvre", "Leclercq", "Lemaire", "Martin", "Mercier", "Moreau", "Nowak",
            "Petit", "Pruvost", "Robert", "Roussel", "Saïdi", "Vandamme", "Verbeke", "Ziani")
FIRST_NAMES = {"F": ("Amandine", "Aurélie", "Céline", "Chloé", "Delphine", "Émilie", "Fatima", "Hélène",
                     "Inès", "Jessica", "Karima", "Léa", "Manon", "Nadia", "Sophie", "Yasmine"),
               "H": ("Ahmed", "Antoine", "Bruno", "Dylan", "Éric", "Julien", "Karim", "Kévin", "Lucas",
                     "Mehdi", "Nicolas", "Olivier", "Rayan", "Sébastien", "Thomas", "Youssef")}
COMPANY_WORDS = ("Boulangerie", "Transports", "Menuiserie", "Garage", "Pharmacie", "Logistique",
                 "Nettoyage", "Restaurant", "Électricité", "Plomberie", "Espaces verts", "Imprimerie",
                 "Maçonnerie", "Clinique", "Hôtel", "Supermarché", "Bâtiment", "Conseil", "Informatique",
                 "Peinture")
COMPANY_PLACES = ("du Nord", "de Lambersart", "Marcquoise", "de la Lys", "Madeleinoise", "des Flandres",
                  "de la Deûle", "Métropole", "Wambrecitaine", "Saint-André", "Pérenchinoise", "Lilloise")


def rng(name: str, year: int, seed: int) -> random.Random:
    """One independent, reproducible generator per register and year."""
    return random.Random(f"{seed}:{name}:{year}")


def scaled(n: int, year: int, r: random.Random) -> int:
    """A plausible count for a history year from the 2025 count."""
    if year == REPORT_YEAR:
        return n
    return max(0, round(n * HISTORY_SCALE[year] * r.uniform(0.85, 1.15)))


def day_in(year: int, r: random.Random, month: int | None = None, weekday: bool = True) -> dt.date:
    """A random day of the year (of `month` if given), a working day unless `weekday` is False."""
    while True:
        m = month or r.randint(1, 12)
        d = dt.date(year, m, r.randint(1, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31))
        if not weekday or d.weekday() < 5:
            return d


def split(total: int, parts: int, r: random.Random, minimum: int = 1) -> list[int]:
    """`total` as `parts` random integers of at least `minimum` each (exact sum)."""
    if parts == 0:
        return []
    assert total >= parts * minimum, (total, parts, minimum)
    cuts = sorted(r.randint(0, total - parts * minimum) for _ in range(parts - 1))
    bounds = [0, *cuts, total - parts * minimum]
    return [minimum + bounds[i + 1] - bounds[i] for i in range(parts)]


def deal(counts: dict, r: random.Random) -> list:
    """Exact counts of each value, shuffled: {'F': 2, 'H': 1} -> ['H', 'F', 'F'] in some order."""
    values = [value for value, n in counts.items() for _ in range(n)]
    r.shuffle(values)
    return values


def person_name(sexe: str, r: random.Random) -> tuple[str, str]:
    return r.choice(SURNAMES).upper(), r.choice(FIRST_NAMES[sexe])


def company(r: random.Random) -> str:
    return f"{r.choice(COMPANY_WORDS)} {r.choice(COMPANY_PLACES)}"


def mno_commune(r: random.Random) -> str:
    return r.choices(MNO_COMMUNES, MNO_WEIGHTS)[0]


def months_of(year: int) -> list[str]:
    return [f"{year}-{m:02d}" for m in range(1, 13)]
