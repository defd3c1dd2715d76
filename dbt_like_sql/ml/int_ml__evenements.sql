-- Mission Locale events, one row each, with the calendar year and month they fall in and en_cej:
-- the young person was in a CEJ on the event's date (a CEJ entry with date_entree <= the date and
-- no exit or date_sortie >= the date, bounds included). Events of a CEJ young person before their
-- entry or after their exit are contacts, not CEJ contacts.
with cej as (
    select id_jeune, date_entree, date_sortie
    from stg_ml__dispositifs
    where dispositif = 'CEJ'
),

in_cej as (
    select distinct evenements.id_evenement
    from stg_ml__evenements as evenements
    inner join cej
        on evenements.id_jeune = cej.id_jeune
        and evenements.date_evenement >= cej.date_entree
        and (cej.date_sortie is null or evenements.date_evenement <= cej.date_sortie)
)

select
    evenements.id_evenement,
    evenements.id_jeune,
    evenements.date_evenement,
    cast(extract(year from evenements.date_evenement) as integer) as annee,
    cast(extract(month from evenements.date_evenement) as integer) as mois,
    evenements.type_evenement,
    evenements.est_entretien,
    evenements.id_session,
    in_cej.id_evenement is not null as en_cej
from stg_ml__evenements as evenements
left join in_cej
    on evenements.id_evenement = in_cej.id_evenement
