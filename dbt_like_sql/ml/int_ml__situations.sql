-- Situations of young people with what the figures group them by, one row per situation.
-- Job family: the ROME domain's group in ref_ml__domaines_rome (transport_logistique: N,
-- commerce_vente: D, services_personne: K).
-- Age band 18-21: exact age at the situation's start (stg_ml__situations) between 18 and 21
-- included; mineur: under 18 at the start.
-- Education level at the situation's start: the latest level reached on or before date_debut
-- (stg_ml__niveaux), else the dossier's level at first reception; infra_bac: level 1 to 3 (a young
-- person who passes the bac after the start is still below the bac for that situation).
-- Professional solution (mesure professionnelle): categories Emploi, Alternance, Formation and
-- Immersion professionnelle; mesure_cej: a professional solution starting while the young person is
-- in a CEJ (CEJ entry <= date_debut and no exit or exit >= date_debut).
with cej as (
    select id_jeune, date_entree, date_sortie
    from stg_ml__dispositifs
    where dispositif = 'CEJ'
),

levels as (
    select
        situations.id_situation,
        niveaux.niveau_formation,
        row_number() over (partition by situations.id_situation order by niveaux.date_niveau desc) as rang
    from stg_ml__situations as situations
    inner join stg_ml__niveaux as niveaux
        on situations.id_jeune = niveaux.id_jeune
        and niveaux.date_niveau <= situations.date_debut
),

in_cej as (
    select distinct situations.id_situation
    from stg_ml__situations as situations
    inner join cej
        on situations.id_jeune = cej.id_jeune
        and situations.date_debut >= cej.date_entree
        and (cej.date_sortie is null or situations.date_debut <= cej.date_sortie)
)

select
    situations.id_situation,
    situations.id_jeune,
    situations.categorie,
    situations.type_contrat,
    situations.type_formation,
    situations.date_debut,
    situations.date_fin,
    situations.code_rome,
    domaines.groupe as groupe_metier,
    situations.age_au_debut,
    coalesce(situations.age_au_debut between 18 and 21, false) as age_18_21,
    coalesce(situations.age_au_debut < 18, false) as mineur,
    dossiers.sexe,
    coalesce(levels.niveau_formation, dossiers.niveau_formation) as niveau_au_debut,
    coalesce(coalesce(levels.niveau_formation, dossiers.niveau_formation) <= 3, false) as infra_bac,
    situations.categorie in ('Emploi', 'Alternance', 'Formation', 'Immersion professionnelle') as solution_pro,
    situations.categorie in ('Emploi', 'Alternance', 'Formation', 'Immersion professionnelle')
        and in_cej.id_situation is not null as mesure_cej
from stg_ml__situations as situations
left join ref_ml__domaines_rome as domaines
    on situations.domaine_rome = domaines.domaine
left join stg_ml__dossiers as dossiers
    on situations.id_jeune = dossiers.id_jeune
left join levels
    on situations.id_situation = levels.id_situation
    and levels.rang = 1
left join in_cej
    on situations.id_situation = in_cej.id_situation
