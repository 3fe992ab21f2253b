"""The store suite runs every database test on SQLite and on PostgreSQL: ``db_url`` in tests/conftest.py.

PostgreSQL comes from ``CONGVAN_TEST_POSTGRES_URL`` (``scripts/start_postgres.sh`` prints one);
without it the PostgreSQL half is skipped on a laptop and *fails* in CI (``CI=true``).
"""
