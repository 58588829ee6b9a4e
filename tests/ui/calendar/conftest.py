"""Fixtures for calendar UI tests: the shared real AppContext on a real database."""

from tests.ui.core.support import ctx, make_ctx  # noqa: F401
