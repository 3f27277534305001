# `make check`: everything CI runs: the static checks, then the whole test suite.
.PHONY: check static test

check: static test

static:
	.ci/static

test:
	uv run pytest
