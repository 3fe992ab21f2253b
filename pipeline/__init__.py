"""congvan: scanned Vietnamese official letters → structured, queryable records."""

__version__ = "0.1.0"
