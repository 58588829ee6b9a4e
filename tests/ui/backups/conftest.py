"""The window-test fixtures (a real AppContext on a real file) for the backup views."""

from tests.ui.core.support import ctx, demo_db, make_ctx  # noqa: F401
