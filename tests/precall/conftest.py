"""Fixtures shared by the core's tests (tests/precall/), defined beside the helpers they use:
a demo database made by the real command line, the seeded meeting scenario, a database with
real content to damage, and local web sites."""

from tests.precall.cli.helpers import demo_db, demo_template  # noqa: F401
from tests.precall.research.site_server import other_site, site  # noqa: F401
from tests.precall.scenario import scenario  # noqa: F401
from tests.precall.store.damage import filled_db  # noqa: F401
