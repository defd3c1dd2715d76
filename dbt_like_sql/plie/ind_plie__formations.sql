-- PLIE key figures of the report year Y: trainings financed by the PLIE. Computed in
-- int_plie__ytd_formations over year-to-date periods; these are its December rows (1 January to
-- 31 December of Y).
-- Conventions of Y: distinct conventions (id_convention) starting in Y
-- (plie.formations.conventions); their distinct training bodies (plie.formations.organismes) and
-- distinct trainees (plie.formations.participants): a convention paying for several trainees has
-- one row per trainee (stg_plie__formations), each counted.
-- A training followed: a distinct (participant, type_formation) among the conventions of Y, its
-- outcome from its latest convention (latest start date): ongoing next year (en_cours) if its end
-- is after 31/12/Y or empty, or its outcome still reads 'En cours'; else validated (Validée:
-- validees, for the licence obtenus) or not (Non validée: non_validees, non_obtenus).
-- Counted per type: Professionnalisante (plie.formations.pro.*) and Permis de conduire
-- (plie.formations.permis.*).
select report_year, indicator_id, period, value, unit
from int_plie__ytd_formations
where is_year_end
