"""Shared fixtures for the Templates page tests (see tests/ui/core/support.py)."""

from tests.ui.core.support import ctx, make_ctx  # noqa: F401
