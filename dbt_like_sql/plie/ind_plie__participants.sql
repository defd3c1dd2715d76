-- PLIE key figures of the report year Y: participants in parcours and new entries, their profile,
-- commune of residence, prescribers and entry cohorts. Computed in int_plie__ytd_participants over
-- year-to-date periods; these are its December rows (1 January to 31 December of Y).
-- A parcours is a participant's entry (id_participant, date_entree) up to its exit (or up to the
-- participant's next entry): int_plie__parcours. A participant who left and came back has several.
-- In parcours during Y: participants (people, counted once) with a parcours entered by 31/12/Y and
-- not ended before 01/01/Y (plie.participants.total, and plie.accompagnement_renforce.participants,
-- the same figure); their profile is that of their latest parcours of Y.
-- New entries in Y: entries (parcours) dated in Y, a re-entry included (plie.entrees.total,
-- plie.accompagnement_renforce.nouvelles_entrees); profile at that entry.
-- Among each: QPV residents (qpv = O), men (H), women (F), seniors, RSA recipients (rsa = O),
-- level at most CAP (niveau_formation 1, 2 or 3): count and share (.part_pct) of the group.
-- Senior: aged 50 or more in completed years from the exact birth date (stg_plie__ages), on the
-- entry date for entries, and for participants on their last day in parcours during Y,
-- least(exit date, 31/12/Y).
-- Prescriber shares of entries: Département, France Travail, all others (unknown included).
-- Entry cohort shares of participants, by the entry of their latest parcours of Y: entered in Y
-- (entree_annee), in Y-1 or Y-2 (entree_n1_n2), before Y-2 (entree_anterieure).
-- Per commune served (ref_territory__communes): participants and entries residing there (zero
-- included); where at least one is a QPV resident, the QPV count and its share of the commune's.
-- Shares in percent, unrounded; none when the group is empty. Rejected exits
-- (qa_plie__rejected_exits) are ignored: their parcours counts as still running.
select report_year, indicator_id, period, value, unit
from int_plie__ytd_participants
where is_year_end
