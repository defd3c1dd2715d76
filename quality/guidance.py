"""What a failing rule means and what to do about it, in French, for the data-quality report.

One entry per kind of rule: the contract's rules on extract rows (types, vocabularies, required
values, keys, dates and values implausible against the file or the source's history), the
plausibility of a partition's volume, and the rules on indicators. The people reading the report
fix files or accept the gap: each entry says which, and how. And every rule in French words
(`rule_fr`): the report's readers are not asked to read a regular expression or a pandera name.
"""
from __future__ import annotations

import ast
import re
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


REFUSED = "Fichier refusé en entier : rien n'en est intégré, la partition garde ses données précédentes (ou aucune)."
_KEEP = "les données précédentes du mois restent en place d'ici là."
_REFUSALS = [  # (words of the ingestion message, the reason in French, what to do); the first that matches
    ("password-protected", "classeur protégé par mot de passe", "l'enregistrer sans mot de passe, puis le redéposer"),
    ("would inflate", "classeur trop volumineux une fois décompressé (archive suspecte)",
     "le rouvrir dans Excel, l'enregistrer à nouveau (sans objets ni onglets superflus), puis le redéposer"),
    ("Excel 97-2003", "classeur Excel 97-2003 (.xls) nommé .xlsx", "l'enregistrer au format Excel (.xlsx), puis le redéposer"),
    ("no sheet", "onglet attendu absent", "rendre à l'onglet son nom attendu, puis redéposer le classeur"),
    ("without its header row", "ligne d'en-tête absente", "le réexporter avec sa ligne d'en-tête, puis le redéposer"),
    ("missing column", "colonne(s) attendue(s) absente(s)", "le réexporter avec toutes les colonnes prévues, puis le "
     "redéposer (une colonne présente sous un autre intitulé : déclarer cet intitulé dans les alias de config/mde.yaml)"),
    ("UTF-16", "fichier encodé en UTF-16", "le réexporter en CSV UTF-8, puis le redéposer"),
    ("byte-order mark", "encodages mélangés (marque UTF-8 en tête, texte Windows-1252)",
     "le réexporter dans un seul encodage (UTF-8), puis le redéposer"),
    ("mixed encodings", "encodages mélangés", "le réexporter dans un seul encodage (UTF-8), puis le redéposer"),
    ("does not define", "caractères illisibles", "le réexporter dans un seul encodage (UTF-8), puis le redéposer"),
    ("no header row", "ligne d'en-tête introuvable", "rétablir la ligne d'en-tête de l'onglet, puis redéposer le classeur"),
    ("more than once", "une colonne nommée deux fois dans l'en-tête", "corriger l'en-tête, puis redéposer le fichier"),
    ("are both", "deux colonnes de même nom dans l'en-tête", "corriger l'en-tête, puis redéposer le classeur"),
    ("separated by", "séparateurs différents entre l'en-tête et les lignes", "le réexporter avec un seul séparateur, puis le redéposer"),
    ("is empty", "fichier vide", "redéposer le fichier complet"),
    ("over the limit", "fichier trop volumineux (max_file_mb de config/plausibility.yaml)",
     "vérifier l'export ; s'il est juste, relever la limite"),
    ("outside the extracts folder", "lien vers un fichier hors du dossier des extraits", "déposer le fichier lui-même"),
    ("file not found", "fichier introuvable", "déposer le fichier du mois"),
    ("unreadable workbook", "classeur endommagé", "le rouvrir dans Excel, l'enregistrer, puis le redéposer"),
]


def refusal(message: str | None) -> tuple[str, str, str]:
    """(file, reason, what to do), in French, for a file refused whole, from ingestion's message
    (`<file>: <why>`); the line and the sheets found, when the message names them."""
    message = message or ""
    file, _, why = message.partition(": ")
    reason, action = "fichier illisible", "voir le motif dans le journal du traitement, corriger le fichier et le redéposer"
    for words, french, todo in _REFUSALS:
        if words in why:
            reason, action = french, todo
            break
    if line := re.search(r"\bline (\d+)", why):
        reason += f", ligne {line.group(1)}"
    if sheets := re.search(r"sheets found: ([^)]*)", why):
        reason += f" (onglets trouvés : {sheets.group(1)})"
    return (file if why else ""), reason, f"{action[0].upper()}{action[1:]} ; {_KEEP}"


