"""The one place that owns threads. Features ask it to run a plain function and get
the result back on the GUI thread; no feature creates its own thread.

* ``tasks.db(fn)``: ``fn(store)`` on the single database worker, which opened the
  Store and is the only thread that ever touches it.
* ``tasks.net(fn)``: ``fn()`` on the network pool (fetching, parsing; never SQL).
* ``.long()`` on either: ``fn`` also receives a ``Progress`` to report and to check
  for cancellation; ``op.cancel()`` asks it to stop.

    tasks.db(lambda store: store.matrix.load(account_id)).success(self.show).run()

Workers never touch a widget: results travel through a queued signal.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from precall.errors import Cancelled
from precall.progress import Progress
from precall.store import Store

log = logging.getLogger("precall.ui.tasks")
T = TypeVar("T")


class Op(Generic[T]):
    """A builder for one piece of background work."""

    def __init__(self, runner: "TaskRunner", kind: str, fn: Callable[..., T]) -> None:
        self._runner = runner
        self._kind = kind
        self._fn = fn
        self._long = False
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_progress: Callable[[int, int, str], None] | None = None
        self._on_cancelled: Callable[[], None] | None = None
        self.progress = Progress(self._report)

    def long(self) -> "Op[T]":
        """``fn`` takes a trailing ``Progress`` argument."""
        self._long = True
        return self

    def success(self, callback: Callable[[T], None]) -> "Op[T]":
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> "Op[T]":
        self._on_failure = callback
        return self

    def on_progress(self, callback: Callable[[int, int, str], None]) -> "Op[T]":
        self._on_progress = callback
        return self

    def cancelled(self, callback: Callable[[], None]) -> "Op[T]":
        self._on_cancelled = callback
        return self

    def cancel(self) -> None:
        self.progress.cancel()

    def run(self) -> Future:
        return self._runner._submit(self)

    # called on the worker ---------------------------------------------------
    def _report(self, done: int, total: int, message: str) -> None:
        if self._on_progress is not None:
            callback = self._on_progress
            self._runner._post(lambda: callback(done, total, message))

    def _execute(self, *args: Any) -> T:
        if self._long:
            args = (*args, self.progress)
        return self._fn(*args)


class TaskRunner(QObject):
    """Owns the database worker and the network pool for the life of the app."""

    _deliver = Signal(object)
    #: A user-facing error with no failure handler of its own (PrecallError).
    error = Signal(object)
    #: Number of operations submitted and not yet delivered changed.
    pending_changed = Signal(int)

    def __init__(self, open_store: Callable[[], Store], parent: QObject | None = None, net_workers: int = 8,
                 db_path: Path | None = None) -> None:
        super().__init__(parent)
        self._open_store = open_store
        #: The database file, to name its newest good backup if it turns out damaged.
        self.db_path = db_path
        self._store: Store | None = None
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="precall-db")
        self._net = ThreadPoolExecutor(max_workers=net_workers, thread_name_prefix="precall-net")
        self._lock = threading.Lock()
        self._pending = 0
        self._closed = False
        self._ops: set[Op[Any]] = set()
        self._deliver.connect(self._run_on_gui, Qt.ConnectionType.QueuedConnection)

    # public -----------------------------------------------------------------
    def db(self, fn: Callable[..., T]) -> Op[T]:
        return Op(self, "db", fn)

    def net(self, fn: Callable[..., T]) -> Op[T]:
        return Op(self, "net", fn)

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
        self._net.shutdown(wait=True, cancel_futures=True)
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
        self._change_pending(+1)
        self._ops.add(op)
        if op._kind == "db":
            return self._db.submit(self._work, op, True)
        return self._net.submit(self._work, op, False)

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

    def _finish(self, op: Op[Any], *, result: Any = None, error: BaseException | None = None,
                cancelled: bool = False) -> None:
        self._ops.discard(op)
        try:
            if self._closed and error is None:
                # Quitting: views may already be half torn down, and anything they would
                # submit in reply could not run. Failures are still reported.
                return
            if cancelled:
                if op._on_cancelled is not None:
                    op._on_cancelled()
            elif error is not None:
                if op._on_failure is not None:
                    op._on_failure(error)
                else:
                    self._unhandled(error)
            elif op._on_success is not None:
                op._on_success(result)
        finally:
            self._change_pending(-1)

    def _unhandled(self, error: BaseException) -> None:
        from precall.errors import PrecallError
        from precall.store.repair import explain_open_failure, is_damage

        if isinstance(error, PrecallError):
            self.error.emit(error)
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
