-- PLIE key figures of the report year Y: participants in parcours and new entries, their profile,
-- commune of residence, prescribers and entry cohorts. Computed in int_plie__ytd_participants over
-- year-to-date periods; these are its December rows (1 January to 31 December of Y).
-- In parcours during Y: entered by 31/12/Y, and no exit or an exit on or after 01/01/Y
-- (plie.participants.total, and plie.accompagnement_renforce.participants, the same figure).
-- New entry in Y: entry date in Y (plie.entrees.total, plie.accompagnement_renforce.nouvelles_entrees).
-- Among each: QPV residents (qpv = O), men (H), women (F), seniors, RSA recipients (rsa = O),
-- level at most CAP (niveau_formation 1, 2 or 3): count and share (.part_pct) of the group.
-- Senior: aged 50 or more from birth year and month only, (year(d) - birth year) * 12 + month(d)
-- - birth month >= 600, at d = the entry date for entries, and for participants the last day in
-- parcours during Y, least(exit date, 31/12/Y).
-- Prescriber shares of entries: Département, France Travail, all others (unknown included).
-- Entry cohort shares of participants: entered in Y (entree_annee), in Y-1 or Y-2 (entree_n1_n2),
-- before Y-2 (entree_anterieure).
-- Per commune served (ref_territory__communes): participants and entries residing there (zero
-- included); where at least one is a QPV resident, the QPV count and its share of the commune's.
-- Shares in percent, unrounded; none when the group is empty. Rejected exits
-- (qa_plie__rejected_exits) are ignored: that participant counts as still in parcours.
select report_year, indicator_id, period, value, unit
from int_plie__ytd_participants
where is_year_end
