-- Mission Locale key figures of the report year Y: international mobility. Computed in
-- int_ml__ytd_mobilite_internationale over year-to-date periods; these are its December rows
-- (1 January to 31 December of Y).
-- ml.mobilite_internationale.ateliers: actions of theme 'Mobilité internationale - Atelier' dated
-- in Y. ml.mobilite_internationale.entretiens: distinct young people with a held ('Réalisé')
-- 'Mobilité internationale' individual appointment dated in Y (the interviews that follow the
-- workshops). ml.mobilite_internationale.forum: distinct young people present at actions of theme
-- 'Mobilité internationale - Forum' (Forum Cap sur l'International) dated in Y.
-- ml.mobilite_internationale.departs: distinct young people with a departure abroad dated in Y
-- (date_depart); .departs.<programme>: the same per programme: erasmus (Erasmus+),
-- echanges_jeunes (Échanges de jeunes, whatever the project: Ryse, OFCI...), sci (Service Civique
-- International), ces (Corps Européen de Solidarité), vsi (Volontariat de Solidarité
-- Internationale), au_pair (Au pair). A young person leaving twice in Y counts once in the total.
select report_year, indicator_id, period, value, unit
from int_ml__ytd_mobilite_internationale
where is_year_end
