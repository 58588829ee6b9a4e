"""Shared fixtures for the app's window tests (see tests/ui/core/support.py)."""

from tests.ui.core.support import ctx, demo_db, make_ctx  # noqa: F401