def guidance(check_name: str, rule: str) -> Guidance:
    if check_name == "model":  # rows a qa_ model sets aside: a rule across two extracts
        return MODEL_RULES.get(rule, Guidance(
            "Lignes écartées par une règle qui croise deux extraits.",
            "Corriger l'un des deux extraits (la ligne indiquée ou celle qui lui manque), puis le redéposer."))
    if check_name == MISSING_EXPORT:
        return Guidance("Aucun fichier reçu pour ce mois : les chiffres du mois, et les rapports de l'année, sont incomplets.",
                        "Demander l'export du mois à la source, le déposer dans le dossier des extraits sous le nom attendu, "
                        "puis relancer le traitement. Tant qu'il manque, les rapports signalent des données incomplètes.")
    if check_name == "plausibility":
        if rule == "empty_partition":
            return Guidance("Fichier vide (en-tête seul) alors que les mois précédents avaient des lignes.",
                            "Vérifier l'export et redéposer le fichier complet ; si le mois est réellement vide, l'accepter.")
        return Guidance("Nombre de lignes très différent de celui des mois précédents (fichier tronqué ou en double ?).",
                        "Vérifier l'export et redéposer le bon fichier ; si le volume est réel, l'accepter ou ajuster config/plausibility.yaml.")
    if check_name == "contract":
        if rule == "structural_error":
            return Guidance(f"{REFUSED} Chaque fichier refusé est nommé ci-dessous avec son motif.",
                            "Corriger chaque fichier selon son motif, puis le redéposer dans le dossier des extraits : "
                            "il est intégré au prochain traitement.")
        if rule == "age_out_of_range":
            return Guidance("Date de naissance donnant un âge impossible pour la source (config/plausibility.yaml) : "
                            "faute de frappe sur l'année ?", f"{REDROP} {ACCEPT}")
        if rule == "unknown_label":
            return Guidance("Nom (site, réseau...) qui ne correspond à aucun nom configuré, même sans tenir compte des "
                            "majuscules, accents et espaces : la ligne manquerait aux chiffres.",
                            f"{REDROP} Ou ajouter le nom à la configuration (config/mde.yaml).")
        if rule == "personal_value_in_text":
            return Guidance("Téléphone, courriel ou numéro de sécurité sociale saisi dans une colonne qui ne doit pas "
                            "contenir de donnée personnelle (valeur masquée).", f"{REDROP} {ACCEPT}")
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


MISSING_EXPORT = "delivery"  # the problems of months whose export never arrived (quality/report.py)
# Formats the contracts check by pattern, said in words.
PATTERNS_FR = {
    r"^\d[0-9AB]\d{3}$": "un code commune INSEE (5 caractères, par exemple 59350)",
    r"^\d{2}$": "un code à 2 chiffres",
    r"^\d{3}$": "un code à 3 chiffres",
    r"^\d{9}$": "un numéro SIREN (9 chiffres)",
    r"^\d{2}\.?\d{2}[A-Z]$": "un code APE (NAF rév. 2, par exemple 47.11F)",
}
_BOUNDS = {"greater_than_or_equal_to": "supérieure ou égale à", "greater_than": "supérieure à",
           "less_than_or_equal_to": "inférieure ou égale à", "less_than": "inférieure à", "equal_to": "égale à",
           "not_equal_to": "différente de"}
_TYPES = {"date": "une date lisible (jj/mm/aaaa)", "int": "un nombre entier", "float": "un nombre (virgule ou point décimal)",
          "decimal": "un montant exact (virgule ou point décimal, pas plus de décimales que la colonne n'en garde)",
          "datetime64[ns]": "une date lisible (jj/mm/aaaa)", "Int64": "un nombre entier"}


