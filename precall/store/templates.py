"""``store.templates``: the template library, its versions, and applying them to accounts.

Every version of a template that reaches this database is kept (as its canonical JSON),
so an account that applied version 3 can be brought to version 4 item by item and a
manager can compare any two versions. Imports are validated completely before the
single write transaction that stores them; applying runs the plan from
``precall.templates.apply`` in one transaction per call.
"""

from __future__ import annotations

import builtins
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from precall import resources
from precall.errors import NotFoundError, PrecallError, ValidationError
from precall.progress import Progress
from precall.store.matrix_links import LinkedItemEdit, LinkedItemMove, NewLinkedItem
from precall.templates import format as template_format
from precall.templates.apply import ApplyPlan, LinkedItem, plan_apply
from precall.templates.diff import TemplateDiff, diff_templates
from precall.templates.model import Application, SourceScope, Template, TemplateInfo, origin_for

if TYPE_CHECKING:
    from precall.store.facade import Store

log = logging.getLogger("precall.templates")
STARTERS_DIR = "templates"


@dataclass(frozen=True)
class ImportOutcome:
    template: Template
    status: str  # new, updated or unchanged
    diff: TemplateDiff | None = None

    def message(self) -> str:
        t = self.template
        if self.status == "new":
            return f"Imported {t.name!r} version {t.version} ({t.item_count} assumptions)."
        if self.status == "updated" and self.diff is not None:
            return f"Updated {t.name!r} to version {t.version}: {self.diff.summary()}."
        return f"{t.name!r} version {t.version} is already in the library; nothing changed."


