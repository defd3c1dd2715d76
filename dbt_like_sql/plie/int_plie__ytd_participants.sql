-- PLIE participants and entries over every year-to-date period of int_plie__periodes (1 January to
-- a month end): the one computation behind ind_plie__participants (December rows, where each
-- figure is defined) and the monthly dashboard (ind_plie__monthly_ytd). One row per period and
-- figure; shares in percent, unrounded; communes from ref_territory__communes (configuration).
with periods as (
    select month, report_year, period_start, period_end
    from int_plie__periodes
),

communes as (
    select code_commune from ref_territory__communes where in_territory
),

-- parcours running during the period: entered by its end, and not ended before its start
parcours_of_period as (
    select
        periods.month,
        periods.report_year,
        periods.period_end,
        parcours.*,
        row_number() over (
            partition by periods.month, parcours.id_participant
            order by parcours.date_entree desc
        ) as recency
    from periods
    inner join int_plie__parcours as parcours
        on parcours.date_entree <= periods.period_end
        and (parcours.date_fin is null or parcours.date_fin >= periods.period_start)
),

-- participants in parcours during the period, one row each: the profile of their latest parcours
-- of the period; senior on the last day in parcours during the period, least(exit, period end)
in_parcours as (
    select
        parcours.month,
        parcours.id_participant,
        parcours.sexe,
        parcours.code_commune,
        parcours.qpv,
        parcours.rsa,
        parcours.niveau_cap,
        case
            when parcours.date_sortie <= parcours.period_end then parcours.senior_a_la_sortie
            else coalesce(ages.senior, false)
        end as senior,
        case
            when parcours.annee_entree = parcours.report_year then 'entree_annee'
            when parcours.annee_entree >= parcours.report_year - 2 then 'entree_n1_n2'
            else 'entree_anterieure'
        end as cohorte
    from parcours_of_period as parcours
    left join stg_plie__ages as ages
        on parcours.id_participant = ages.id_participant
        and parcours.period_end = ages.date_reference
    where parcours.recency = 1
),

-- entries during the period, one row per parcours entered; senior at the entry date
entries as (
    select
        periods.month,
        parcours.id_participant,
        parcours.sexe,
        parcours.code_commune,
        parcours.qpv,
        parcours.rsa,
        parcours.niveau_cap,
        parcours.senior_a_l_entree as senior,
        parcours.prescripteur_groupe
    from periods
    inner join int_plie__parcours as parcours
        on parcours.date_entree between periods.period_start and periods.period_end
),

participant_measures as (
    select
        periods.month,
        count(in_parcours.id_participant) as total,
        sum(case when in_parcours.qpv then 1 else 0 end) as qpv,
        sum(case when in_parcours.sexe = 'H' then 1 else 0 end) as hommes,
        sum(case when in_parcours.sexe = 'F' then 1 else 0 end) as femmes,
        sum(case when in_parcours.senior then 1 else 0 end) as seniors,
        sum(case when in_parcours.rsa then 1 else 0 end) as rsa,
        sum(case when in_parcours.niveau_cap then 1 else 0 end) as niveau_cap,
        sum(case when in_parcours.cohorte = 'entree_annee' then 1 else 0 end) as entree_annee,
        sum(case when in_parcours.cohorte = 'entree_n1_n2' then 1 else 0 end) as entree_n1_n2,
        sum(case when in_parcours.cohorte = 'entree_anterieure' then 1 else 0 end) as entree_anterieure
    from periods
    left join in_parcours on periods.month = in_parcours.month
    group by periods.month
),

entry_measures as (
    select
        periods.month,
        count(entries.id_participant) as total,
        sum(case when entries.qpv then 1 else 0 end) as qpv,
        sum(case when entries.sexe = 'H' then 1 else 0 end) as hommes,
        sum(case when entries.sexe = 'F' then 1 else 0 end) as femmes,
        sum(case when entries.senior then 1 else 0 end) as seniors,
        sum(case when entries.rsa then 1 else 0 end) as rsa,
        sum(case when entries.niveau_cap then 1 else 0 end) as niveau_cap,
        sum(case when entries.prescripteur_groupe = 'departement' then 1 else 0 end) as departement,
        sum(case when entries.prescripteur_groupe = 'france_travail' then 1 else 0 end) as france_travail,
        sum(case when entries.prescripteur_groupe = 'autres' then 1 else 0 end) as autres
    from periods
    left join entries on periods.month = entries.month
    group by periods.month
),

