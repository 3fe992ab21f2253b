"""The database adapter: schema (:mod:`.models`), migrations, engine, and the repository.

SQLite by default (WAL, foreign keys on), PostgreSQL through ``CONGVAN_DATABASE_URL``.
Nothing here imports Prefect; the flows in ``flows/`` call these functions.
"""

from pipeline.store.db import connect, make_engine, migrate

__all__ = ["connect", "make_engine", "migrate"]
