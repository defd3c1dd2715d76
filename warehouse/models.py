"""SQL models: one `.sql` file in `dbt_like_sql/<domain>/` builds one table named after the file.

A model's header comment (its leading `--` lines) is its description; its upstream tables are read
from its SQL with sqlglot, never listed by hand. Its columns are described beside it, as dbt keeps
them: `dbt_like_sql/<domain>/_models.yml` (`models: - name: ..., columns: - name, description`),
over `dbt_like_sql/_columns.yml` for the columns many models share (`report_year`, `indicator_id`...). Models are written in DuckDB's dialect and
transpiled by sqlglot for other warehouses (PostgreSQL).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import sqlglot
import yaml
from sqlglot import exp

from warehouse.engine import Warehouse, quote

MODELS_DIR = Path(__file__).resolve().parent.parent / "dbt_like_sql"
SOURCE_DIALECT = "duckdb"
SHARED_COLUMNS = "_columns.yml"  # columns many models share
MODELS_YAML = "_models.yml"  # a domain folder's models and their columns


@dataclass(frozen=True)
class SqlModel:
    path: Path

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def domain(self) -> str:
        return self.path.parent.name

    @cached_property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @cached_property
    def description(self) -> str:
        lines = []
        for line in self.sql.splitlines():
            stripped = line.strip()
            if not stripped.startswith("--"):
                break
            lines.append(stripped[2:].strip())
        return "\n".join(lines).strip()

    @cached_property
    def column_descriptions(self) -> dict[str, str]:
        """Each described column's description: the model's own entry in its folder's `_models.yml`,
        else the shared one (`_columns.yml`)."""
        own = _described_models(self.path.parent / MODELS_YAML).get(self.name, {})
        return {**_shared_columns(self.path.parent.parent / SHARED_COLUMNS), **own}

    @cached_property
    def upstream_tables(self) -> list[str]:
        """Tables the model reads, CTE names excluded."""
        try:
            return list(_tables_read(self.sql))
        except sqlglot.errors.ParseError as exc:
            raise ValueError(f"{self.path}: cannot parse SQL model: {exc}") from exc

    def select_sql(self, dialect: str) -> str:
        if dialect == SOURCE_DIALECT:
            return self.sql
        return sqlglot.transpile(self.sql, read=SOURCE_DIALECT, write=dialect, pretty=True)[0]

    def build(self, warehouse: Warehouse) -> None:
        """(Re)build the table in one transaction: readers see the old table or the new, never half."""
        select = self.select_sql(warehouse.dialect)
        with warehouse.begin() as conn:
            warehouse.execute(conn, f"drop table if exists {quote(self.name)}")
            warehouse.execute(conn, f"create table {quote(self.name)} as {select}")


@cache
def _tables_read(sql: str) -> tuple[str, ...]:
    """The tables a model's SQL reads, parsed once per process and text: the code location is built
    more than once per process (the `defs` of the code location, then the command's own), and
    parsing the ~120 models costs most of a second of CPU."""
    parsed = sqlglot.parse_one(sql, read=SOURCE_DIALECT)
    ctes = {cte.alias_or_name for cte in parsed.find_all(exp.CTE)}
    return tuple(sorted({t.name for t in parsed.find_all(exp.Table) if t.name and t.name not in ctes}))


@cache
def _shared_columns(path: Path) -> dict[str, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return {c["name"]: " ".join(c["description"].split()) for c in (data or {}).get("columns", [])}


@cache
def _described_models(path: Path) -> dict[str, dict[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return {m["name"]: {c["name"]: " ".join(c["description"].split()) for c in m.get("columns", [])}
            for m in (data or {}).get("models", [])}


def discover_models(models_dir: Path = MODELS_DIR) -> list[SqlModel]:
    models = [SqlModel(p) for p in sorted(models_dir.glob("*/*.sql"))]
    names = [m.name for m in models]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"two SQL models build the same table: {sorted(duplicates)}")
    return models
