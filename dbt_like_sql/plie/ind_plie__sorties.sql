-- PLIE key figures of the report year Y: exits. Computed in int_plie__ytd_sorties over
-- year-to-date periods; these are its December rows (1 January to 31 December of Y).
-- Exits of Y: exits (one per parcours: a participant who left twice counts twice) dated in Y
-- (plie.sorties.total); each belongs to the parcours open at its date (int_plie__sorties), and
-- exits with none (before the first entry, after the parcours already ended, of an unknown
-- participant) are left out and listed in qa_plie__rejected_exits.
-- Category by motif (ref_plie__motifs_sortie, from the contract): positive (lasting employment,
-- temp work or fixed-term of 6 months or more, work-study, business creation, qualifying
-- training), neutral (moving, health, retirement, death), other. plie.sorties.autres = all exits
-- minus positive ones (neutral included); plie.sorties.neutres = neutral ones.
-- Positive rate = positive / all exits (plie.sorties.positives.taux_pct); adjusted rate =
-- positive / (all - neutral) (plie.sorties.positives.taux_ajuste_pct); target rate from
-- configuration via ref_plie__objectifs, not data (plie.sorties.positives.objectif_pct).
-- Mean parcours length: (exit date - entry date of its parcours) in days / 30.4375, averaged over
-- the exits of Y (plie.sorties.duree_moyenne_mois).
-- Among positive exits: men, women, level at most CAP, RSA recipients (profile at the entry of the
-- parcours), seniors (aged 50 or more on the exit date, in completed years from the exact birth
-- date, stg_plie__ages): count and share of positive exits (.part_pct); and per commune served
-- (ref_territory__communes), zero included.
-- Shares in percent, unrounded; none when the group is empty.
select report_year, indicator_id, period, value, unit
from int_plie__ytd_sorties
where is_year_end
