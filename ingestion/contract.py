"""What an extract's pandera schema declares beyond columns and checks, read in one place.

A schema in `schemas/` is a `pandera.DataFrameSchema` whose `metadata` says where its files land
and how they are partitioned, and whose columns' `metadata` say which are personal:

- schema metadata: `source` (e.g. "insee"), `file` (path under the extracts folder with a
  `{partition}` placeholder, and optionally `{year}`, the partition's first four characters),
  `partitioning` ("month" or "vintage").
- schema-level rules may use the `partition_key` column the reader adds to every row. Files are
  validated in batches of up to 200 000 rows so that no extract needs to fit in memory: a rule
  about several rows holds within a batch only, so uniqueness is the `key`'s job (enforced on
  the whole load, `ingestion.load`). A schema-level check names the columns it is about in
  `statistics={"columns": [...]}`: its quarantine row names them (pandera alone would blame
  every column of the row).
- a custom check (one that is not a pandera built-in) gives its SQL twin in
  `statistics={"sql": ...}`: a condition true where a row passes (`{column}` stands for the
  column's name in a column check), so that large files are validated in DuckDB
  (`ingestion.sql_validation`); a contract with a custom check without one is validated by pandas.
- schema metadata `sheet` (optional, workbook extracts): the sheet (register) the contract reads
  in each workbook, its header found below any title rows (`ingestion.workbook`); without it, a
  workbook's first sheet.
- schema metadata `key` (optional): the columns that identify one record of the extract, e.g.
  `["id_convention", "id_participant"]`. Two rows of one partition with the same key are
  duplicates: both go to quarantine. The same key in two partitions is a re-export.
- schema metadata `date_column` (optional, monthly extracts): the date that places a record in its
  monthly file; a record dated outside the file's month beyond a tolerance is quarantined
  (`ingestion.plausibility`).
- schema metadata `age` (optional): `{"birth": column, "at": column}`, the birth date and the
  record's date that give a person's age; an age outside the source's range (`ages` in
  `config/plausibility.yaml`) is quarantined (`ingestion.ages`).
- schema metadata `history` (optional): `{"value": column, "by": [columns]}`, a value compared with
  the same entity's in the previous partition; a change beyond a threshold is quarantined.
- column metadata `personal`: "pseudonymise" (keyed hash), "drop" (never leaves ingestion),
  "month" (a date reduced to the first day of its month), "raw" (kept as it is in the raw table
  because a definition needs it, e.g. an exact birth date for ages; the staging models read it
  only to derive what the definition needs, such as an age band, and never copy it out of raw).
- column metadata `text`, required on every text column that is not personal and has no list or
  pattern (`isin`, `str_matches`) to say what it holds: "id" (a technical identifier, never a
  person's), "label" (the name of an organisation, a place, a category, loaded as it is) or
  "scrub" (staff free text a figure needs, e.g. an event's title: `ingestion.scrub` masks phones,
  e-mails, dates, social-security-like numbers and the words of the batch's personal columns).
  Free text no figure needs is `personal: "drop"`. What a quarantine row shows of a value follows
  (`ingestion.disclosure`).
- column metadata `vocabulary` (optional, on a label): the configured list its values come from
  (e.g. "sites": the reception sites of `config/mde.yaml`), given to the load by the caller
  (`ingest_partitions(vocabularies=...)`). A value is matched to a configured name ignoring case,
  accents, punctuation and surrounding spaces, and loaded spelled as configured; a value matching
  none is quarantined (rule `unknown_label`) instead of vanishing from a figure's join.
- an association's own header labels and values for a contract's are not the contract's business:
  they are configured aliases, translated before validation (`ingestion.aliases`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandera.pandas as pa

PERSONAL_TREATMENTS = ("pseudonymise", "drop", "month", "raw")
TEXT_KINDS = ("id", "label", "scrub")
_CODE_CHECKS = ("isin", "str_matches")


class StructuralError(Exception):
    """An extract that cannot be ingested at all: unreadable, empty, or missing columns.
    `partitions`: the partition keys of the files at fault, when known; `reports`: the ingestion
    reports of the other files, loaded despite it (`ingest_partitions(..., keep_going=True)`);
    `messages`: each refused partition's own message."""

    def __init__(self, message: str, partitions: list[str] | None = None, reports: list | None = None,
                 messages: dict[str, str] | None = None):
        super().__init__(message)
        self.partitions = list(partitions or [])
        self.reports = list(reports or [])
        self.messages = dict(messages or {})  # partition -> why its file was refused, the file named from the extracts folder