class TemplateRepo:
    def __init__(self, store: "Store") -> None:
        self._store = store
        self._conn = store.conn
        self._cache: dict[tuple[str, int], Template] = {}
        self._starters_checked = False

    # library ----------------------------------------------------------------
    def list(self) -> list[TemplateInfo]:
        rows = self._conn.execute(
            """SELECT t.id, t.version, t.source, coalesce(s.location, ''),
                      (SELECT count(*) FROM template_applications a WHERE a.template_id = t.id)
               FROM templates t LEFT JOIN template_subscriptions s ON s.id = t.subscription_id
               ORDER BY t.name COLLATE NOCASE, t.id"""
        ).fetchall()
        infos = []
        for template_id, version, source, location, accounts in rows:
            t = self.get(template_id, version)
            infos.append(TemplateInfo(
                id=t.id, name=t.name, version=t.version, author=t.author, updated_at=t.updated_at,
                industry=t.industry, description=t.description, source=source, item_count=t.item_count,
                roles=tuple(role.name for role in t.roles), accounts=accounts, subscription=location,
            ))
        return infos

    def get(self, template_id: str, version: int | None = None) -> Template:
        if version is None:
            found = self._conn.execute("SELECT version FROM templates WHERE id=?", [template_id]).fetchone()
            if found is None:
                raise NotFoundError(f"There is no template {template_id!r} in the library.")
            version = int(found[0])
        cached = self._cache.get((template_id, version))
        if cached is not None:
            return cached
        row = self._conn.execute(
            "SELECT body FROM template_versions WHERE template_id=? AND version=?", [template_id, version]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"The library has no version {version} of template {template_id!r}.")
        # Stored bodies were validated on the way in; only the structure is rebuilt here.
        template = template_format.template_from_document(json.loads(row[0]))
        self._cache[(template_id, version)] = template
        return template

    def find(self, name_or_id: str) -> Template:
        """A template by id or by name (case-insensitive), for the command line."""
        wanted = name_or_id.strip()
        if self._conn.execute("SELECT 1 FROM templates WHERE id=?", [wanted]).fetchone():
            return self.get(wanted)
        matches = [info for info in self.list() if info.name.casefold() == wanted.casefold()]
        if len(matches) == 1:
            return self.get(matches[0].id)
        if matches:
            raise PrecallError(f"Several templates are named {wanted!r}; use the id: "
                               + ", ".join(m.id for m in matches) + ".")
        raise NotFoundError(f"There is no template named {wanted!r}; 'precall template list' shows them.")

    def versions(self, template_id: str) -> builtins.list[int]:
        return [r[0] for r in self._conn.execute(
            "SELECT version FROM template_versions WHERE template_id=? ORDER BY version", [template_id])]

    def source_of(self, template_id: str) -> str:
        row = self._conn.execute("SELECT source FROM templates WHERE id=?", [template_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no template {template_id!r} in the library.")
        return str(row[0])

    # adding versions --------------------------------------------------------
    def import_data(self, data: bytes | str, *, source: str = "import") -> ImportOutcome:
        template = template_format.parse_template(data)  # everything checked before any write
        return self.add(template, source=source)

    def import_file(self, path: Path | str) -> ImportOutcome:
        template = template_format.read_template_file(path)
        return self.add(template, source="import")

    def add(self, template: Template, *, source: str = "import", subscription_id: int | None = None,
            allow_older: bool = False) -> ImportOutcome:
        """Store ``template`` as a new template or a newer version of one, all or nothing."""
        body = template_format.dump_template(template)
        with self._store.write():
            now = self._store.now_iso()
            current = self._conn.execute("SELECT version FROM templates WHERE id=?", [template.id]).fetchone()
            existing = self._conn.execute(
                "SELECT body FROM template_versions WHERE template_id=? AND version=?", [template.id, template.version]
            ).fetchone()
            if existing is not None:
                if existing[0] != body:
                    raise ValidationError(
                        f"The library already has a different version {template.version} of {template.name!r} "
                        f"({template.id}). Its author should raise the version number when changing it.", "version")
                if current is not None and template.version <= current[0]:
                    return ImportOutcome(template, "unchanged")
            if current is not None and template.version < current[0] and not allow_older:
                raise ValidationError(
                    f"{template.name!r} version {template.version} is older than version {current[0]} in the library; "
                    "nothing was imported.", "version")
            if current is None:
                self._conn.execute(
                    "INSERT INTO templates(id, version, name, source, subscription_id, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [template.id, template.version, template.name, source, subscription_id, now, now],
                )
                self._insert_version(template, body, now)
                return ImportOutcome(template, "new")
            if existing is None:
                self._insert_version(template, body, now)
            if template.version > current[0]:
                previous = self.get(template.id, current[0])
                self._conn.execute(
                    "UPDATE templates SET version=?, name=?, subscription_id=coalesce(?, subscription_id),"
                    " updated_at=? WHERE id=?",
                    [template.version, template.name, subscription_id, now, template.id],
                )
                return ImportOutcome(template, "updated", diff_templates(previous, template))
            return ImportOutcome(template, "unchanged")

    def _insert_version(self, template: Template, body: str, now: str) -> None:
        self._conn.execute(
            "INSERT INTO template_versions(template_id, version, body, stored_at) VALUES (?, ?, ?, ?)",
            [template.id, template.version, body, now],
        )

    def save_edit(self, template: Template, author: str | None = None) -> Template:
        """Save a manager's edit as the next version (a new id makes a new template)."""
        with self._store.write():
            latest = self._conn.execute("SELECT max(version) FROM template_versions WHERE template_id=?",
                                        [template.id]).fetchone()[0]
            edited = replace(template, version=(latest or 0) + 1, updated_at=self._store.now_iso(),
                             author=author if author is not None else template.author)
            # The same checks as an imported file, so an edit can always be exported and re-imported.
            checked = template_format.parse_template(template_format.dump_template(edited))
            self.add(checked, source="local" if latest is None else self.source_of(template.id))
        return checked

    def delete(self, template_id: str) -> None:
        with self._store.write():
            if not self._conn.execute("SELECT 1 FROM templates WHERE id=?", [template_id]).fetchone():
                raise NotFoundError(f"There is no template {template_id!r} in the library.")
            self._conn.execute("DELETE FROM templates WHERE id=?", [template_id])
        self._cache = {k: v for k, v in self._cache.items() if k[0] != template_id}

    def ensure_starters(self) -> int:
        """Offer the bundled starter templates once each (and their newer versions)."""
        if self._starters_checked:
            return 0  # the bundled files do not change while Precall runs
        added = 0
        folder = resources.resources_root() / STARTERS_DIR
        for path in sorted(folder.glob("*.json")):
            template = template_format.read_template_file(path)
            state_key = f"builtin:{template.id}"
            with self._store.write():
                offered = self._conn.execute("SELECT value FROM template_state WHERE key=?", [state_key]).fetchone()
                if offered is not None and int(offered[0]) >= template.version:
                    continue
                present = self._conn.execute("SELECT source FROM templates WHERE id=?", [template.id]).fetchone()
                if offered is None or (present is not None and present[0] == "builtin"):
                    outcome = self.add(template, source="builtin", allow_older=True)
                    added += outcome.status != "unchanged"
                self._conn.execute("INSERT OR REPLACE INTO template_state(key, value) VALUES (?, ?)",
                                   [state_key, str(template.version)])
        self._starters_checked = True
        return added

    # accounts ---------------------------------------------------------------
    def applications(self, account_id: int | None = None, template_id: str | None = None) -> builtins.list[Application]:
        where: builtins.list[str] = []
        args: builtins.list[int | str] = []
        if account_id is not None:
            where.append("a.account_id=?")
            args.append(account_id)
        if template_id is not None:
            where.append("a.template_id=?")
            args.append(template_id)
        sql = ("SELECT a.account_id, c.name, a.template_id, t.name, a.version, t.version, a.applied_at"
               " FROM template_applications a JOIN templates t ON t.id=a.template_id"
               " JOIN accounts c ON c.id=a.account_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [Application(*row) for row in self._conn.execute(sql + " ORDER BY c.name, t.name", args)]

    def linked_items(self, account_id: int, template_id: str) -> builtins.list[LinkedItem]:
        return [LinkedItem(*row) for row in self._store.matrix.template_items(account_id, template_id)]

    def plan(self, account_id: int, template_id: str, version: int | None = None) -> ApplyPlan:
        self._store.accounts.get(account_id)
        template = self.get(template_id, version)
        applied = self._conn.execute(
            "SELECT version FROM template_applications WHERE account_id=? AND template_id=?", [account_id, template_id]
        ).fetchone()
        previous = None
        if applied is not None:
            try:
                previous = self.get(template_id, applied[0])
            except NotFoundError:
                log.warning("version %s of %s is gone; planning as a first apply", applied[0], template_id)
        return plan_apply(account_id, template, previous, self.linked_items(account_id, template_id))

    def apply(self, account_id: int, template_id: str, version: int | None = None) -> ApplyPlan:
        with self._store.write():
            plan = self.plan(account_id, template_id, version)
            self._execute(plan, self.get(template_id, plan.version))
        return plan

    def apply_many(self, account_ids: Iterable[int], template_id: str, version: int | None = None,
                   progress: Progress | None = None, *, backup_first: bool = False) -> builtins.list[ApplyPlan]:
        """Apply to several accounts in one transaction; cancelling leaves all of them as they were.

        ``backup_first`` makes a verified backup before a change this wide (a failed backup
        raises and nothing is applied).
        """
        ids = list(account_ids)
        plans = []
        if backup_first and ids:
            from precall.store.backup_rotation import backup_and_rotate

            backup_and_rotate(self._conn, self._store.path, self._store.clock)
        with self._store.write():
            for done, account_id in enumerate(ids):
                if progress is not None:
                    progress.check()
                    progress.report(done, len(ids), "Applying the template")
                plans.append(self.apply(account_id, template_id, version))
        if progress is not None:
            progress.report(len(ids), len(ids), "Done")
        return plans

    def checklist_additions(self, account_id: int) -> builtins.list[dict[str, str]]:
        """Checklist items from the templates applied to this account (text and moment)."""
        seen: set[str] = set()
        additions = []
        for application in self.applications(account_id=account_id):
            for entry in self.get(application.template_id, application.version).checklist:
                if entry.text.casefold() not in seen:
                    seen.add(entry.text.casefold())
                    additions.append({"text": entry.text, "moment": entry.moment.value})
        return additions

    # executing a plan -------------------------------------------------------
    def _execute(self, plan: ApplyPlan, template: Template) -> None:
        """Write ``plan`` to the account through the matrix repo: bulk inserts, then
        moves, rewrites, relabels and removals."""
        account_id, matrix = plan.account_id, self._store.matrix
        now = self._store.now_iso()
        origin = origin_for(template.id, template.version)
        row_labels = {row.key: row.label for row in template.rows}
        existing_rows = matrix.rows(account_id)
        row_ids: dict[str, int] = {}
        role_ids: dict[str, int] = {}

        def row_id(key: str) -> int:
            # The template's row is the account's row with the same key or, failing that,
            # the same name (a rep's own "Budget cycle" row is the template's too).
            if key not in row_ids:
                label = row_labels[key]
                found = next((r for r in existing_rows if r.key == key), None) or next(
                    (r for r in existing_rows if r.label.casefold() == label.casefold()), None)
                row_ids[key] = found.id if found else matrix.ensure_row(account_id, key, label).id
            return row_ids[key]

        def role_id(name: str) -> int:
            # Only roles that receive items are ensured on an update, so a column the rep
            # renamed or removed is not silently brought back.
            if name.casefold() not in role_ids:
                role_ids[name.casefold()] = matrix.ensure_role(account_id, name).id
            return role_ids[name.casefold()]

        if plan.previous_version is None:  # a first apply lays out the template's whole grid
            for row in template.rows:
                row_id(row.key)
            for role in template.roles:
                role_id(role.name)
        next_position = matrix.cell_sizes(account_id)

        def place(role: str, row: str) -> tuple[int, int, int]:
            cell = (role_id(role), row_id(row))
            position = next_position.get(cell, 0)
            next_position[cell] = position + 1
            return cell[0], cell[1], position

        matrix.add_template_items(account_id, template.id, origin, [
            NewLinkedItem(*place(p.role, p.item.row), p.item.text, p.item.note, p.item.keywords, p.key)
            for p in plan.adds])
        matrix.follow_template(
            origin,
            moves=[LinkedItemMove(u.current.id, *place(u.target.role, u.target.item.row))
                   for u in plan.updates if "role" in u.fields or "row" in u.fields],
            edits=[LinkedItemEdit(u.current.id, u.target.item.text, u.target.item.keywords, u.target.item.note)
                   for u in plan.updates],
            relabels=[item.id for item in plan.relabel],
            removals=[item.id for item in plan.removes],
        )
        self._conn.execute(
            "INSERT INTO template_applications(account_id, template_id, version, applied_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(account_id, template_id) DO UPDATE SET version=excluded.version, applied_at=excluded.applied_at",
            [account_id, template.id, template.version, now],
        )
        if plan.previous_version is None or plan.previous_version != template.version:
            self._add_research_sources(account_id, template)

    def _add_research_sources(self, account_id: int, template: Template) -> None:
        """Hand the template's sources to the research area: account-scoped ones to the
        account, industry-scoped ones to the account's industry (or, for an account with
        none yet, the template's), so every account in that industry sees them.
        ``sources.ensure`` skips sources it already has."""
        if not template.research_sources:
            return
        store = self._store
        account = store.accounts.get(account_id)
        industry_name = account.industry or template.industry
        industry_id = store.accounts.ensure_industry(industry_name) if industry_name else None
        for spec in template.research_sources:
            owner: dict[str, int] = {}
            if spec.scope is SourceScope.ACCOUNT or industry_id is None:
                owner["account_id"] = account_id  # with no industry to hang it on, it stays with the account
            else:
                owner["industry_id"] = industry_id
            try:
                store.sources.ensure(spec.url, kind=spec.kind.value, label=spec.title, **owner)
            except ValidationError as exc:  # validated on import already; a refusal here is logged, not fatal
                log.warning("template %s: research source %s not added: %s", template.id, spec.url, exc)
