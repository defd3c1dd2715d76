-- Mission Locale allowances and financial aids over every year-to-date period of int_ml__periodes
-- (1 January to a month end): the one computation behind ind_ml__aides (December rows, where each
-- figure is defined) and the monthly dashboard (ind_ml__monthly_ytd). One row per period and
-- figure. Amounts are exact decimals summed to the cent (DECIMAL, never float), in euros.
with periods as (
    select month, period_start, period_end from int_ml__periodes
),

aids as (
    select
        periods.month,
        case aides.type_aide
            when 'Allocation CEJ' then 'cej'
            when 'Allocation PACEA' then 'pacea'
            when 'FAJ' then 'faj'
            when 'Fonds ML' then 'fonds_ml'
            when 'Repas' then 'repas'
            when 'Mobilité MDE' then 'mobilite_mde'
        end as aide,
        aides.id_aide,
        aides.id_jeune,
        aides.decision,
        aides.objet,
        aides.montant
    from periods
    inner join stg_ml__aides as aides
        on aides.date_decision between periods.period_start and periods.period_end
),

kinds as (
    select aide
    from (values ('cej'), ('pacea'), ('faj'), ('fonds_ml'), ('repas'), ('mobilite_mde')) as kinds(aide)
),

-- granted aids: amount and distinct beneficiaries per kind (zero when none)
granted as (
    select
        periods.month,
        kinds.aide,
        coalesce(sum(aids.montant), cast(0 as decimal(12, 2))) as montant,
        count(distinct aids.id_jeune) as jeunes
    from periods
    cross join kinds
    left join aids
        on periods.month = aids.month
        and kinds.aide = aids.aide
        and aids.decision = 'Accordée'
    group by periods.month, kinds.aide
),

files as (
    select
        periods.month,
        count(distinct case when aids.aide = 'faj' then aids.id_aide end) as faj_dossiers,
        count(distinct case when aids.aide = 'fonds_ml' and aids.decision = 'Accordée' and aids.objet = 'Formation' then aids.id_aide end) as fonds_ml_formations
    from periods
    left join aids on periods.month = aids.month
    group by periods.month
),

figures as (
    select month, 'ml.aides.' || aide || '.montant' as indicator_id, cast(montant as decimal(38, 6)) as value, 'eur' as unit
    from granted
    union all
    select month, 'ml.aides.' || aide || '.jeunes', cast(jeunes as decimal(38, 6)), 'count'
    from granted
    union all
    select month, 'ml.aides.total.montant', cast(sum(montant) as decimal(38, 6)), 'eur'
    from granted
    group by month
    union all
    select month, 'ml.aides.faj.dossiers', cast(faj_dossiers as decimal(38, 6)), 'count'
    from files
    union all
    select month, 'ml.aides.fonds_ml.formations', cast(fonds_ml_formations as decimal(38, 6)), 'count'
    from files
)

select
    periods.report_year,
    periods.month,
    periods.is_year_end,
    periods.is_covered,
    periods.period,
    figures.indicator_id,
    cast(figures.value as decimal(38, 6)) as value,
    figures.unit
from figures
inner join int_ml__periodes as periods
    on figures.month = periods.month
