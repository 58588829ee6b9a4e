"""``store.feedback``: team feedback counts a manager imported, and the rep's own
debrief outcomes of template items that an export is made from.

Only storage: the file format, the rule of what counts and the report live in
``precall.templates.feedback``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from precall.domain.sharing import FeedbackCount

if TYPE_CHECKING:
    from precall.store.facade import Store


class FeedbackRepo:
    def __init__(self, store: "Store") -> None:
        self._store = store
        self._conn = store.conn

    def template_item_outcomes(self) -> list[tuple[Any, ...]]:
        """Per matrix item that came from a template: (template id, item key, origin,
        text, status, meetings whose debrief confirmed it, meetings that refuted it)."""
        debriefs = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'debrief_outcomes'").fetchone() is not None
        rows = self._conn.execute(
            "SELECT i.template_id, i.template_item_key, i.origin, i.text, i.status, "
            + ("(SELECT count(*) FROM debrief_outcomes d WHERE d.item_id = i.id AND d.status = 'confirmed'), "
               "(SELECT count(*) FROM debrief_outcomes d WHERE d.item_id = i.id AND d.status = 'refuted')"
               if debriefs else "0, 0")
            + " FROM matrix_items i WHERE i.template_id IS NOT NULL AND i.template_item_key IS NOT NULL"
        )
        return rows.fetchall()

    def replace_batch(self, batch: str, counts: list[FeedbackCount]) -> bool:
        """Store one imported file's counts, replacing an earlier import of the same file
        (same batch id) so it is never counted twice; True when it replaced one."""
        with self._store.write():
            replaced = self._conn.execute("SELECT 1 FROM template_feedback WHERE batch=? LIMIT 1", [batch]).fetchone()
            self._conn.execute("DELETE FROM template_feedback WHERE batch=?", [batch])
            now = self._store.now_iso()
            self._conn.executemany(
                "INSERT INTO template_feedback(batch, template_id, version, item_key, confirmed, refuted, imported_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(batch, c.template_id, c.version, c.item_key, c.confirmed, c.refuted, now) for c in counts],
            )
        return replaced is not None

    def totals(self, template_id: str | None = None) -> list[tuple[Any, ...]]:
        """Per (template, item key), summed over files and versions: (template id, item
        key, confirmed, refuted, number of files)."""
        sql = ("SELECT template_id, item_key, sum(confirmed), sum(refuted), count(DISTINCT batch)"
               " FROM template_feedback")
        args: list[Any] = []
        if template_id is not None:
            sql += " WHERE template_id=?"
            args.append(template_id)
        return self._conn.execute(sql + " GROUP BY template_id, item_key", args).fetchall()
