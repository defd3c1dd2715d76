-- Mission Locale key figures of the report year Y: the young people's voice and the fight against
-- discrimination. Computed in int_ml__ytd_parole_jeunes over year-to-date periods; these are its
-- December rows (1 January to 31 December of Y). Collective actions dated in Y and the young
-- people recorded present at them (int_ml__presences):
-- ml.parole_jeunes.comite_usagers.rencontres: actions of theme 'Comité des usagers';
-- ml.parole_jeunes.comite_usagers.jeunes: distinct young people present at them;
-- ml.parole_jeunes.ibs.jeunes: distinct young people present at actions of theme 'Travaux IBS'
-- (work led by the Institut Bertrand Schwartz);
-- ml.discriminations.ateliers: actions of theme 'Discriminations', .ateliers_partenaire: those
-- co-organised with a partner (partenaire not empty), .jeunes: distinct young people present.
select report_year, indicator_id, period, value, unit
from int_ml__ytd_parole_jeunes
where is_year_end
