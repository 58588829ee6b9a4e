"""The one place that owns threads. Features ask it to run a plain function and get
the result back on the GUI thread; no feature creates its own thread.

* ``tasks.db(fn, owner=self)``: ``fn(store)`` on the single database worker, which
  opened the Store and is the only thread that ever touches it.
* ``tasks.background(fn, owner=self)``: ``fn()`` on the background pool (fetching,
  parsing, reading files; never SQL).
* ``.long()`` on either: ``fn`` also receives a ``Progress`` to report and to check
  for cancellation; ``op.cancel()`` asks it to stop.

An operation owns its lifetime, its changes and its errors (Anki's ``CollectionOp``):

* ``owner``: the widget that asked. Its callbacks are never called once it was
  deleted (a result arriving after its view closed is dropped here, once, for all).
* ``.changes(Area.MATRIX, account_id=...)``: what the work changes. Once ``fn``
  returned (the work committed) the runner announces it on the ChangeBus, with the
  owner as initiator, whether or not the owner is still alive.
* ``.latest("load")``: latest request wins: a newer op of the same owner and key makes
  this one's callbacks not run (its changes are still announced).
* ``.failure(cb)`` receives only user-facing errors (``PrecallError`` and subclasses).
  Anything else is a bug and goes to the crash handler, never to a callback.
* ``.ended(cb)``: called last, however the op ended (also after a bug, before the crash
  handler), to put back busy state such as a disabled button or a progress dialog.
* ``.quiet()``: not counted in ``pending`` (the window's "Working…"), for housekeeping
  the user did not ask for, such as looking for changes made by another process.

    tasks.db(lambda store: store.matrix.load(account_id), owner=self).success(self.show).run()

Workers never touch a widget: results travel through a queued signal.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal

from precall.errors import Cancelled, PrecallError
from precall.progress import Progress
from precall.store import Store
from ui.changes import Area, ChangeBus, OpChanges

log = logging.getLogger("precall.ui.tasks")
T = TypeVar("T")


class Op(Generic[T]):
    """A builder for one piece of background work."""

    def __init__(self, runner: "TaskRunner", kind: str, fn: Callable[..., T], owner: QObject | None) -> None:
        self._runner = runner
        self._kind = kind
        self._fn = fn
        self._owner = owner
        self._long = False
        self._describe: Callable[[T], OpChanges | None] | None = None
        self._latest_key: tuple[QObject | None, str] | None = None
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[PrecallError], None] | None = None
        self._on_progress: Callable[[int, int, str], None] | None = None
        self._on_cancelled: Callable[[], None] | None = None
        self._on_ended: Callable[[], None] | None = None
        self._quiet = False
        self.progress = Progress(self._report)

    def _release(self) -> None:
        """Drop the work, the callbacks and the owner here, on the GUI thread. An op sits in
        reference cycles (its progress reports back to it), so the garbage collector may free
        it on any thread; a widget or timer it held last would then be destroyed there."""
        self._fn = None  # type: ignore[assignment]  # released: nothing calls it after this
        self._owner = None
        self._describe = None
        self._on_success = self._on_failure = self._on_progress = None
        self._on_cancelled = self._on_ended = None

    def long(self) -> "Op[T]":
        """``fn`` takes a trailing ``Progress`` argument."""
        self._long = True
        return self

    def changes(self, *areas: Area, account_id: int | None = None, meeting_id: int | None = None) -> "Op[T]":
        """Announce these changes once the work committed."""
        if not areas:
            raise ValueError("changes() needs at least one Area")
        declared = OpChanges.of(*areas, account_id=account_id, meeting_id=meeting_id)
        self._describe = lambda _result: declared
        return self

    def changes_from(self, describe: Callable[[T], OpChanges | None]) -> "Op[T]":
        """Announce what ``describe(result)`` returns (None: nothing changed), for work
        whose changes depend on its result, such as the id of a row it created."""
        self._describe = describe
        return self

    def latest(self, key: str = "") -> "Op[T]":
        """Latest request wins: a newer op of the same owner and key supersedes this one."""
        self._latest_key = (self._owner, key)
        return self

    def success(self, callback: Callable[[T], None]) -> "Op[T]":
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[PrecallError], None]) -> "Op[T]":
        """Called with user-facing errors only; bugs go to the crash handler."""
        self._on_failure = callback
        return self

    def on_progress(self, callback: Callable[[int, int, str], None]) -> "Op[T]":
        self._on_progress = callback
        return self

    def cancelled(self, callback: Callable[[], None]) -> "Op[T]":
        self._on_cancelled = callback
        return self

    def ended(self, callback: Callable[[], None]) -> "Op[T]":
        """Called after the other callbacks whatever the outcome, bugs included."""
        self._on_ended = callback
        return self

    def quiet(self) -> "Op[T]":
        """Not counted in ``pending``: housekeeping the user did not ask for."""
        self._quiet = True
        return self

    def cancel(self) -> None:
        self.progress.cancel()

    def run(self) -> Future:
        return self._runner._submit(self)

    # called on the worker ---------------------------------------------------
    def _report(self, done: int, total: int, message: str) -> None:
        if self._on_progress is not None:
            callback = self._on_progress
            self._runner._post(lambda: self._runner._call_back(self, callback, done, total, message))

    def _execute(self, *args: Any) -> T:
        if self._long:
            args = (*args, self.progress)
        return self._fn(*args)


class TaskRunner(QObject):
    """Owns the database worker and the background pool for the life of the app."""

    _deliver = Signal(object)
    #: A user-facing error with no failure handler of its own (PrecallError).
    error = Signal(object)
    #: Number of operations submitted and not yet delivered changed.
    pending_changed = Signal(int)

    def __init__(self, open_store: Callable[[], Store], parent: QObject | None = None, background_workers: int = 8,
                 db_path: Path | None = None, changes: ChangeBus | None = None) -> None:
        super().__init__(parent)
        self._open_store = open_store
        #: The database file, to name its newest good backup if it turns out damaged.
        self.db_path = db_path
        #: Where committed operations announce what they changed.
        self.changes = changes if changes is not None else ChangeBus(self)
        self._store: Store | None = None
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="precall-db")
        self._background = ThreadPoolExecutor(max_workers=background_workers, thread_name_prefix="precall-bg")
        self._lock = threading.Lock()
        self._pending = 0
        self._closed = False
        self._ops: set[Op[Any]] = set()
        #: The newest op for each (owner, key) of ``Op.latest``.
        self._latest: dict[tuple[QObject | None, str], Op[Any]] = {}
        self._deliver.connect(self._run_on_gui, Qt.ConnectionType.QueuedConnection)

    # public -----------------------------------------------------------------
    def db(self, fn: Callable[..., T], owner: QObject | None = None) -> Op[T]:
        return Op(self, "db", fn, owner)

    def background(self, fn: Callable[..., T], owner: QObject | None = None) -> Op[T]:
        return Op(self, "background", fn, owner)

    @property
    def pending(self) -> int:
        return self._pending

    @property
    def closed(self) -> bool:
        """True once shutdown began: no new work is taken."""
        return self._closed

    def shutdown(self) -> None:
        """Stop taking work, cancel long work, finish queued writes, close the Store."""
        if self._closed:
            return
        self._closed = True
        for op in list(self._ops):
            op.cancel()
        self._background.shutdown(wait=True, cancel_futures=True)
        self._db.submit(self._close_store)
        self._db.shutdown(wait=True)

    # internals --------------------------------------------------------------
    def _store_for_worker(self) -> Store:
        if self._store is None:
            self._store = self._open_store()
        return self._store

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def _submit(self, op: Op[Any]) -> Future:
        if self._closed:
            raise RuntimeError("the task runner is shut down")
        if not op._quiet:
            self._change_pending(+1)
        self._ops.add(op)
        if op._latest_key is not None:
            self._latest[op._latest_key] = op
        if op._kind == "db":
            return self._db.submit(self._work, op, True)
        return self._background.submit(self._work, op, False)

    def _work(self, op: Op[Any], needs_store: bool) -> Any:
        try:
            result = op._execute(self._store_for_worker()) if needs_store else op._execute()
        except Cancelled:
            self._post(lambda: self._finish(op, cancelled=True))
            return None
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            if not isinstance(exc, Exception):
                raise
            error = exc
            self._post(lambda: self._finish(op, error=error))
            return None
        self._post(lambda: self._finish(op, result=result))
        return result

    def _post(self, callback: Callable[[], None]) -> None:
        self._deliver.emit(callback)

    def _run_on_gui(self, callback: Callable[[], None]) -> None:
        callback()

    def _wanted(self, op: Op[Any]) -> bool:
        """Whether ``op``'s callbacks may run: its owner still exists (the one liveness
        check of the app) and no newer op of the same owner and key superseded it."""
        if op._latest_key is not None and self._latest.get(op._latest_key) is not op:
            return False
        return op._owner is None or shiboken6.isValid(op._owner)

    def _call_back(self, op: Op[Any], callback: Callable[..., None], *args: Any) -> None:
        if self._wanted(op):
            callback(*args)

    def _finish(self, op: Op[Any], *, result: Any = None, error: BaseException | None = None,
                cancelled: bool = False) -> None:
        self._ops.discard(op)
        wanted = self._wanted(op)
        if op._latest_key is not None and self._latest.get(op._latest_key) is op:
            del self._latest[op._latest_key]
        try:
            if error is not None and not isinstance(error, PrecallError):
                # A bug (or a damaged file): never a failure callback's business.
                try:
                    self._end(op, wanted)
                finally:
                    self._unhandled(error)
                return
            if self._closed and error is None:
                # Quitting: views may already be half torn down, and anything they would
                # submit in reply could not run. Failures are still reported.
                return
            if cancelled:
                if wanted and op._on_cancelled is not None:
                    op._on_cancelled()
            elif isinstance(error, PrecallError):
                if op._on_failure is None:
                    self._unhandled(error)
                elif wanted:
                    op._on_failure(error)
                else:
                    log.info("dropped an error for a closed or superseded view: %s", error)
            else:
                try:
                    if wanted and op._on_success is not None:
                        op._on_success(result)
                finally:
                    self._announce(op, result)
            self._end(op, wanted)
        finally:
            op._release()
            if not op._quiet:
                self._change_pending(-1)

    @staticmethod
    def _end(op: Op[Any], wanted: bool) -> None:
        if wanted and op._on_ended is not None:
            op._on_ended()

    def _announce(self, op: Op[Any], result: Any) -> None:
        """The work committed: tell every view, even if the one that asked is gone."""
        if op._describe is None:
            return
        changes = op._describe(result)
        if changes is not None:
            self.changes.notify(changes, op._owner)

    def _unhandled(self, error: BaseException) -> None:
        from precall.errors import PrecallError
        from precall.store.connection import busy_error, is_busy
        from precall.store.repair import explain_open_failure, is_damage

        if isinstance(error, PrecallError):
            self.error.emit(error)
            return
        if is_busy(error):
            # A command beside the app held the file past the busy timeout: try again.
            self.error.emit(busy_error(self.db_path))
            return
        if is_damage(error) and self.db_path is not None:
            # The file went bad under us: the user's environment, not a bug.
            self.error.emit(PrecallError(explain_open_failure(self.db_path, error)))
            return
        log.error("background task failed", exc_info=(type(error), error, error.__traceback__))
        raise error

    def _change_pending(self, delta: int) -> None:
        with self._lock:
            self._pending += delta
            value = self._pending
        self.pending_changed.emit(value)
