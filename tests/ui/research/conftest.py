"""Local web sites standing in for the internet, for the Research page (the AppContext is the
shared ``ctx`` of tests/ui/conftest.py)."""

from tests.precall.research.site_server import other_site, site  # noqa: F401
