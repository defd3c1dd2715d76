-- PLIE parcours, one row per participant and entry (key: id_participant, date_entree): profile at
-- that entry, and the exit that closed it if any (date, motif, category), with the attributes
-- every PLIE figure groups by. A participant who left and came back has one row per parcours;
-- earlier parcours and their exits stay in their own years.
-- End of a parcours (date_fin): its exit (int_plie__sorties, rejected exits ignored), else the
-- day before the participant's next entry (a re-entry with no exit recorded: the earlier parcours
-- ends without an exit), else none (still running).
-- Exit category (positive, neutre, autre): from the motif, per ref_plie__motifs_sortie.
-- Level at most CAP: niveau_formation 1, 2 or 3 (unknown level: not counted as such).
-- Prescriber group: Département, France Travail, or autres (every other or unknown prescriber).
-- Senior at the entry and at the exit: aged 50 or more on that date (stg_plie__ages, exact birth
-- date). Parcours length: days from entry to exit / 30.4375 (average month).
with parcours as (
    select
        participants.*,
        lead(participants.date_entree) over (
            partition by participants.id_participant
            order by participants.date_entree
        ) as date_entree_suivante
    from stg_plie__participants as participants
),

sorties as (
    select
        sorties.id_participant,
        sorties.date_entree,
        sorties.date_sortie,
        sorties.motif_sortie,
        motifs.categorie as categorie_sortie
    from int_plie__sorties as sorties
    left join ref_plie__motifs_sortie as motifs
        on sorties.motif_sortie = motifs.motif_sortie
    where sorties.rule is null
)

select
    parcours.id_participant,
    parcours.date_entree,
    parcours.sexe,
    parcours.code_commune,
    parcours.qpv,
    parcours.rsa,
    parcours.niveau_formation,
    coalesce(parcours.niveau_formation <= 3, false) as niveau_cap,
    parcours.prescripteur,
    case parcours.prescripteur
        when 'Département' then 'departement'
        when 'France Travail' then 'france_travail'
        else 'autres'
    end as prescripteur_groupe,
    cast(extract(year from parcours.date_entree) as integer) as annee_entree,
    coalesce(ages_entree.senior, false) as senior_a_l_entree,
    sorties.date_sortie,
    sorties.motif_sortie,
    sorties.categorie_sortie,
    coalesce(ages_sortie.senior, false) as senior_a_la_sortie,
    coalesce(sorties.date_sortie, parcours.date_entree_suivante - 1) as date_fin,
    cast(date_diff('day', parcours.date_entree, sorties.date_sortie) as double) / 30.4375 as duree_parcours_mois
from parcours
left join sorties
    on parcours.id_participant = sorties.id_participant
    and parcours.date_entree = sorties.date_entree
left join stg_plie__ages as ages_entree
    on parcours.id_participant = ages_entree.id_participant
    and parcours.date_entree = ages_entree.date_reference
left join stg_plie__ages as ages_sortie
    on sorties.id_participant = ages_sortie.id_participant
    and sorties.date_sortie = ages_sortie.date_reference
