"""Web and social-network statistics, exported monthly: the website's audience per day
(`communication/{year}/communication_site_{YYYY-MM}.csv`) and each network's month
(`communication/{year}/communication_reseaux_{YYYY-MM}.csv`), `;`-separated UTF-8.

2025 adds up to the report's figures (visits, pages, followers at the year's end and gained,
views, impressions); followers are a running stock, so earlier years are built backwards from
the end of 2025. Everything is fictitious.
"""
from __future__ import annotations

import datetime as dt

from sample_data.mde.common import REPORT_YEAR, YEARS, rng, split

SITE_COLUMNS = ["jour", "visites", "pages_vues"]
NETWORK_COLUMNS = ["mois", "reseau", "abonnes", "nouveaux_abonnes", "vues", "impressions"]
SITE_2025 = {"visites": 36454, "pages_vues": 115412}
# network -> (followers at the end of 2025, gained in 2025, measure, its 2025 total)
NETWORKS_2025 = {
    "Facebook": (2471, 54, "vues", 1_203_518),
    "LinkedIn": (11577, 1433, "impressions", 148_206),
    "Instagram": (840, 35, "vues", 16_587),
}
GROWTH = {"Facebook": 0.03, "LinkedIn": 0.15, "Instagram": 0.06}  # yearly growth before 2025


def site_days(seed: int) -> list[dict]:
    rows = []
    for year in YEARS:
        r = rng("website", year, seed)
        days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days)]
        factor = 1 if year == REPORT_YEAR else 0.7 + 0.05 * (year - YEARS[0]) * r.uniform(0.9, 1.1)
        visits = split(round(SITE_2025["visites"] * factor), len(days), r, minimum=40)
        pages = [v * 3 + r.randint(-20, 20) for v in visits]
        target = round(SITE_2025["pages_vues"] * factor)
        pages[-1] += target - sum(pages)  # the year adds up exactly
        rows += [{"jour": d, "visites": v, "pages_vues": p} for d, v, p in zip(days, visits, pages)]
    return rows


def network_months(seed: int) -> list[dict]:
    rows = []
    for network, (end_followers, gained, measure, total) in NETWORKS_2025.items():
        followers = end_followers
        for year in reversed(YEARS):
            r = rng(f"network-{network}", year, seed)
            year_gain = gained if year == REPORT_YEAR else round(followers * GROWTH[network] / (1 + GROWTH[network]))
            year_total = total if year == REPORT_YEAR else round(total * (0.6 + 0.06 * (year - YEARS[0])))
            gains = [g - 3 for g in split(year_gain + 36, 12, r, minimum=0)]  # net gains, a few negative
            measures = split(year_total, 12, r)
            stock = followers - year_gain  # followers at the end of the previous year
            months = []
            for m in range(12):
                stock += gains[m]
                months.append({"mois": dt.date(year, m + 1, 1), "reseau": network, "abonnes": stock,
                               "nouveaux_abonnes": gains[m], "vues": measures[m] if measure == "vues" else None,
                               "impressions": measures[m] if measure == "impressions" else None})
            rows = months + rows
            followers -= year_gain
    return sorted(rows, key=lambda row: (row["mois"], row["reseau"]))
