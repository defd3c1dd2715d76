-- Mission Locale key figures of the report year Y: civic service. Computed in
-- int_ml__ytd_citoyennete over year-to-date periods; these are its December rows (1 January to
-- 31 December of Y).
-- Missions (stg_ml__missions_service_civique) of Y: started by 31/12/Y, and no end or an end on or
-- after 01/01/Y. ml.service_civique.en_mission: distinct young people with a mission of Y;
-- .demarres_annee: those with a mission started in Y; .agrement_ml: those with a mission started
-- in Y under the ML's own agreement (agrement = 'ML').
-- Collective actions dated in Y: .reunions_info: actions of theme 'Service civique - Réunion
-- d'information'; .forums: of theme 'Service civique - Forum de l'engagement'; .formations_civiques:
-- of theme 'Service civique - Formation civique' (civic and citizenship training of the young
-- people engaged under the ML's agreement); .jeunes_sensibilises: distinct young people present at
-- an information meeting or an engagement forum of Y.
select report_year, indicator_id, period, value, unit
from int_ml__ytd_citoyennete
where is_year_end
