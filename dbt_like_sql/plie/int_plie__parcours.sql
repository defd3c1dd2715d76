-- PLIE parcours, one row per participant: profile at entry, entry date, and the exit if any (date,
-- motif, category), with the attributes every PLIE figure groups by.
-- Exit category (positive, neutre, autre): from the motif, per ref_plie__motifs_sortie.
-- Exits listed in qa_plie__rejected_exits are ignored (no exit known).
-- Level at most CAP: niveau_formation 1, 2 or 3 (unknown level: not counted as such).
-- Prescriber group: Département, France Travail, or autres (every other or unknown prescriber).
-- Senior: aged 50 or more at a reference date, from birth year and month only: months between
-- the birth month and the date's month (year * 12 + month, difference) >= 600; unknown birth
-- date: not senior. naissance_mois_index and sortie_mois_index let each figure apply its own
-- reference date.
-- Parcours length: days from entry to exit / 30.4375 (average month).
with sorties as (
    select
        sorties.id_participant,
        sorties.date_sortie,
        sorties.motif_sortie,
        motifs.categorie as categorie_sortie
    from stg_plie__sorties as sorties
    left join ref_plie__motifs_sortie as motifs
        on sorties.motif_sortie = motifs.motif_sortie
    left join qa_plie__rejected_exits as rejected
        on sorties.id_participant = rejected.id_participant
    where rejected.id_participant is null
),

participants as (
    select
        participants.*,
        cast(extract(year from mois_naissance) * 12 + extract(month from mois_naissance) as integer) as naissance_mois_index
    from stg_plie__participants as participants
)

select
    participants.id_participant,
    participants.sexe,
    participants.code_commune,
    participants.qpv,
    participants.rsa,
    participants.niveau_formation,
    coalesce(participants.niveau_formation <= 3, false) as niveau_cap,
    participants.prescripteur,
    case participants.prescripteur
        when 'Département' then 'departement'
        when 'France Travail' then 'france_travail'
        else 'autres'
    end as prescripteur_groupe,
    participants.naissance_mois_index,
    participants.date_entree,
    cast(extract(year from participants.date_entree) as integer) as annee_entree,
    coalesce(
        extract(year from participants.date_entree) * 12 + extract(month from participants.date_entree)
        - participants.naissance_mois_index >= 600,
        false
    ) as senior_a_l_entree,
    sorties.date_sortie,
    sorties.motif_sortie,
    sorties.categorie_sortie,
    coalesce(
        extract(year from sorties.date_sortie) * 12 + extract(month from sorties.date_sortie)
        - participants.naissance_mois_index >= 600,
        false
    ) as senior_a_la_sortie,
    cast(extract(year from sorties.date_sortie) * 12 + extract(month from sorties.date_sortie) as integer) as sortie_mois_index,
    cast(date_diff('day', participants.date_entree, sorties.date_sortie) as double) / 30.4375 as duree_parcours_mois
from participants
left join sorties
    on participants.id_participant = sorties.id_participant