def rule_fr(rule: str) -> str:
    """What a rule asks, in French words: « la valeur est parmi : H, F » for `isin(['H', 'F'])`."""
    call = re.fullmatch(r"(\w+)\((.*)\)", rule, re.S)
    name, argument = (call.group(1), call.group(2)) if call else (rule, "")
    if rule.startswith("type:"):
        kind = rule.removeprefix("type:")
        return f"la valeur est {_TYPES.get(kind, 'du type attendu (' + kind + ')')}"
    if name == "not_nullable":
        return "la valeur est obligatoire"
    if name == "isin":
        return "la valeur est parmi : " + ", ".join(map(str, _literal(argument) or [argument]))
    if name == "notin":
        return "la valeur n'est pas parmi : " + ", ".join(map(str, _literal(argument) or [argument]))
    if name == "str_matches":
        pattern = _literal(argument) or argument
        return f"la valeur est {PATTERNS_FR.get(pattern, 'au format attendu')}"
    if name in _BOUNDS:
        return f"la valeur est {_BOUNDS[name]} {_number(argument)}"
    if name == "in_range":
        low, _, high = argument.partition(",")
        return f"la valeur est comprise entre {_number(low)} et {_number(high)}"
    if name in ("field_uniqueness", "multiple_fields_uniqueness", "unique"):
        return "la valeur est unique dans le fichier"
    if name == "duplicate_key":
        return "une seule ligne par clé dans un fichier"
    if name == "date_after_export":
        return "la date n'est pas postérieure au mois de l'export (à la tolérance près)"
    if name == "date_before_source":
        return "la date n'est pas antérieure à la première année de la source"
    if name == "unknown_participant":
        return "la sortie est celle d'un participant présent dans les extraits des participants"
    if name == "exit_before_entry":
        return "la sortie n'est pas antérieure à la première entrée du participant"
    if name == "parcours_already_closed":
        return "un parcours n'a qu'une sortie"
    if name == "unknown_operation":
        return "les heures sont celles d'une opération présente dans les registres des opérations"
    if name == "unknown_action":
        return "la présence est celle d'une action présente dans les extraits des actions"
    if name == "implausible_change":
        return "la valeur reste du même ordre que celle de la période précédente"
    if name == "commune_in_territory":
        return "la commune est l'une de celles du territoire servi (config/territory.yaml)"
    if name == "empty_partition":
        return "le fichier du mois n'est pas vide quand les mois précédents avaient des lignes"
    if name in ("volume", "volume_change", "unusual_volume"):
        return "le nombre de lignes reste proche de celui des mois précédents"
    if name == "missing_export":
        return "un export reçu pour chaque mois"
    before = re.fullmatch(r"(\w+)_not_before_(\w+)", name)
    if before:
        return f"{before.group(1)} est vide ou postérieure ou égale à {before.group(2)}"
    return indicator_rule_fr(rule) or f"règle « {rule} »"


def indicator_rule_fr(rule: str) -> str | None:
    """The indicator rules (quality/rules.py) in French words, None for another rule."""
    from quality.rules import PCT_RANGE, SUM_RULES, YEAR_OVER_YEAR  # noqa: PLC0415

    if rule in ("pct_between_0_and_100", "pct_in_range"):
        return (f"chaque pourcentage est compris entre {_number(PCT_RANGE.minimum)} et {_number(PCT_RANGE.maximum)} "
                "(hors évolutions)")
    if rule in ("yoy_change_within_bound", "year_over_year"):
        return (f"un effectif ne varie pas de plus de {_number(YEAR_OVER_YEAR.max_change_pct)} % d'une année à l'autre "
                f"(effectifs d'au moins {_number(YEAR_OVER_YEAR.min_previous)} l'année précédente)")
    if rule == "parts_sum_to_totals":
        return "les parties d'un total ont pour somme ce total"
    found = next((r for r in SUM_RULES if r.name == rule), None)
    if found is not None:
        return f"la somme des parties ({_parts_fr(found.parts)}) égale le total {found.total}, à l'arrondi près"
    return None


def _parts_fr(pattern: str) -> str:
    """A parts pattern as a reader sees it: `plie.entrees.commune.<code commune>`, `plie.entrees.(hommes|femmes)`."""
    text = pattern.replace(r"\d[0-9AB]\d{3}", "<code commune>").replace("\\.", ".")
    group = re.search(r"\(([^()]*)\)", text)
    if group is None:
        return text
    return " + ".join(text[:group.start()] + choice + text[group.end():] for choice in group.group(1).split("|"))


def _literal(text: str):
    try:
        return ast.literal_eval(text.strip())
    except (ValueError, SyntaxError):
        return None


def _number(text) -> str:
    value = _literal(str(text)) if isinstance(text, str) else text
    if isinstance(value, (int, float)):
        return (f"{value:g}" if float(value) != int(value) else str(int(value))).replace(".", ",")
    return str(text).strip()
