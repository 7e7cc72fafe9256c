# Convenience wrappers; bootstrap.sh does the work (and needs no make on a fresh machine).
.PHONY: run test lint
run:
	./bootstrap.sh run
test:
	./bootstrap.sh test
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
