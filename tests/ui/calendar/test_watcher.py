"""The calendar watcher in the running app: it imports a watched file that changed, reaches a
local calendar server only when the rep allowed private networks, and stops quietly once the
app is shutting down."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from precall.store import Store
from ui.calendar.options import import_options
from ui.calendar.watcher import CalendarWatcher
from ui.context import AppContext

from tests.precall.calendar.helpers import DATA
from tests.ui.support import read, wait_idle


def test_the_watcher_imports_a_changed_watched_file(qtbot: Any, ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "team.ics"
    path.write_bytes((DATA / "thunderbird.ics").read_bytes())

    def setup(store: Store) -> None:
        store.accounts.create("Wingtip", website="https://wingtip.example")
        store.calendar.add_feed("file", str(path))

    read(ctx, setup)
    ctx.settings.setValue("calendar/time_zone", "Europe/London")
    assert import_options(ctx).user_tz == "Europe/London"
    watcher = CalendarWatcher(ctx)
    with qtbot.waitSignal(watcher.round_finished, timeout=10_000) as blocker:
        watcher.check_now()
    (report,) = blocker.args[0]
    assert report.result is not None and len(report.result.created) == 4
    with qtbot.waitSignal(watcher.round_finished, timeout=10_000) as blocker:
        watcher.check_now()
    assert blocker.args[0][0].result is None  # unchanged file: nothing imported
    wait_idle(qtbot, ctx)


def test_the_watcher_stops_quietly_once_the_app_is_shutting_down(qtbot: Any, make_ctx: Any) -> None:
    closing = make_ctx()
    watcher = CalendarWatcher(closing)
    watcher.start()
    closing.close()
    watcher.check_now()  # a timer firing after shutdown must not raise in a Qt slot
    assert not watcher.timer.isActive()


def test_the_watcher_reaches_a_local_calendar_server_only_when_allowed(qtbot: Any, ctx: AppContext,
                                                                      httpserver: Any) -> None:
    httpserver.expect_request("/team.ics").respond_with_data((DATA / "thunderbird.ics").read_bytes(),
                                                               content_type="text/calendar")
    read(ctx, lambda store: store.accounts.create("Wingtip", website="wingtip.example"))
    read(ctx, lambda store: store.calendar.add_feed("url", httpserver.url_for("/team.ics")))
    watcher = CalendarWatcher(ctx)
    with qtbot.waitSignal(watcher.round_finished, timeout=10_000) as blocker:
        watcher.check_now()
    assert blocker.args[0][0].error and blocker.args[0][0].result is None
    ctx.settings.setValue("calendar/allow_private_networks", "true")
    with qtbot.waitSignal(watcher.round_finished, timeout=10_000) as blocker:
        watcher.check_now()
    assert blocker.args[0][0].result is not None and len(blocker.args[0][0].result.created) == 4
    wait_idle(qtbot, ctx)