commune_participants as (
    select
        month,
        code_commune,
        count(*) as participants,
        sum(case when qpv then 1 else 0 end) as participants_qpv
    from in_parcours
    group by month, code_commune
),

commune_entries as (
    select
        month,
        code_commune,
        count(*) as entrees,
        sum(case when qpv then 1 else 0 end) as entrees_qpv
    from entries
    group by month, code_commune
),

-- every commune served, with zeros where nobody lives
commune_measures as (
    select
        periods.month,
        communes.code_commune,
        coalesce(commune_participants.participants, 0) as participants,
        coalesce(commune_participants.participants_qpv, 0) as participants_qpv,
        coalesce(commune_entries.entrees, 0) as entrees,
        coalesce(commune_entries.entrees_qpv, 0) as entrees_qpv
    from periods
    cross join communes
    left join commune_participants
        on periods.month = commune_participants.month
        and communes.code_commune = commune_participants.code_commune
    left join commune_entries
        on periods.month = commune_entries.month
        and communes.code_commune = commune_entries.code_commune
),

-- (figure, count, base): a figure with a base also gets its share, id suffixed `.part_pct`
counts as (
    select month, 'plie.accompagnement_renforce.participants' as indicator_id, total as n, cast(null as bigint) as base from participant_measures
    union all
    select month, 'plie.accompagnement_renforce.nouvelles_entrees', total, null from entry_measures
    union all
    select month, 'plie.participants.total', total, null from participant_measures
    union all
    select month, 'plie.participants.qpv', qpv, total from participant_measures
    union all
    select month, 'plie.participants.hommes', hommes, total from participant_measures
    union all
    select month, 'plie.participants.femmes', femmes, total from participant_measures
    union all
    select month, 'plie.participants.seniors', seniors, total from participant_measures
    union all
    select month, 'plie.participants.rsa', rsa, total from participant_measures
    union all
    select month, 'plie.participants.niveau_cap', niveau_cap, total from participant_measures
    union all
    select month, 'plie.participants.entree_annee', entree_annee, total from participant_measures
    union all
    select month, 'plie.participants.entree_n1_n2', entree_n1_n2, total from participant_measures
    union all
    select month, 'plie.participants.entree_anterieure', entree_anterieure, total from participant_measures
    union all
    select month, 'plie.entrees.total', total, null from entry_measures
    union all
    select month, 'plie.entrees.qpv', qpv, total from entry_measures
    union all
    select month, 'plie.entrees.hommes', hommes, total from entry_measures
    union all
    select month, 'plie.entrees.femmes', femmes, total from entry_measures
    union all
    select month, 'plie.entrees.seniors', seniors, total from entry_measures
    union all
    select month, 'plie.entrees.rsa', rsa, total from entry_measures
    union all
    select month, 'plie.entrees.niveau_cap', niveau_cap, total from entry_measures
    union all
    select month, 'plie.entrees.prescripteur.departement', departement, total from entry_measures
    union all
    select month, 'plie.entrees.prescripteur.france_travail', france_travail, total from entry_measures
    union all
    select month, 'plie.entrees.prescripteur.autres', autres, total from entry_measures
    union all
    select month, 'plie.participants.commune.' || code_commune, participants, null from commune_measures
    union all
    select month, 'plie.participants.commune.' || code_commune || '.qpv', participants_qpv, participants
    from commune_measures
    where participants_qpv > 0
    union all
    select month, 'plie.entrees.commune.' || code_commune, entrees, null from commune_measures
    union all
    select month, 'plie.entrees.commune.' || code_commune || '.qpv', entrees_qpv, entrees
    from commune_measures
    where entrees_qpv > 0
),

figures as (
    select month, indicator_id, cast(n as double) as value, 'count' as unit
    from counts
    union all
    select month, indicator_id || '.part_pct' as indicator_id, 100.0 * n / nullif(base, 0) as value, 'pct' as unit
    from counts
    where base is not null
)

select
    periods.report_year,
    periods.month,
    periods.is_year_end,
    periods.is_covered,
    periods.period,
    figures.indicator_id,
    cast(figures.value as double) as value,
    figures.unit
from figures
inner join int_plie__periodes as periods
    on figures.month = periods.month
