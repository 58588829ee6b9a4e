"""Running a refresh in the app without ever blocking the GUI thread.

The plan is loaded on the database worker, the fetching runs on the network pool
(``fetch_sources``: network and parsing only), and each outcome hops back to the GUI
thread through a queued signal, which hands it to the database worker to save
(``apply_outcome``). So SQL stays on its one thread, the network off the GUI thread,
and the window only ever updates a table row.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal

from precall.errors import NotFoundError, PrecallError
from precall.net import make_session
from precall.progress import Progress
from precall.research.politeness import PolitenessPolicy
from precall.research.refresh import AppliedOutcome, RefreshPlan, SourceOutcome, apply_outcome, fetch_sources, load_plan
from precall.research.sources import ResearchSource
from precall.store import Store
from ui.changes import Area, OpChanges

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.tasks import Op

log = logging.getLogger("precall.ui.research")


@dataclass
class RefreshReport:
    applied: list[AppliedOutcome] = field(default_factory=list)
    cancelled: bool = False
    total: int = 0

    @property
    def failed(self) -> list[AppliedOutcome]:
        return [a for a in self.applied if not a.outcome.status.succeeded]


def submit(op: "Op[Any]") -> bool:
    """Run ``op``; False when the app is closing and the task runner takes no more work
    (late signals from a cancelled refresh must not raise while the app quits)."""
    try:
        op.run()
    except RuntimeError:
        log.debug("task runner closed; work dropped")
        return False
    return True


class RefreshController(QObject):
    #: A refresh began: the ids of the sources it will fetch.
    started = Signal(object)
    #: One source's outcome was saved: (AppliedOutcome, ResearchSource | None if it was removed meanwhile).
    source_saved = Signal(object, object)
    #: A source's fetching began (its id).
    source_started = Signal(int)
    #: done, total, message — from the fetching, for a progress bar.
    progress = Signal(int, int, str)
    #: The refresh ended (finished or cancelled) and everything fetched was saved: RefreshReport.
    finished = Signal(object)
    #: It could not run (the plan could not be loaded, the fetching stopped): a message for the user.
    failed = Signal(str)
    _outcome_ready = Signal(object)
    _started_on_worker = Signal(int)

    def __init__(self, ctx: "AppContext", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._op: Op[Any] | None = None
        self._running = False
        self._cancel_asked = False
        self._fetching = False
        self._saving = 0
        self._report = RefreshReport()
        # Emitted on a network thread; the queued connection brings it to the GUI thread.
        self._outcome_ready.connect(self._save, Qt.ConnectionType.QueuedConnection)
        self._started_on_worker.connect(self.source_started, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> bool:
        return self._running

    def start(self, policy: PolitenessPolicy, *, account_id: int | None = None, industry_id: int | None = None,
              source_ids: list[int] | None = None) -> bool:
        """Begin a refresh; False if one is already running."""
        if self._running:
            return False
        self._running = True
        self._cancel_asked = False
        self._report = RefreshReport()
        # ended: after a bug (which goes to the crash handler) the refresh is over too.
        if not submit(self.ctx.tasks.db(
            lambda store: load_plan(store, account_id=account_id, industry_id=industry_id, source_ids=source_ids),
            owner=self).success(lambda plan: self._fetch(plan, policy)).failure(self._fail).ended(self._maybe_finish)):
            self._running = False
            return False
        return True

    def cancel(self) -> None:
        self._cancel_asked = True  # also before the fetching started (the plan is still loading)
        if self._op is not None:
            self._op.cancel()

    # steps ---------------------------------------------------------------------------
    def _fetch(self, plan: RefreshPlan, policy: PolitenessPolicy) -> None:
        self._report.total = len(plan.sources)
        if self._cancel_asked:
            self._fetch_ended(cancelled=True)
            return
        self.started.emit([item.source.id for item in plan.sources])
        clock = self.ctx.clock
        emit = self._outcome_ready.emit
        started = self._started_on_worker.emit

        def work(progress: Progress) -> None:
            with make_session() as session:
                for outcome in fetch_sources(plan.sources, session, policy, progress, clock=clock,
                                             robots_cache=plan.robots, on_start=started):
                    emit(outcome)

        self._fetching = True
        self._op = (self.ctx.tasks.background(work, owner=self).long()
                    .on_progress(self.progress.emit)
                    .cancelled(lambda: self._fetch_ended(cancelled=True))
                    .failure(self._fail)
                    .ended(self._fetch_ended))
        if not submit(self._op):
            self._fetch_ended(cancelled=True)

    def _save(self, outcome: SourceOutcome) -> None:
        self._saving += 1

        def save(store: Store) -> tuple[AppliedOutcome, ResearchSource | None]:
            applied = apply_outcome(store, outcome)
            try:
                return applied, store.sources.get(outcome.source_id)
            except NotFoundError:
                return applied, None

        def changed(result: tuple[AppliedOutcome, ResearchSource | None]) -> OpChanges:
            source = result[1]
            return OpChanges.of(Area.RESEARCH, account_id=source.account_id if source is not None else None)

        if not submit(self.ctx.tasks.db(save, owner=self).changes_from(changed).success(self._saved).failure(
                self._save_failed).ended(self._save_ended)):
            self._saving -= 1
            log.info("app closing: the outcome of %s was not saved; it is fetched again next time", outcome.url)

    def _saved(self, result: tuple[AppliedOutcome, ResearchSource | None]) -> None:
        applied, source = result
        self._report.applied.append(applied)
        self.source_saved.emit(applied, source)

    def _save_failed(self, error: PrecallError) -> None:
        log.warning("saving a refresh outcome failed: %s", error)
        self.failed.emit(f"Could not save what was fetched: {error}")

    def _save_ended(self) -> None:
        self._saving -= 1
        self._maybe_finish()

    def _fetch_ended(self, *, cancelled: bool = False) -> None:
        self._fetching = False
        self._op = None
        self._report.cancelled = self._report.cancelled or cancelled
        self._maybe_finish()

    def _maybe_finish(self) -> None:
        if self._running and not self._fetching and self._saving == 0 and self._op is None:
            self._running = False
            self.finished.emit(self._report)

    def _fail(self, error: PrecallError) -> None:
        log.warning("research refresh failed: %s", error)
        self.failed.emit(str(error))