@dataclass(frozen=True)
class ExtractContract:
    schema: pa.DataFrameSchema

    def __post_init__(self) -> None:
        meta = self.schema.metadata or {}
        missing = [k for k in ("source", "file", "partitioning") if k not in meta]
        if missing or not self.schema.name:
            raise ValueError(f"schema {self.schema.name!r} lacks name or metadata {missing}")
        if "{partition}" not in meta["file"]:
            raise ValueError(f"schema {self.schema.name}: file pattern needs a {{partition}} placeholder")
        history = meta.get("history") or {}
        named = [*self.key, *([meta["date_column"]] if meta.get("date_column") else []),
                 *([meta["age"]["birth"], meta["age"]["at"]] if meta.get("age") else []),
                 *([history["value"], *history["by"]] if history else [])]
        unknown = [c for c in named if c not in self.schema.columns]
        if unknown:
            raise ValueError(f"schema {self.schema.name}: column(s) {unknown} named in its metadata are not in the schema")
        for name, column in self.schema.columns.items():
            treatment = (column.metadata or {}).get("personal")
            if treatment is not None and treatment not in PERSONAL_TREATMENTS:
                raise ValueError(f"schema {self.schema.name}: column {name} has unknown treatment {treatment!r}")
            text = (column.metadata or {}).get("text")
            if text is not None and text not in TEXT_KINDS:
                raise ValueError(f"schema {self.schema.name}: column {name} has unknown text kind {text!r}")
            coded = any(check.name in _CODE_CHECKS for check in column.checks)
            if (treatment is None and text is None and not coded and not column.regex
                    and "str" in str(column.dtype).lower()):
                raise ValueError(f"schema {self.schema.name}: text column {name} says neither that it is personal nor "
                                 f"what it holds (metadata 'personal' or 'text': one of {', '.join(TEXT_KINDS)})")

    @property
    def name(self) -> str:
        return self.schema.name

    @property
    def table(self) -> str:
        return f"raw_{self.name}"

    @property
    def asset(self) -> str:
        """The ingestion asset that loads this contract's table: one asset per source (`raw_<source>`),
        which loads every extract of the source's partition, each into its own raw table."""
        return f"raw_{self.source}"

    @property
    def source(self) -> str:
        return self.schema.metadata["source"]

    @property
    def partitioning(self) -> str:
        return self.schema.metadata["partitioning"]

    @property
    def key(self) -> list[str]:
        """The columns identifying one record (empty when the contract declares none)."""
        return list(self.schema.metadata.get("key", []))

    @property
    def date_column(self) -> str | None:
        return self.schema.metadata.get("date_column")

    @property
    def history(self) -> dict | None:
        return self.schema.metadata.get("history")

    @property
    def file_pattern(self) -> str:
        return self.schema.metadata["file"]

    def path_for(self, extracts_dir: Path, partition_key: str) -> Path:
        return Path(extracts_dir) / self.file_pattern.format(partition=partition_key, year=partition_key[:4])

    @cached_property
    def _file_regex(self) -> re.Pattern:
        pattern = re.escape(self.file_pattern)
        key = r"\d{4}-\d{2}" if self.partitioning == "month" else r"\d{4}"
        pattern = pattern.replace(re.escape("{partition}"), rf"(?P<partition>{key})", 1)
        pattern = pattern.replace(re.escape("{year}"), r"(?P<year>\d{4})", 1)
        return re.compile(pattern + "$")

    def partition_of(self, relative_path: str) -> str | None:
        """The partition key a file belongs to, or None if the path is not one of this extract's."""
        match = self._file_regex.match(relative_path.replace("\\", "/"))
        if not match or ("year" in match.groupdict() and not match["partition"].startswith(match["year"])):
            return None
        return match.group("partition")

    def text_kind(self, column: str) -> str | None:
        """'id', 'label' or 'scrub' for a non-personal free text column (metadata `text`), else None."""
        col = self.schema.columns.get(column)
        return (col.metadata or {}).get("text") if col is not None else None

    def vocabulary(self, column: str) -> str | None:
        """The name of the configured list a label's values come from (metadata `vocabulary`), or None."""
        col = self.schema.columns.get(column)
        return (col.metadata or {}).get("vocabulary") if col is not None else None

    def personal(self, column: str) -> str | None:
        col = self.schema.columns.get(column)
        return (col.metadata or {}).get("personal") if col is not None else None

    @property
    def required_columns(self) -> list[str]:
        return [n for n, c in self.schema.columns.items() if not c.regex and c.required]

    @property
    def regex_columns(self) -> list[str]:
        return [n for n, c in self.schema.columns.items() if c.regex]

    def kind_of(self, column: str) -> str:
        """'date', 'int', 'float', 'decimal' or 'str': how the reader parses the column's text."""
        dtype = str(self._spec(column).dtype).lower()
        if "decimal" in dtype:  # exact amounts (money): decimal.Decimal, never float
            return "decimal"
        if "date" in dtype:
            return "date"
        if "int" in dtype:
            return "int"
        if "float" in dtype:
            return "float"
        return "str"

    def scale_of(self, column: str) -> int | None:
        """The number of decimals a 'decimal' column holds (e.g. 2 for euros to the cent)."""
        return getattr(self._spec(column).dtype, "scale", None)

    def _spec(self, column: str) -> pa.Column:
        spec = self.schema.columns.get(column)
        if spec is None:
            spec = next(c for n, c in self.schema.columns.items() if c.regex and re.fullmatch(n, column))
        return spec

    def expected_columns(self, header: list[str]) -> list[str]:
        """The schema's columns present in `header`, in schema order; regex columns expanded."""
        wanted = list(self.required_columns)
        for pattern in self.regex_columns:
            wanted += [h for h in header if re.fullmatch(pattern, h)]
        return wanted
