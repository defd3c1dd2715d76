"""What a failing rule means and what to do about it, in French, for the data-quality report.

One entry per kind of rule: the contract's rules on extract rows (types, vocabularies, required
values, keys, dates and values implausible against the file or the source's history), the
plausibility of a partition's volume, and the rules on indicators. The people reading the report
fix files or accept the gap: each entry says which, and how.
"""
from __future__ import annotations

from dataclasses import dataclass

REDROP = "Corriger le fichier source aux lignes indiquées, puis le redéposer dans le dossier des extraits : la partition est réintégrée en entier au prochain traitement."
ACCEPT = "Ou accepter : les lignes restent écartées et les rapports continuent de signaler des données incomplètes."


@dataclass(frozen=True)
class Guidance:
    meaning: str
    action: str


# Rows the SQL models set aside (the `qa_` models): a record of one extract that another does not back.
MODEL_RULES = {
    "unknown_participant": Guidance(
        "Sortie d'un participant absent de tous les extraits des participants : elle n'est comptée nulle part.",
        "Vérifier l'identifiant dans l'outil de suivi ; exporter l'entrée du participant, ou corriger la sortie, puis redéposer le fichier."),
    "exit_before_entry": Guidance(
        "Sortie datée avant la première entrée du participant : le parcours reste compté comme en cours.",
        "Corriger la date de sortie ou d'entrée dans l'outil de suivi, puis redéposer l'export du mois."),
    "parcours_already_closed": Guidance(
        "Seconde sortie d'un parcours déjà clos, sans nouvelle entrée entre les deux (date de sortie corrigée ?).",
        "Corriger la sortie en double dans l'outil de suivi, ou saisir la nouvelle entrée, puis redéposer l'export."),
    "unknown_operation": Guidance(
        "Heures d'insertion d'une opération absente des registres des opérations : elles ne sont comptées nulle part.",
        "Ajouter l'opération au registre « Clauses - opérations » du classeur, ou corriger son identifiant, puis redéposer le classeur."),
    "unknown_action": Guidance(
        "Présence à une action collective absente des extraits des actions : elle n'est comptée nulle part.",
        "Exporter l'action, ou corriger son identifiant dans la liste de présence, puis redéposer le fichier."),
}


def guidance(check_name: str, rule: str) -> Guidance:
    if check_name == "model":  # rows a qa_ model sets aside: a rule across two extracts
        return MODEL_RULES.get(rule, Guidance(
            "Lignes écartées par une règle qui croise deux extraits.",
            "Corriger l'un des deux extraits (la ligne indiquée ou celle qui lui manque), puis le redéposer."))
    if check_name == "plausibility":
        if rule == "empty_partition":
            return Guidance("Fichier vide (en-tête seul) alors que les mois précédents avaient des lignes.",
                            "Vérifier l'export et redéposer le fichier complet ; si le mois est réellement vide, l'accepter.")
        return Guidance("Nombre de lignes très différent de celui des mois précédents (fichier tronqué ou en double ?).",
                        "Vérifier l'export et redéposer le bon fichier ; si le volume est réel, l'accepter ou ajuster config/plausibility.yaml.")
    if check_name == "contract":
        if rule == "duplicate_key":
            return Guidance("Plusieurs lignes d'un même fichier portent la même clé : rien ne dit laquelle est juste, toutes sont écartées.",
                            f"{REDROP} {ACCEPT}")
        if rule == "date_after_export":
            return Guidance("Date postérieure au mois de l'export (au-delà de la tolérance) : année mal saisie, ou fichier nommé avec le mauvais mois.",
                            f"{REDROP} {ACCEPT}")
        if rule == "date_before_source":
            return Guidance("Date antérieure à la première année possible de la source : année mal saisie ?",
                            f"{REDROP} Si la date est juste, avancer source_first_year dans config/plausibility.yaml.")
        if rule == "implausible_change":
            return Guidance("Valeur sans commune mesure avec celle de la période précédente (saisie erronée ?).",
                            f"{REDROP} Si la valeur est juste, relever le seuil dans config/plausibility.yaml.")
        if rule.startswith("type:"):
            return Guidance("Valeur illisible pour le type attendu (date jj/mm/aaaa, nombre).", f"{REDROP} {ACCEPT}")
        if rule == "not_nullable":
            return Guidance("Valeur obligatoire absente.", f"{REDROP} {ACCEPT}")
        return Guidance("Valeur contraire à la règle du contrat de l'extrait.", f"{REDROP} {ACCEPT}")
    if check_name in ("pct_in_range", "parts_sum_to_totals"):
        return Guidance("Indicateurs incohérents : les rapports de l'année ne sont pas publiés tant que la règle échoue.",
                        "Examiner les lignes sources indiquées (commune hors territoire, doublon, fichier manquant), corriger le fichier et le redéposer.")
    if check_name == "year_over_year":
        return Guidance("Évolution d'une année sur l'autre au-delà du seuil : à vérifier, sans bloquer la publication.",
                        "Vérifier que les fichiers de l'année sont complets ; si l'évolution est réelle, l'accepter.")
    return Guidance("Contrôle en échec.", "Voir le détail dans les contrôles enregistrés.")
