"""The seeded meeting under the shared ``ctx`` (tests/ui/conftest.py) for the Plan tab."""

from tests.ui.seeded_meeting import prepared_db, seeded  # noqa: F401
