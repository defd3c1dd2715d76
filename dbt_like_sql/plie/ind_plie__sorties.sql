-- PLIE key figures of the report year Y: exits. Computed in int_plie__ytd_sorties over
-- year-to-date periods; these are its December rows (1 January to 31 December of Y).
-- Exits of Y: exit date in Y (plie.sorties.total), exits listed in qa_plie__rejected_exits left
-- out (dated before the entry, or of an unknown participant).
-- Category by motif (ref_plie__motifs_sortie, from the contract): positive (lasting employment,
-- temp work or fixed-term of 6 months or more, work-study, business creation, qualifying
-- training), neutral (moving, health, retirement, death), other. plie.sorties.autres = all exits
-- minus positive ones (neutral included); plie.sorties.neutres = neutral ones.
-- Positive rate = positive / all exits (plie.sorties.positives.taux_pct); adjusted rate =
-- positive / (all - neutral) (plie.sorties.positives.taux_ajuste_pct); target rate from
-- configuration via ref_plie__objectifs, not data (plie.sorties.positives.objectif_pct).
-- Mean parcours length: (exit date - entry date) in days / 30.4375, averaged over the exits of Y
-- (plie.sorties.duree_moyenne_mois).
-- Among positive exits: men, women, level at most CAP, RSA recipients, seniors (50 or more at the
-- exit date, from birth year and month): count and share of positive exits (.part_pct); and per
-- commune served (ref_territory__communes), zero included.
-- Shares in percent, unrounded; none when the group is empty.
select report_year, indicator_id, period, value, unit
from int_plie__ytd_sorties
where is_year_end
