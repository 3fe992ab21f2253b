# The README's commands; each installs what it needs first (scripts/setup.sh).
.PHONY: demo test test-fast lint
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
test-fast:
	bash scripts/test.sh -m "not slow"
lint:
	.venv/bin/ruff check pipeline flows tests bench
	.venv/bin/mypy
