-- MDE key figures of the report year Y: the Cyber-base Emploi. Computed in int_mde__ytd_cyberbase
-- over year-to-date periods; these are its December rows.
-- Visits of Y (mde.cyberbase.utilisations); distinct users (.usagers): a user of both sites counts
-- once; adults and young people (.adultes, .jeunes) by the public of the user's latest visit of Y,
-- with the adults followed by the PLIE (.adultes.plie), the young followed by the Mission Locale
-- (.jeunes.ml), women and men (.femmes, .hommes). Individual appointments (.rdv_individuels):
-- visits of service 'Rendez-vous individuel'; workshops held (.ateliers): distinct sessions of the
-- 'Atelier' visits; distinct people who attended one (.ateliers.personnes). Per site with a
-- Cyber-base (ref_mde__sites): visits and distinct users there, by public and sex
-- (mde.cyberbase.<site id>.*).
select report_year, indicator_id, period, value, unit
from int_mde__ytd_cyberbase
where is_year_end
