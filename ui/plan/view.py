"""The "Plan" meeting tab: the customer's payoff, the call to action or a relationship
purpose, questions drawn from the matrix, a risky gift, and the trust self-check.

Every edit is saved as the rep types (after a short pause) through the database worker.
The trust score and the gentle warning are worked out live, on the GUI thread, from
what is on screen: no round trip needed for arithmetic.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from precall.plans.model import TRUST_FIELDS, CallPlan, Question, plan_warnings, trust_score
from precall.plans.questions import questions_for_meeting
from ui.changes import Area, OpChanges
from ui.plan.common import MeetingEditorTab, inline_failure, scrolling_pages, show_status, status_label

if TYPE_CHECKING:
    from precall.store import Store
    from ui.context import AppContext

log = logging.getLogger("precall.ui.plan")

_TEXT_FIELDS = ("customer_benefit", "best_commitment", "min_commitment", "relationship_purpose", "risky_gift")
_TRUST_LABELS = {
    "credibility": "Credibility",
    "reliability": "Reliability",
    "intimacy": "Intimacy",
    "self_orientation": "Self-orientation",
}
_TRUST_HINTS = {
    "credibility": "Do they believe what you say about your field?",
    "reliability": "Have you done what you said you would?",
    "intimacy": "Would they tell you what really worries them?",
    "self_orientation": "How much are you focused on your own goals rather than theirs? (lower is better)",
}


def trust_text(values: dict[str, int | None]) -> str:
    score = trust_score(*(values[name] for name in TRUST_FIELDS))
    if score is None:
        return "Trust (C + R + I) / S: rate all four to see it."
    shown = f"{score:.2f}".rstrip("0").rstrip(".")
    return f"Trust (C + R + I) / S = {shown}"


class PlanView(MeetingEditorTab):
    title = "Plan"

    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._loading = False
        self.setAccessibleName("Call plan")

        self._stack, body, layout = scrolling_pages(self, "Choose a meeting to plan it.")

        self.warning = status_label(body, "Plan warning")
        self.warning.setStyleSheet("background: #fff6d6; color: #6b5300; padding: 6px; border-radius: 4px;")
        layout.addWidget(self.warning)
        self.error = status_label(body, "Plan error")
        self.error.setStyleSheet("color: #a40000;")
        layout.addWidget(self.error)

        purpose = QGroupBox("Purpose: what does the customer get out of this meeting?", body)
        form = QFormLayout(purpose)
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.fields["customer_benefit"] = self._text_edit(
            "customer_benefit",
            "What will the customer be able to do with what they learn?", "Customer benefit", 70)
        form.addRow("Customer &benefit", self.fields["customer_benefit"])
        self.fields["best_commitment"] = self._line_edit("best_commitment", "The best commitment you hope for", "Best commitment")
        form.addRow("Call to action: &best", self.fields["best_commitment"])
        self.fields["min_commitment"] = self._line_edit("min_commitment", "The minimum you would accept", "Minimum commitment")
        form.addRow("Call to action: &minimum", self.fields["min_commitment"])
        self.fields["relationship_purpose"] = self._line_edit(
            "relationship_purpose",
            "Or: why this meeting matters for the relationship", "Relationship purpose")
        form.addRow("Or a &relationship purpose", self.fields["relationship_purpose"])
        layout.addWidget(purpose)

        questions = QGroupBox("Questions to ask (from the matrix, per attendee's role, and your own)", body)
        q_layout = QVBoxLayout(questions)
        self.questions = QListWidget(questions)
        self.questions.setAccessibleName("Questions to ask")
        self.questions.setWordWrap(True)
        self.questions.setMaximumHeight(180)
        q_layout.addWidget(self.questions)
        add_row = QHBoxLayout()
        self.new_question = QLineEdit(questions)
        self.new_question.setPlaceholderText("Add a question for this meeting only, then press Enter")
        self.new_question.setAccessibleName("New question")
        self.new_question.returnPressed.connect(self._add_question)
        self.add_question_button = QPushButton("&Add question", questions)
        self.add_question_button.clicked.connect(self._add_question)
        self.remove_question_button = QPushButton("Remove", questions)
        self.remove_question_button.setToolTip("Remove the selected question you added (matrix questions live in the matrix)")
        self.remove_question_button.clicked.connect(self._remove_question)
        QShortcut(QKeySequence.StandardKey.Delete, self.questions, self._remove_question)
        add_row.addWidget(self.new_question, 1)
        add_row.addWidget(self.add_question_button)
        add_row.addWidget(self.remove_question_button)
        q_layout.addLayout(add_row)
        layout.addWidget(questions)

        gift = QGroupBox("Risky gift (optional)", body)
        g_layout = QVBoxLayout(gift)
        self.fields["risky_gift"] = self._text_edit(
            "risky_gift",
            "An insight or a sample tailored to this client, that they did not ask for", "Risky gift", 60)
        g_layout.addWidget(self.fields["risky_gift"])
        layout.addWidget(gift)

        trust = QGroupBox("Trust self-check (optional, 1 to 10 each)", body)
        t_form = QFormLayout(trust)
        self.trust: dict[str, QSpinBox] = {}
        for name in TRUST_FIELDS:
            spin = QSpinBox(trust)
            spin.setRange(0, 10)
            spin.setMaximumWidth(90)
            spin.setSpecialValueText("–")  # 0 shows as "not rated"
            spin.setAccessibleName(_TRUST_LABELS[name])
            spin.setToolTip(_TRUST_HINTS[name])
            spin.valueChanged.connect(lambda value, name=name: self._trust_changed(name, value))
            self.trust[name] = spin
            t_form.addRow(_TRUST_LABELS[name], spin)
        self.trust_score = QLabel(trust_text(dict.fromkeys(TRUST_FIELDS)), trust)
        self.trust_score.setAccessibleName("Trust score")
        t_form.addRow(self.trust_score)
        layout.addWidget(trust)
        layout.addStretch(1)

    def _clear(self) -> None:
        self._stack.setCurrentIndex(0)

    # building blocks ----------------------------------------------------------------
    def _line_edit(self, field: str, placeholder: str, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(name)
        edit.textEdited.connect(lambda _text: self._edited(field))
        edit.editingFinished.connect(self._saves.flush)
        return edit

    def _text_edit(self, field: str, placeholder: str, name: str, height: int) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(name)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(height)
        edit.textChanged.connect(lambda: self._edited(field))
        return edit

    def _text(self, name: str) -> str:
        widget = self.fields[name]
        return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()

    def _trust_values(self) -> dict[str, int | None]:
        return {name: (spin.value() or None) for name, spin in self.trust.items()}

    # loading ------------------------------------------------------------------------
    def _load(self) -> None:
        meeting_id = self._meeting_id
        if meeting_id is None:  # callers load only while a meeting is shown
            return

        def read(store: "Store") -> tuple[CallPlan, list[Question]]:
            return store.plans.get(meeting_id), questions_for_meeting(store, meeting_id)

        def show(result: tuple[CallPlan, list[Question]]) -> None:
            if meeting_id == self._meeting_id:
                self._show(*result)

        self.ctx.tasks.db(read, owner=self).latest("load").success(show).failure(
            inline_failure(self.error, "Could not load the plan")).run()

    def _show(self, plan: CallPlan, questions: list[Question]) -> None:
        self._loading = True
        try:
            for name in _TEXT_FIELDS:
                widget, value = self.fields[name], getattr(plan, name)
                if self._text(name) != value and not (widget.hasFocus() and self._saves.has_pending()):
                    if isinstance(widget, QLineEdit):
                        widget.setText(value)
                    else:
                        widget.setPlainText(value)
            for name, spin in self.trust.items():
                spin.setValue(getattr(plan, name) or 0)
        finally:
            self._loading = False
        self._show_questions(questions)
        self._refresh_derived()
        show_status(self.error, "")
        self._stack.setCurrentIndex(1)

    def _show_questions(self, questions: list[Question]) -> None:
        self.questions.clear()
        for question in questions:
            label = f"{question.role}: {question.text}" if question.role else f"Yours: {question.text}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, question.extra_id)
            item.setToolTip("From the matrix" if question.item_id is not None else "Added for this meeting")
            self.questions.addItem(item)
        if not questions:
            self.questions.addItem(QListWidgetItem(
                "No questions yet: add some to the matrix's 'Questions to ask' row for the attendees' roles, or below."))

    def _refresh_derived(self) -> None:
        plan = CallPlan(0, customer_benefit=self._text("customer_benefit"),
                        best_commitment=self._text("best_commitment"), min_commitment=self._text("min_commitment"),
                        relationship_purpose=self._text("relationship_purpose"), risky_gift=self._text("risky_gift"))
        show_status(self.warning, "\n".join(plan_warnings(plan)))
        self.trust_score.setText(trust_text(self._trust_values()))

    # editing ------------------------------------------------------------------------
    def _edited(self, name: str) -> None:
        if self._loading or self._meeting_id is None:
            return
        self._saves.push(f"{self._meeting_id}:{name}", self._text(name))
        self._refresh_derived()

    def _trust_changed(self, name: str, value: int) -> None:
        self.trust_score.setText(trust_text(self._trust_values()))
        if not self._loading and self._meeting_id is not None:
            self._saves.push(f"{self._meeting_id}:{name}", value or None)

    def _save(self, key: str, value: Any) -> None:
        meeting, name = key.split(":", 1)
        meeting_id = int(meeting)
        self._write(lambda store: store.plans.update(meeting_id, **{name: value}), meeting_id)

    def _write(self, fn: Any, meeting_id: int, reload: bool = False) -> None:
        def saved(_result: object) -> None:
            show_status(self.error, "")
            if reload and meeting_id == self._meeting_id:
                self._load()

        self.ctx.tasks.db(fn, owner=self).changes(Area.PLANS, Area.MEETINGS, meeting_id=meeting_id).success(
            saved).failure(inline_failure(self.error, "Not saved")).run()

    def _add_question(self) -> None:
        text, meeting_id = self.new_question.text(), self._meeting_id
        if meeting_id is None or not text.strip():
            return
        self.new_question.clear()
        self._write(lambda store: store.plans.add_question(meeting_id, text), meeting_id, reload=True)

    def _remove_question(self) -> None:
        item, meeting_id = self.questions.currentItem(), self._meeting_id
        extra_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if extra_id is None or meeting_id is None:
            show_status(self.error, "Select a question you added; questions from the matrix are edited in the matrix.")
            return
        self._write(lambda store: store.plans.remove_question(int(extra_id)), meeting_id, reload=True)

    def _on_changed(self, changes: OpChanges, initiator: object) -> None:
        if initiator is self or self._meeting_id is None:
            return
        relevant = changes.touches(Area.PLANS, Area.MATRIX, Area.ACCOUNTS) or (
            changes.touches(Area.MEETINGS) and changes.meeting_id in (None, self._meeting_id))
        if relevant and not self._saves.has_pending():
            self._load()


def plan_tab(ctx: "AppContext") -> PlanView:
    return PlanView(ctx)
