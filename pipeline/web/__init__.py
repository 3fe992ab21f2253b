"""The auditors' review page (``congvan web``): FastAPI + server-rendered Jinja2 + HTMX.

Importing this package does not import FastAPI; :func:`pipeline.web.app.create_app` does.
The review logic lives in :mod:`pipeline.review`; this package only presents it.
"""
