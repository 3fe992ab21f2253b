"""SQL views for BI tools (Metabase, Superset, Power BI, Excel's ODBC…) on SQLite and PostgreSQL.

The view bodies are the selects of :mod:`pipeline.query.sql` compiled for the engine's
dialect, so a dashboard reading ``congvan_deadlines`` sees exactly the rows the Python API
starts from.  :func:`create_views` is idempotent (drop-and-create in one transaction) and
is meant to run after the store's migrations; the query API also calls it lazily when a
view is missing.  Recurring deadlines are *not* expanded in SQL (that needs "today" and a
window); ``docs/analysts.md`` shows the SQL for the next occurrence.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from pipeline.errors import StoreError
from pipeline.query.sql import SELECTS
from pipeline.query.sql import VIEW_NAMES as BASE_VIEWS

log = logging.getLogger(__name__)


#: Horizon of the "upcoming" status in ``congvan_deadlines_next`` (the CLI's default too).
HORIZON_DAYS = 30

# A yearly deadline's occurrence in year Y: same month and day, 29 February → 28 in common
# years (the day before 1 March), as pipeline.query.recurring does.
_SQLITE_OCC = (
    "CASE WHEN substr(d.\"date\", 6, 5) = '02-29' THEN date({y} || '-03-01', '-1 day') "
    "ELSE date({y} || substr(d.\"date\", 5)) END"
)
_SQLITE_Y = "strftime('%Y', 'now', 'localtime')"
_SQLITE_NEXT = f"""CASE WHEN d.recurring = 'yearly' AND d."date" < date('now', 'localtime') THEN
    CASE WHEN {_SQLITE_OCC.format(y=_SQLITE_Y)} >= date('now', 'localtime')
         THEN {_SQLITE_OCC.format(y=_SQLITE_Y)}
         ELSE {_SQLITE_OCC.format(y=f"(CAST({_SQLITE_Y} AS INTEGER) + 1)")} END
  ELSE d."date" END"""
_PG_NEXT = """CASE WHEN d.recurring = 'yearly' AND d."date" < current_date THEN
    CAST(d."date" + make_interval(years =>
      CAST(extract(year FROM age(current_date - 1, d."date")) AS integer) + 1) AS date)
  ELSE d."date" END"""

#: Views on top of the base views, written per dialect: they need "today" (the server's).
NEXT_SQL = {
    "sqlite": f"""SELECT n.*,
  CASE WHEN n.next_date < date('now', 'localtime') THEN 'overdue'
       WHEN n.next_date <= date('now', 'localtime', '+{HORIZON_DAYS} days') THEN 'upcoming'
       ELSE 'later' END AS status,
  CAST(julianday(n.next_date) - julianday(date('now', 'localtime')) AS INTEGER) AS days_left
FROM (SELECT d.*, {_SQLITE_NEXT} AS next_date FROM congvan_deadlines d) n""",
    "postgresql": f"""SELECT n.*,
  CASE WHEN n.next_date < current_date THEN 'overdue'
       WHEN n.next_date <= current_date + {HORIZON_DAYS} THEN 'upcoming'
       ELSE 'later' END AS status,
  n.next_date - current_date AS days_left
FROM (SELECT d.*, {_PG_NEXT} AS next_date FROM congvan_deadlines d) n""",
}
VIEW_NAMES = (*BASE_VIEWS, "congvan_deadlines_next")


def view_sql(engine: Engine, name: str) -> str:
    """``CREATE VIEW name AS …`` for the engine's dialect, with literal parameters."""
    if name == "congvan_deadlines_next":
        body = NEXT_SQL.get(engine.dialect.name)
        if body is None:
            raise StoreError(f"no congvan_deadlines_next view for {engine.dialect.name}")
        return f"CREATE VIEW {name} AS\n{body}"
    compiled = SELECTS[name]().compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
    return f"CREATE VIEW {name} AS\n{compiled}"


def create_views(engine: Engine) -> list[str]:
    """(Re)create every congvan view; returns their names."""
    try:
        with engine.begin() as conn:
            for name in reversed(VIEW_NAMES):
                conn.execute(text(f"DROP VIEW IF EXISTS {name}"))
            for name in VIEW_NAMES:
                conn.execute(text(view_sql(engine, name)))
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot create congvan views: {exc}") from exc
    log.info("created views %s", ", ".join(VIEW_NAMES))
    return list(VIEW_NAMES)


def missing_views(engine: Engine) -> list[str]:
    """The congvan views the database does not have yet."""
    present = set(inspect(engine).get_view_names())
    return [name for name in VIEW_NAMES if name not in present]


def ensure_views(engine: Engine) -> None:
    """Create the views when any is missing (cheap to call before every query)."""
    if missing_views(engine):
        create_views(engine)
