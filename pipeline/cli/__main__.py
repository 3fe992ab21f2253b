"""``python -m pipeline.cli`` is the ``congvan`` command."""

from pipeline.cli import console

console()
