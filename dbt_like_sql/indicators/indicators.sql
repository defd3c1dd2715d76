-- Every indicator of every report year, one row each: the long table the reports and exports are
-- built from. indicator_id is the figures catalogue's stable id; value is unrounded (percentages
-- in percent); period says which date or period the value describes. value is an exact DECIMAL(38, 6)
-- in every branch (a union with one DOUBLE branch would turn money into floats): counts, amounts
-- to the cent and percentages all fit.
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'territory' as domain from ind_territory__population
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'territory' as domain from ind_territory__private_employment
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'territory' as domain from ind_territory__job_seekers
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'plie' as domain from ind_plie__participants
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'plie' as domain from ind_plie__etapes
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'plie' as domain from ind_plie__sorties
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'plie' as domain from ind_plie__formations
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'plie' as domain from ind_plie__accompagnement_social
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'ml' as domain from ind_ml__public
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'ml' as domain from ind_ml__situations
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'ml' as domain from ind_ml__dispositifs
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'ml' as domain from ind_ml__aides
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'ml' as domain from ind_ml__evolutions
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'mde' as domain from ind_mde__evenements
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'mde' as domain from ind_mde__creation
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'mde' as domain from ind_mde__entreprises
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'mde' as domain from ind_mde__clauses
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'mde' as domain from ind_mde__mobilite
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'mde' as domain from ind_mde__siae
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'mde' as domain from ind_mde__cyberbase
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'communication' as domain from ind_communication__statistiques
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'ml' as domain from ind_ml__sante
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'ml' as domain from ind_ml__orientation_actions
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'ml' as domain from ind_ml__mobilite_internationale
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'ml' as domain from ind_ml__partenariat_ft
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'ml' as domain from ind_ml__dispositifs_actions
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'ml' as domain from ind_ml__citoyennete
union all
select report_year, indicator_id, period, cast(value as decimal(38, 6)) as value, unit, 'ml' as domain from ind_ml__parole_jeunes
