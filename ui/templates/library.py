"""The template library as an item model: one row per template, newest version."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from precall.templates.model import TemplateInfo

log = logging.getLogger("precall.ui.templates")
Index = QModelIndex | QPersistentModelIndex
TemplateIdRole = Qt.ItemDataRole.UserRole + 1

_SOURCES = {"builtin": "starter template", "import": "imported", "subscription": "from a subscription",
            "local": "written here"}


class TemplateLibraryModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._infos: list[TemplateInfo] = []

    def set_templates(self, infos: list[TemplateInfo]) -> None:
        self.beginResetModel()
        self._infos = list(infos)
        self.endResetModel()

    def info_at(self, row: int) -> TemplateInfo | None:
        return self._infos[row] if 0 <= row < len(self._infos) else None

    def row_of(self, template_id: str) -> int:
        return next((n for n, info in enumerate(self._infos) if info.id == template_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self._infos)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        info = self.info_at(index.row()) if index.isValid() else None
        if info is None:
            return None
        try:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{info.name}\nversion {info.version} · {info.item_count} assumptions" + (
                    f" · {info.accounts} account{'s' if info.accounts != 1 else ''}" if info.accounts else "")
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{info.name}, version {info.version}, {info.item_count} assumptions"
            if role == Qt.ItemDataRole.ToolTipRole:
                lines = [info.description or info.name, f"Roles: {', '.join(info.roles)}",
                         f"By {info.author or 'unknown'}; {_SOURCES.get(info.source, info.source)}"]
                if info.subscription:
                    lines.append(f"Follows {info.subscription}")
                return "\n".join(lines)
            if role == TemplateIdRole:
                return info.id
        except Exception:  # data() never raises: a broken row shows empty, the log says why
            log.exception("cannot show template %s", info.id)
        return None
