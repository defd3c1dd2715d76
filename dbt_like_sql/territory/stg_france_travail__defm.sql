-- Job seekers registered with France Travail at a month end (DEFM), per commune, category (A, B,
-- C), sex, age band and registration seniority. Staging: renamed and cast only.
select
    cast("date" as date) as date_fin_mois,
    code_commune,
    commune,
    categorie,
    sexe,
    tranche_d_age,
    anciennete,
    nombre_de_demandeurs_d_emploi as demandeurs
from raw_france_travail__defm
