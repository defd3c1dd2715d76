-- Mission Locale key figures of the report year Y: the partnership with France Travail. Computed
-- in int_ml__ytd_partenariat_ft over year-to-date periods; these are its December rows
-- (1 January to 31 December of Y).
-- Orientations from France Travail dated in Y (stg_ml__orientations_ft):
-- ml.partenariat_ft.orientations: distinct young people oriented; .inconnus: those whose first
-- orientation of Y says they had no ML dossier (connu_ml = 'N'), and .inconnus.part_pct their
-- share of the young people oriented; .prises_en_charge.part_pct: the share of the orientations of
-- Y (rows, not people) the ML took in charge (prise_en_charge = 'O').
-- Shared prospection operations dated in Y (stg_ml__prospection):
-- ml.partenariat_ft.prospection.professionnels: distinct professionals mobilised
-- (.professionnels.<structure>: by employer: france_travail, alpes, cap_emploi,
-- conseil_departemental, apec, autre); .entreprises: distinct companies prospected; .besoins: the
-- recruitment needs collected from them, summed.
-- ml.partenariat_ft.ateliers_formation: actions of theme 'Atelier formation' (joint planning for
-- the promotion of training) dated in Y.
-- Shares in percent, unrounded; none when the group is empty.
select report_year, indicator_id, period, value, unit
from int_ml__ytd_partenariat_ft
where is_year_end
