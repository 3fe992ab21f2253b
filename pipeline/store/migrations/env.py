"""Alembic environment, run programmatically by :func:`pipeline.store.db.migrate`.

The caller hands over a live connection in ``config.attributes["connection"]`` so that
migrations run on the very engine (and SQLite pragmas) the application uses; no alembic.ini.
"""

from __future__ import annotations

from alembic import context

from pipeline.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic` run by hand with -x url=…
    from sqlalchemy import create_engine

    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///congvan.db")
    connection = create_engine(url).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
