-- Evolutions of Mission Locale figures over a year (ids suffixed `.evol_pct`), for every
-- year-to-date period: 100 * (value - previous) / previous, where previous is the same figure over
-- the same period of the year before (for a December row, the previous year's December row: the
-- yearly figure of the year before). Figures: new registrations, young people in interviews,
-- contacts, employment situations, CDI employment situations. None when the previous value is zero;
-- no row for a period without a previous year.
with figures as (
    select report_year, month, indicator_id, value
    from int_ml__ytd_public
    where indicator_id in ('ml.public.nouvelles_inscriptions', 'ml.public.jeunes_entretien', 'ml.public.contacts')
    union all
    select report_year, month, indicator_id, value
    from int_ml__ytd_situations
    where indicator_id in ('ml.emploi.situations', 'ml.emploi.cdi')
),

evolutions as (
    select
        current_year.month,
        current_year.indicator_id || '.evol_pct' as indicator_id,
        100.0 * (current_year.value - previous_year.value) / nullif(previous_year.value, 0) as value
    from figures as current_year
    inner join figures as previous_year
        on current_year.indicator_id = previous_year.indicator_id
        and previous_year.report_year = current_year.report_year - 1
        and substr(previous_year.month, 6, 2) = substr(current_year.month, 6, 2)
)

select
    periods.report_year,
    periods.month,
    periods.is_year_end,
    periods.is_covered,
    periods.period,
    evolutions.indicator_id,
    cast(evolutions.value as decimal(38, 6)) as value,
    'pct' as unit
from evolutions
inner join int_ml__periodes as periods
    on evolutions.month = periods.month
