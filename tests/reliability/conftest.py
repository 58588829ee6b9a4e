"""Fixtures of the cross-cutting reliability tests (tests/reliability/): the demo database
made by the real command line, shared with the core's tests."""

from tests.precall.cli.helpers import demo_db, demo_template  # noqa: F401
