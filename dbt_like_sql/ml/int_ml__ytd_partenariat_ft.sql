-- ML partnership with France Travail (orientations received, shared prospection, training
-- workshops) over every year-to-date period of int_ml__actions_periodes (1 January to a month
-- end): the one computation behind ind_ml__partenariat_ft (December rows, where each figure is
-- defined) and the monthly dashboard (ind_ml__actions_monthly_ytd). One row per period and figure;
-- shares in percent, unrounded.
with periods as (
    select month, period_start, period_end from int_ml__actions_periodes
),

orientations as (
    select
        periods.month,
        orientations.id_orientation,
        orientations.id_jeune,
        orientations.connu_ml,
        orientations.prise_en_charge,
        row_number() over (
            partition by periods.month, orientations.id_jeune
            order by orientations.date_orientation, orientations.id_orientation
        ) as rang_jeune
    from periods
    inner join stg_ml__orientations_ft as orientations
        on orientations.date_orientation between periods.period_start and periods.period_end
),

contacts as (
    select
        periods.month,
        prospection.type_contact,
        prospection.id_contact,
        case prospection.structure
            when 'France Travail' then 'france_travail'
            when 'Association' then 'alpes'
            when 'Cap Emploi' then 'cap_emploi'
            when 'Conseil Départemental' then 'conseil_departemental'
            when 'APEC' then 'apec'
            else 'autre'
        end as structure,
        prospection.besoins_recueillis
    from periods
    inner join stg_ml__prospection as prospection
        on prospection.date_operation between periods.period_start and periods.period_end
),

structures as (
    select structure
    from (values ('france_travail'), ('alpes'), ('cap_emploi'), ('conseil_departemental'), ('apec'), ('autre')) as structures(structure)
),

workshops as (
    select periods.month, actions.id_action
    from periods
    inner join stg_ml__actions_collectives as actions
        on actions.date_action between periods.period_start and periods.period_end
    where actions.theme = 'Atelier formation'
),

measures as (
    select
        periods.month,
        (select count(distinct o.id_jeune) from orientations as o where o.month = periods.month) as jeunes_orientes,
        (select count(*) from orientations as o
            where o.month = periods.month and o.rang_jeune = 1 and not o.connu_ml) as jeunes_inconnus,
        (select count(*) from orientations as o where o.month = periods.month) as orientations,
        (select count(*) from orientations as o where o.month = periods.month and o.prise_en_charge) as prises_en_charge,
        (select count(distinct c.id_contact) from contacts as c
            where c.month = periods.month and c.type_contact = 'Professionnel') as professionnels,
        (select count(distinct c.id_contact) from contacts as c
            where c.month = periods.month and c.type_contact = 'Entreprise') as entreprises,
        (select coalesce(sum(c.besoins_recueillis), 0) from contacts as c
            where c.month = periods.month and c.type_contact = 'Entreprise') as besoins,
        (select count(distinct w.id_action) from workshops as w where w.month = periods.month) as ateliers_formation
    from periods
),

structure_measures as (
    select
        periods.month,
        structures.structure,
        count(distinct contacts.id_contact) as professionnels
    from periods
    cross join structures
    left join contacts
        on periods.month = contacts.month
        and structures.structure = contacts.structure
        and contacts.type_contact = 'Professionnel'
    group by periods.month, structures.structure
),

figures as (
    select month, 'ml.partenariat_ft.orientations' as indicator_id, cast(jeunes_orientes as double) as value, 'count' as unit from measures
    union all
    select month, 'ml.partenariat_ft.orientations.inconnus', cast(jeunes_inconnus as double), 'count' from measures
    union all
    select month, 'ml.partenariat_ft.orientations.inconnus.part_pct', 100.0 * jeunes_inconnus / nullif(jeunes_orientes, 0), 'pct' from measures
    union all
    select month, 'ml.partenariat_ft.orientations.prises_en_charge.part_pct', 100.0 * prises_en_charge / nullif(orientations, 0), 'pct' from measures
    union all
    select month, 'ml.partenariat_ft.prospection.professionnels', cast(professionnels as double), 'count' from measures
    union all
    select month, 'ml.partenariat_ft.prospection.professionnels.' || structure, cast(professionnels as double), 'count' from structure_measures
    union all
    select month, 'ml.partenariat_ft.prospection.entreprises', cast(entreprises as double), 'count' from measures
    union all
    select month, 'ml.partenariat_ft.prospection.besoins', cast(besoins as double), 'count' from measures
    union all
    select month, 'ml.partenariat_ft.ateliers_formation', cast(ateliers_formation as double), 'count' from measures
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
inner join int_ml__actions_periodes as periods
    on figures.month = periods.month
