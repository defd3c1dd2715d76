"""What a failing rule means and what to do about it, in French, for the data-quality report.

One entry per kind of rule: the contract's rules on extract rows (types, vocabularies, required
values, keys, dates and values implausible against the file or the source's history), the
plausibility of a partition's volume, and the rules on indicators. The people reading the report
fix files or accept the gap: each entry says which, and how.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

REDROP = "Corriger le fichier source aux lignes indiquées, puis le redéposer dans le dossier des extraits : la partition est réintégrée en entier au prochain traitement."
ACCEPT = "Ou accepter : les lignes restent écartées et les rapports continuent de signaler des données incomplètes."


@dataclass(frozen=True)
class Guidance:
    meaning: str
    action: str


REFUSED = "Fichier refusé en entier : rien n'en est intégré, la partition garde ses données précédentes (ou aucune)."
_KEEP = "les données précédentes du mois restent en place d'ici là."
_REFUSALS = [  # (words of the ingestion message, the reason in French, what to do); the first that matches
    ("password-protected", "classeur protégé par mot de passe", "l'enregistrer sans mot de passe, puis le redéposer"),
    ("would inflate", "classeur trop volumineux une fois décompressé (archive suspecte)",
     "le rouvrir dans Excel, l'enregistrer à nouveau (sans objets ni onglets superflus), puis le redéposer"),
    ("Excel 97-2003", "classeur Excel 97-2003 (.xls) nommé .xlsx", "l'enregistrer au format Excel (.xlsx), puis le redéposer"),
    ("no sheet", "onglet attendu absent", "rendre à l'onglet son nom attendu, puis redéposer le classeur"),
    ("without its header row", "ligne d'en-tête absente", "le réexporter avec sa ligne d'en-tête, puis le redéposer"),
    ("missing column", "colonne(s) attendue(s) absente(s)", "le réexporter avec toutes les colonnes prévues, puis le redéposer"),
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
        if rule == "date_outside_file_month":
            return Guidance("Date hors du mois du fichier (au-delà de la tolérance) : date erronée ou ligne déposée dans le mauvais fichier.",
                            f"{REDROP} {ACCEPT}")
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
