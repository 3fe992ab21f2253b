"""Prefect 3 flows: scheduling and scale-out wiring around the ``pipeline`` library."""
