"""The placements area (Vorgänge): every placement, and for the selected one its state, the next steps
as buttons, the timeline of what happened and the documents produced for it.

Each step goes through `placements.advance` (or `placement_lease.draft_lease`) with the version the
page loaded, so a step someone else took in between is refused instead of overwritten. A step opens a
short dialog for what it needs (a viewing date, a reason, the lease data) and a note; errors appear at
the field and the dialog stays open with the input. A step and an edit of the lease data can be undone
(Bearbeiten › Rückgängig): the core takes the step back with a reversal event, the timeline keeps both.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QDateTime, QSettings, Qt, QTime, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from matcher.core import formatting
from matcher.core.enums import DeclineReason, DocumentKind, LeaseKind, PlacementState
from matcher.core.errors import MatcherError, ValidationFailed
from matcher.core.services import placement_lease, placement_views, placements, queries
from matcher.core.services.placement_views import PlacementDetail
from matcher.ui import window_state
from matcher.ui.context import AppContext, Entity
from matcher.ui.labels import label, label_of
from matcher.ui.list_page import read_only_table
from matcher.ui.placement_models import PlacementTableModel, list_rows, local_time
from matcher.ui.undo import PlacementStepCommand, placement_version, remember_placement_version
from matcher.ui.workers import run_in_background

S = PlacementState
EMPTY_DATE = QDate(2000, 1, 1)
"""QDateEdit cannot be empty: its minimum date stands for "not set" and shows as a dash."""


def error_lines(exc: ValidationFailed) -> str:
    return "\n".join(f"{e.label}: {e.message}" if e.label else e.message for e in exc.errors)


class DateField(QDateEdit):
    """A date typed as TT.MM.JJJJ with a calendar popup; may be empty ("–") when `optional`."""

    def __init__(self, optional: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd.MM.yyyy")
        self.setMinimumDate(EMPTY_DATE)
        self.setMaximumDate(QDate(2100, 12, 31))
        self._optional = optional
        if optional:
            self.setSpecialValueText("–")
        self.set_value(None)

    def value(self) -> date | None:
        current = self.date()
        if self._optional and current == EMPTY_DATE:
            return None
        return date(current.year(), current.month(), current.day())

    def set_value(self, value: date | None) -> None:
        if value is None:
            self.setDate(EMPTY_DATE if self._optional else QDate.currentDate())
        else:
            self.setDate(QDate(value.year, value.month, value.day))


class FieldMessage(QLabel):
    """One line under a field saying what is wrong with it (empty and hidden while all is well)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: palette(bright-text); background: #b3261e; padding: 2px 4px; border-radius: 3px;")
        self.hide()

    def set_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class FormWithMessages(QWidget):
    """A QFormLayout whose fields each carry a FieldMessage underneath, keyed by the core's field name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.messages: dict[str, FieldMessage] = {}

    def add(self, name: str, text: str, field: QWidget) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        message = FieldMessage()
        column.addWidget(message)
        self.form.addRow(text, holder)
        self.fields[name] = field
        self.messages[name] = message
        return field

    def show_errors(self, errors: Mapping[str, list[str]]) -> list[str]:
        """Messages at their fields; returns those for fields this form does not have."""
        for name, message in self.messages.items():
            message.set_message("\n".join(errors.get(name, [])))
        return [text for name, texts in errors.items() if name not in self.messages for text in texts]

    def message(self, name: str) -> str:
        widget = self.messages.get(name)
        return widget.text() if widget is not None and widget.isVisibleTo(self) else ""


class LeaseForm(FormWithMessages):
    """The lease data a contract prints: kind, start, move-in, fixed term with § 575 reason, membership."""

    changed = Signal()

    def __init__(self, detail: PlacementDetail, for_draft: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._for_draft = for_draft
        self.lease_kind = QComboBox()
        for kind in LeaseKind:
            self.lease_kind.addItem(label(kind), kind.value)
        self.lease_kind.setCurrentIndex(self.lease_kind.findData(detail.lease_kind))
        self.lease_start = DateField()
        self.planned_move_in = DateField()
        self.cost_approval_on = DateField()
        self.cost_approval_on.setToolTip(self.tr("Date of the benefit office's prior approval of the rent"))
        self.fixed_term_end = DateField()
        self.fixed_term_end.setToolTip(self.tr("Leave empty for an unlimited lease (the normal case)."))
        self.fixed_term_reason = QPlainTextEdit()
        self.fixed_term_reason.setTabChangesFocus(True)
        self.fixed_term_reason.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.reasons = QPushButton(self.tr("Legal reasons"))  # a push button sizes itself around the arrow
        menu = QMenu(self.reasons)
        for number, text in enumerate(placement_lease.FIXED_TERM_REASONS, start=1):
            action = menu.addAction(self.tr("§ 575 (1) no. %1").replace("%1", str(number)))
            action.setToolTip(text)
            action.triggered.connect(lambda _=False, t=text: self.fixed_term_reason.setPlainText(t))
        self.reasons.setMenu(menu)
        self.membership_number = QLineEdit(maxLength=40)
        self.shares_paid_by = QLineEdit(maxLength=200)
        self.direct_payment = QCheckBox(self.tr("The benefit office pays the rent directly to the landlord"))
        self.add("lease_kind", self.tr("Contract"), self.lease_kind)
        self.add("lease_start", self.tr("Lease start"), self.lease_start)
        self.add("planned_move_in", self.tr("Planned move-in"), self.planned_move_in)
        self.add("cost_approval_on", self.tr("Cost approval on"), self.cost_approval_on)
        self.add("fixed_term_end", self.tr("Fixed term until"), self.fixed_term_end)
        reason_row = QWidget()
        row = QHBoxLayout(reason_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.fixed_term_reason, 1)
        row.addWidget(self.reasons, 0, Qt.AlignmentFlag.AlignTop)
        self.add("fixed_term_reason", self.tr("Reason for the fixed term (§ 575 BGB)"), reason_row)
        self.fields["fixed_term_reason"] = self.fixed_term_reason
        self.add("membership_number", self.tr("Membership number"), self.membership_number)
        self.add("shares_paid_by", self.tr("Shares funded by"), self.shares_paid_by)
        self.add("direct_payment", "", self.direct_payment)
        self.set_values(detail)
        for signal in (
            self.lease_kind.currentIndexChanged,
            self.lease_start.dateChanged,
            self.planned_move_in.dateChanged,
            self.cost_approval_on.dateChanged,
            self.fixed_term_end.dateChanged,
            self.fixed_term_reason.textChanged,
            self.membership_number.textChanged,
            self.shares_paid_by.textChanged,
            self.direct_payment.toggled,
        ):
            signal.connect(self._changed)
        self._update_visibility()

    def set_values(self, detail: PlacementDetail | Mapping[str, Any]) -> None:
        get = detail.get if isinstance(detail, Mapping) else lambda name: getattr(detail, name)
        self.lease_kind.setCurrentIndex(max(0, self.lease_kind.findData(str(get("lease_kind")))))
        self.lease_start.set_value(get("lease_start"))
        self.planned_move_in.set_value(get("planned_move_in"))
        self.cost_approval_on.set_value(get("cost_approval_on"))
        self.fixed_term_end.set_value(get("fixed_term_end"))
        self.fixed_term_reason.setPlainText(get("fixed_term_reason") or "")
        self.membership_number.setText(get("membership_number") or "")
        self.shares_paid_by.setText(get("shares_paid_by") or "")
        self.direct_payment.setChecked(bool(get("direct_payment")))

    def values(self) -> dict[str, Any]:
        return {
            "lease_kind": self.lease_kind.currentData(),
            "lease_start": self.lease_start.value(),
            "planned_move_in": self.planned_move_in.value(),
            "cost_approval_on": self.cost_approval_on.value(),
            "fixed_term_end": self.fixed_term_end.value(),
            "fixed_term_reason": self.fixed_term_reason.toPlainText(),
            "membership_number": self.membership_number.text(),
            "shares_paid_by": self.shares_paid_by.text(),
            "direct_payment": self.direct_payment.isChecked(),
        }

    def _changed(self) -> None:
        self._update_visibility()
        self.validate()
        self.changed.emit()

    def validate(self) -> bool:
        """Check as the caseworker types (the core's own check, no database): messages at the fields."""
        _, errors = placement_lease.check_lease_data(self.values(), for_draft=self._for_draft)
        by_field: dict[str, list[str]] = {}
        for error in errors:
            by_field.setdefault(error.field, []).append(error.message)
        self.show_errors(by_field)
        return not errors

    def _update_visibility(self) -> None:
        cooperative = self.lease_kind.currentData() == LeaseKind.USAGE_AGREEMENT
        for name in ("membership_number", "shares_paid_by"):
            self.form.setRowVisible(self.fields[name].parentWidget(), cooperative)


STEP_BUTTONS = {
    S.OFFERED: QT_TRANSLATE_NOOP("PlacementsPage", "Send offer…"),
    S.VIEWING: QT_TRANSLATE_NOOP("PlacementsPage", "Arrange viewing…"),
    S.ACCEPTED: QT_TRANSLATE_NOOP("PlacementsPage", "Record acceptance…"),
    S.DECLINED: QT_TRANSLATE_NOOP("PlacementsPage", "Record refusal…"),
    S.LEASE_DRAFTED: QT_TRANSLATE_NOOP("PlacementsPage", "Draft lease…"),
    S.SIGNED: QT_TRANSLATE_NOOP("PlacementsPage", "Mark as signed…"),
    S.MOVED_IN: QT_TRANSLATE_NOOP("PlacementsPage", "Mark as moved in…"),
    S.CANCELLED: QT_TRANSLATE_NOOP("PlacementsPage", "Cancel placement…"),
}


class StepDialog(QDialog):
    """One step of the workflow: what it needs, an optional note, and a warning that it is final."""

    submitted = Signal()

    def __init__(self, step: PlacementState, detail: PlacementDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.detail = detail
        self.setWindowTitle(self._title())
        self.lease: LeaseForm | None = None
        self.viewing_at: QDateTimeEdit | None = None
        self.decline_reason: QComboBox | None = None
        self.planned_move_in: DateField | None = None
        intro = QLabel(self._intro())
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if step == S.LEASE_DRAFTED:
            self.lease = LeaseForm(detail, for_draft=True)
        # One form for everything the step asks, so labels and fields line up in one column.
        self.fields: FormWithMessages = self.lease if self.lease is not None else FormWithMessages()
        self._step_fields()
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.note.setPlaceholderText(self.tr("Optional: what was agreed, with whom"))
        self.fields.add("note", self.tr("Note"), self.note)
        layout.addWidget(self.fields)
        final = QLabel(
            self.tr("The step is recorded in the timeline. Edit › Undo takes it back as long as nothing else happened.")
        )
        final.setEnabled(False)
        final.setWordWrap(True)
        layout.addWidget(final)
        self.problem = FieldMessage()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.confirm = buttons.addButton(self._verb(), QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submitted.emit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * (96 if self.lease else 70))

    def _step_fields(self) -> None:
        if self.step == S.VIEWING:
            when = QDateTimeEdit(QDateTime(QDate.currentDate().addDays(1), QTime(10, 0)))
            when.setCalendarPopup(True)
            when.setDisplayFormat("dd.MM.yyyy HH:mm")
            self.viewing_at = when
            self.fields.add("viewing_at", self.tr("Viewing on"), when)
        elif self.step == S.DECLINED:
            reason = QComboBox()
            reason.addItem(self.tr("Please choose…"), None)
            for member in DeclineReason:
                reason.addItem(label(member), member.value)
            self.decline_reason = reason
            self.fields.add("decline_reason", self.tr("Reason"), reason)
        elif self.step in (S.ACCEPTED, S.SIGNED, S.MOVED_IN):
            self.planned_move_in = DateField()
            self.planned_move_in.set_value(self.detail.planned_move_in)
            text = self.tr("Moved in on") if self.step == S.MOVED_IN else self.tr("Planned move-in")
            self.fields.add("planned_move_in", text, self.planned_move_in)

    def _title(self) -> str:
        return self.tr("Placement %1: %2").replace("%1", str(self.detail.id)).replace("%2", label(self.step))

    def _verb(self) -> str:
        verbs = {
            S.OFFERED: self.tr("Send offer"),
            S.VIEWING: self.tr("Arrange viewing"),
            S.ACCEPTED: self.tr("Record acceptance"),
            S.DECLINED: self.tr("Record refusal"),
            S.LEASE_DRAFTED: self.tr("Save lease draft"),
            S.SIGNED: self.tr("Mark as signed"),
            S.MOVED_IN: self.tr("Record move-in"),
            S.CANCELLED: self.tr("Cancel placement"),
        }
        return verbs[self.step]

    def _intro(self) -> str:
        who = f"{self.detail.case_number} · {self.detail.flat_address}, {self.detail.municipality}"
        texts = {
            S.OFFERED: self.tr("Offer the flat to the household (%1)."),
            S.VIEWING: self.tr("Arrange a viewing of the flat for the household (%1)."),
            S.ACCEPTED: self.tr("The household accepts the flat (%1). The flat is then reserved for it."),
            S.DECLINED: self.tr("The placement ends with a refusal (%1). Choose the reason; it is counted."),
            S.LEASE_DRAFTED: self.tr("Enter the lease data for the contract (%1)."),
            S.SIGNED: self.tr("The lease has been signed by all parties (%1)."),
            S.MOVED_IN: self.tr("The household has moved in (%1). The flat is then let."),
            S.CANCELLED: self.tr("Cancel this placement (%1). Flat and household become free again."),
        }
        return texts[self.step].replace("%1", who)

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {"note": self.note.toPlainText()}
        if self.viewing_at is not None:
            values["viewing_at"] = self.viewing_at.dateTime().toPython()
        if self.decline_reason is not None:
            values["decline_reason"] = self.decline_reason.currentData()
        if self.planned_move_in is not None and self.planned_move_in.value() is not None:
            values["planned_move_in"] = self.planned_move_in.value()
        return values

    def show_errors(self, exc: ValidationFailed) -> None:
        by_field: dict[str, list[str]] = {}
        for error in exc.errors:
            by_field.setdefault(error.field, []).append(error.message)
        self.show_problem("\n".join(self.fields.show_errors(by_field)))

    def show_problem(self, text: str) -> None:
        self.problem.set_message(text)


class LeaseDataCommand(QUndoCommand):
    """Undoable change of a placement's lease data (the steps are undone by `PlacementStepCommand`)."""

    def __init__(
        self, page: PlacementsPage, placement_id: int, before: dict[str, Any], after: dict[str, Any], version: int
    ) -> None:
        text = QCoreApplication.translate("PlacementsPage", "Change lease data of placement %1")
        super().__init__(text.replace("%1", str(placement_id)))
        self._page = page
        self._id = placement_id
        self._before, self._after = before, after
        self.version = version  # the placement's version after our last write: undo refuses if it moved on
        self._saved = True  # pushed after saving: the stack's first redo() has nothing to do
        remember_placement_version(page.context, placement_id, version)

    def redo(self) -> None:
        if self._saved:
            self._saved = False
            return
        self._apply(self._after)

    def undo(self) -> None:
        self._apply(self._before)

    def _apply(self, values: dict[str, Any]) -> None:
        context = self._page.context
        version = placement_version(context, self._id, self.version)  # steps undone meanwhile moved it on
        try:
            saved = placement_lease.update_lease_data(context.db, self._id, values, expected_version=version)
        except MatcherError as exc:
            self.setObsolete(True)
            self._page.show_message(str(exc), error=True)
            return
        self.version = saved.version
        remember_placement_version(context, self._id, saved.version)
        self._page.after_change(self._id)


class PlacementsPage(QWidget):
    """List of placements beside the selected one's state, steps, timeline and documents."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = PlacementTableModel(self)
        self.detail: PlacementDetail | None = None
        self.step_dialog: StepDialog | None = None
        self.lease_dialog: QDialog | None = None
        self.step_buttons: dict[PlacementState, QPushButton] = {}
        self._loaded = False
        self._notifying = False
        self._task: Any = None
        self._build()
        self._connect()

    # --- building --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit(clearButtonEnabled=True)
        shortcut = QKeySequence(QKeySequence.StandardKey.Find).toString(QKeySequence.SequenceFormat.NativeText)
        self.search.setPlaceholderText(self.tr("Search case number, address, no.…") + f" ({shortcut})")
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        clear = QAction(self.search, shortcut=QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self.search.clear)
        self.search.addAction(clear)
        self.state = QComboBox(toolTip=self.tr("Show only one state"))
        self.state.addItem(self.tr("All states"), None)
        for member in PlacementState:
            self.state.addItem(label(member), member.value)
        self.table = self._build_table()
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        self.empty.hide()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty, 1)
        self.pane = self._build_pane()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, childrenCollapsible=False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 6)
        filters.addWidget(self.search, 2)
        filters.addWidget(self.state)
        filters.addStretch(1)
        self.message = FieldMessage()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)

    def _build_table(self) -> QTableView:
        table = read_only_table(self.model)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        return table

    def _build_pane(self) -> QWidget:
        pane = QWidget()
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.state_label = QLabel()
        self.state_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.state_label.setStyleSheet("padding: 3px 8px; font-weight: bold;")
        self.state_label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.facts_box = QWidget()
        self.steps_title = QLabel(self.tr("Next steps"))
        bold = self.steps_title.font()
        bold.setBold(True)
        self.steps_title.setFont(bold)
        self.steps_box = QWidget()
        self.steps_row = QHBoxLayout(self.steps_box)
        self.steps_row.setContentsMargins(0, 0, 0, 0)
        self.edit_lease = QPushButton(self.tr("&Lease data…"))
        self.edit_lease.setToolTip(self.tr("Change the lease data without taking a step (can be undone)"))
        self.edit_lease.clicked.connect(self.open_lease_data)
        self.no_steps = QLabel()
        self.no_steps.setEnabled(False)
        self.no_steps.setWordWrap(True)
        self.tabs = QTabWidget()
        self.timeline = QTreeWidget()
        self.timeline.setRootIsDecorated(False)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setHeaderLabels([self.tr("When"), self.tr("Step"), self.tr("By"), self.tr("Note")])
        self.timeline.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.timeline.header().setStretchLastSection(True)
        self.tabs.addTab(self.timeline, self.tr("&Timeline"))
        self.tabs.addTab(self._build_documents_tab(), self.tr("&Documents"))
        self.hint = QLabel(self.tr("Select a placement in the list to see its state and next steps here."))
        self.hint.setEnabled(False)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.content = QWidget()
        column = QVBoxLayout(self.content)
        column.setContentsMargins(8, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.state_label, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(head)
        self.facts_holder = QVBoxLayout()
        self.facts_holder.setContentsMargins(0, 0, 0, 0)
        self.facts_holder.addWidget(self.facts_box)
        column.addLayout(self.facts_holder)
        column.addSpacing(6)
        column.addWidget(self.steps_title)
        column.addWidget(self.steps_box)
        column.addSpacing(6)
        column.addWidget(self.tabs, 1)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint, 1)
        layout.addWidget(self.content, 1)
        self.content.hide()
        return pane

    def _build_documents_tab(self) -> QWidget:
        tab = QWidget()
        self.documents = QTreeWidget()
        self.documents.setRootIsDecorated(False)
        self.documents.setAlternatingRowColors(True)
        self.documents.setHeaderLabels([self.tr("Document"), self.tr("Printed"), self.tr("By")])
        self.documents.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.documents.itemActivated.connect(self._open_document)
        self.kind = QComboBox()
        self.produce = QPushButton(self.tr("&Produce"))
        self.produce.setToolTip(self.tr("Produce the chosen document, archive it and show it in the Documents area"))
        self.produce.clicked.connect(self.produce_document)
        self.open_document = QPushButton(self.tr("Show"))
        self.open_document.setToolTip(self.tr("Show the selected document in the Documents area"))
        self.open_document.clicked.connect(lambda: self._open_document(self.documents.currentItem()))
        row = QHBoxLayout()
        row.addWidget(self.kind, 1)
        row.addWidget(self.produce)
        row.addWidget(self.open_document)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.documents, 1)
        layout.addLayout(row)
        return tab

    def _connect(self) -> None:
        self.search.textChanged.connect(self.apply_filter)
        self.state.currentIndexChanged.connect(self.apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.model.modelAboutToBeReset.connect(self._remember)
        self.model.modelReset.connect(self._restore)
        self.context.data_changed.connect(self._data_changed)
        self.context.database_switched.connect(self._database_switched)

    # --- loading and filtering -------------------------------------------------------------------

    def activate(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        self._loaded = True
        self.model.set_rows(list_rows(queries.placement_rows(self.context.db)))
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._update_empty()

    def apply_filter(self) -> None:
        self.model.set_filter(self.search.text(), None, self.state.currentData())
        self._update_empty()

    def _update_empty(self) -> None:
        nothing = self.model.rowCount() == 0
        if self.model.total_count() == 0:
            self.empty.setText(
                self.tr(
                    "No placements yet. A placement starts in the Matching area: choose a flat and a household "
                    "and prepare an offer."
                )
            )
        else:
            self.empty.setText(self.tr("No placement matches the search and the filters."))
        self.empty.setVisible(nothing)
        self.table.setVisible(not nothing)

    def _remember(self) -> None:
        self._selected = self.detail.id if self.detail is not None else None

    def _restore(self) -> None:
        selected = getattr(self, "_selected", None)
        number = -1 if selected is None else self.model.row_number_of(lambda row: row.id == selected)
        if number >= 0:
            self.table.selectRow(number)
        elif selected is not None:
            self.show_placement(selected)  # filtered out: keep showing it

    def _data_changed(self, entity: str) -> None:
        if self._notifying:  # our own news: after_change reloads once afterwards
            return
        if entity in (Entity.PLACEMENT, Entity.DOCUMENT, Entity.FLAT, Entity.HOUSEHOLD) and self._loaded:
            if self.isVisible():
                self.reload()
                if self.detail is not None:
                    self.show_placement(self.detail.id)
            else:
                self._loaded = False

    def _database_switched(self) -> None:
        self._loaded = False
        self.detail = None
        self.model.set_rows([])
        self._show_nothing()
        if self.isVisible():
            self.reload()

    # --- the selected placement ---------------------------------------------------------------------

    def _show_current(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        self.show_placement(self.model.row_at(index.row()).id)

    def show_record(self, placement_id: int) -> None:
        """Select a placement (the window calls this after e.g. the matching page created one)."""
        if not self._loaded:
            self.reload()
        number = self.model.row_number_of(lambda row: row.id == placement_id)
        if number < 0:
            self.search.clear()
            self.state.setCurrentIndex(0)
            number = self.model.row_number_of(lambda row: row.id == placement_id)
        if number >= 0:
            self.table.selectRow(number)
            self.table.scrollTo(self.model.index(number, 0))
        self.show_placement(placement_id)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def show_placement(self, placement_id: int) -> None:
        try:
            detail = placement_views.placement_detail(self.context.db, placement_id)
            events = placement_views.timeline(self.context.db, placement_id)
            documents = placement_views.document_rows(self.context.db, placement_id)
        except MatcherError as exc:
            self.show_message(str(exc), error=True)
            self._show_nothing()
            return
        self.detail = detail
        self.hint.hide()
        self.content.show()
        self.title.setText(self.tr("Placement %1 · %2").replace("%1", str(detail.id)).replace("%2", detail.case_number))
        self.state_label.setText(" " + label_of(PlacementState, detail.state) + " ")
        self._fill_facts(detail)
        self._fill_steps(detail)
        self._fill_timeline(events)
        self._fill_documents(detail, documents)

    def _show_nothing(self) -> None:
        self.detail = None
        self.content.hide()
        self.hint.show()

    def _fill_facts(self, d: PlacementDetail) -> None:
        # A fresh grid each time: labels of the previous placement must not linger until deleteLater runs.
        old, self.facts_box = self.facts_box, QWidget()
        self.facts_holder.replaceWidget(old, self.facts_box)
        old.hide()
        old.deleteLater()
        grid = QGridLayout(self.facts_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        facts = [
            (self.tr("Household"), d.applicant or d.case_number),
            (self.tr("Persons"), str(d.household_size)),
            (self.tr("Flat"), f"{d.flat_address}, {d.postcode} {d.municipality}"),
            (self.tr("Contract"), label_of(LeaseKind, d.lease_kind)),
            (self.tr("Viewing"), local_time(d.viewing_at)),
            (self.tr("Planned move-in"), formatting.day(d.planned_move_in) if d.planned_move_in else ""),
            (self.tr("Lease start"), formatting.day(d.lease_start) if d.lease_start else ""),
            (self.tr("Cost approval on"), formatting.day(d.cost_approval_on) if d.cost_approval_on else ""),
        ]
        if d.fixed_term_end is not None:
            facts.append((self.tr("Fixed term until"), formatting.day(d.fixed_term_end)))
        if d.decline_reason:
            facts.append((self.tr("Reason for refusal"), label_of(DeclineReason, d.decline_reason)))
        for n, (name, value) in enumerate(facts):
            caption = QLabel(name)
            caption.setEnabled(False)
            shown = QLabel(value or "–")
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(caption, n // 2, (n % 2) * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(shown, n // 2, (n % 2) * 2 + 1, Qt.AlignmentFlag.AlignTop)

    def _fill_steps(self, d: PlacementDetail) -> None:
        while self.steps_row.count():
            item = self.steps_row.takeAt(0)
            widget = item.widget()
            if widget is not None and widget not in (self.edit_lease, self.no_steps):
                widget.hide()
                widget.deleteLater()
        self.step_buttons = {}
        steps = placement_views.next_steps(d.state)
        read_only = self.context.read_only
        for step in steps:
            button = QPushButton(self.tr(STEP_BUTTONS[step]))
            button.setEnabled(not read_only)
            button.clicked.connect(lambda _=False, s=step: self.open_step(s))
            self.step_buttons[step] = button
            self.steps_row.addWidget(button)
        self.no_steps.setText(self.tr("This placement is closed; no further step is possible."))
        self.no_steps.setVisible(not steps)
        self.steps_row.addWidget(self.no_steps, 1)
        self.steps_row.addStretch(1)
        editable = PlacementState(d.state) in placement_lease.EDITABLE_STATES
        self.edit_lease.setVisible(editable)
        self.edit_lease.setEnabled(editable and not read_only)
        self.steps_row.addWidget(self.edit_lease)
        self.steps_box.setToolTip(self.tr("A step can be taken back with Edit › Undo.") if steps else "")
        self.steps_title.setText(self.tr("Next steps") if steps else self.tr("Closed"))

    def _fill_timeline(self, events: list[placement_views.TimelineEntry]) -> None:
        self.timeline.clear()
        for event in events:
            if event.from_state is None:
                step = label_of(PlacementState, event.to_state)
            else:
                step = f"{label_of(PlacementState, event.from_state)} → {label_of(PlacementState, event.to_state)}"
            item = QTreeWidgetItem([local_time(event.at), step, event.user, event.note])
            item.setToolTip(3, event.note)
            self.timeline.addTopLevelItem(item)

    def _fill_documents(self, d: PlacementDetail, documents: list[placement_views.DocumentRow]) -> None:
        self.documents.clear()
        for row in documents:
            item = QTreeWidgetItem([label_of(DocumentKind, row.kind), local_time(row.created_at), row.created_by])
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            self.documents.addTopLevelItem(item)
        self.tabs.setTabText(1, self.tr("&Documents (%1)").replace("%1", str(len(documents))))
        self.kind.clear()
        for kind in placement_views.document_kinds_for(d.lease_kind):
            self.kind.addItem(label(kind), kind.value)
        self.produce.setEnabled(not self.context.read_only)
        self.open_document.setEnabled(bool(documents))
        if documents:
            self.documents.setCurrentItem(self.documents.topLevelItem(0))

    # --- steps ----------------------------------------------------------------------------------------

    def open_step(self, step: PlacementState) -> StepDialog | None:
        if self.detail is None:
            return None
        dialog = StepDialog(step, self.detail, self)
        dialog.submitted.connect(lambda: self._take_step(dialog))
        dialog.finished.connect(lambda _: setattr(self, "step_dialog", None))
        self.step_dialog = dialog
        dialog.open()
        return dialog

    def _take_step(self, dialog: StepDialog) -> None:
        d = dialog.detail
        values = dialog.values()
        db = self.context.db
        try:
            if dialog.step == S.LEASE_DRAFTED:
                assert dialog.lease is not None
                taken = placement_lease.draft_lease(
                    db, d.id, dialog.lease.values(), note=values["note"], expected_version=d.version
                )
            else:
                taken = placements.advance(db, d.id, dialog.step, expected_version=d.version, **values)
        except ValidationFailed as exc:
            dialog.show_errors(exc)
            return
        except MatcherError as exc:
            dialog.show_problem(str(exc))  # e.g. someone else took a step: the input stays, the page reloads
            self.after_change(d.id, notify=False)
            return
        dialog.accept()
        # Undo takes the step back; redo takes it again with the values it set (core `redo_step`).
        command = PlacementStepCommand(self.context, d.id, dialog.step, values, taken.version, self._step_undone)
        self.context.undo_stack.push(command)
        self.show_message(
            self.tr("Placement %1: %2 recorded.").replace("%1", str(d.id)).replace("%2", label(dialog.step))
        )
        self.after_change(d.id)

    def _step_undone(self, placement_id: int, text: str, error: bool) -> None:
        """A step taken back or again through Edit › Undo/Redo, or the German reason why not."""
        self.after_change(placement_id)
        self.show_message(text, error=error)

    def after_change(self, placement_id: int, notify: bool = True) -> None:
        """Tell the other pages (a step changes flat and household too), then show the result here once."""
        if notify:
            self._notifying = True
            try:
                for entity in (Entity.PLACEMENT, Entity.FLAT, Entity.HOUSEHOLD):
                    self.context.notify_changed(entity)
            finally:
                self._notifying = False
        self.reload()
        self.show_record(placement_id)

    def open_lease_data(self) -> QDialog | None:
        if self.detail is None:
            return None
        detail = self.detail
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Lease data of placement %1").replace("%1", str(detail.id)))
        form = LeaseForm(detail, for_draft=False)
        problem = FieldMessage()
        buttons = QDialogButtonBox()
        save = buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        save.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(dialog)
        layout.addWidget(form)
        layout.addWidget(problem)
        layout.addWidget(buttons)
        dialog.form = form  # type: ignore[attr-defined]
        dialog.save = save  # type: ignore[attr-defined]
        dialog.setMinimumWidth(self.fontMetrics().averageCharWidth() * 96)
        buttons.rejected.connect(dialog.reject)
        buttons.accepted.connect(lambda: self._save_lease_data(dialog, form, problem, detail))
        dialog.finished.connect(lambda _: setattr(self, "lease_dialog", None))
        self.lease_dialog = dialog
        dialog.open()
        return dialog

    def _save_lease_data(self, dialog: QDialog, form: LeaseForm, problem: FieldMessage, d: PlacementDetail) -> None:
        before = {name: getattr(d, name) for name in placement_lease.FIELDS}
        after = form.values()
        try:
            saved = placement_lease.update_lease_data(self.context.db, d.id, after, expected_version=d.version)
        except ValidationFailed as exc:
            by_field: dict[str, list[str]] = {}
            for error in exc.errors:
                by_field.setdefault(error.field, []).append(error.message)
            problem.set_message("\n".join(form.show_errors(by_field)))
            return
        except MatcherError as exc:
            problem.set_message(str(exc))
            return
        dialog.accept()
        self.context.undo_stack.push(LeaseDataCommand(self, d.id, before, after, saved.version))
        self.after_change(d.id)

    # --- documents -----------------------------------------------------------------------------------

    def produce_document(self) -> None:
        if self.detail is None:
            return
        kind = DocumentKind(self.kind.currentData())
        placement_id, db = self.detail.id, self.context.db

        def work(progress: Any) -> int:
            from matcher.core.documents import archive  # reportlab loads on the first document

            progress.report(0, 0, self.tr("Producing %1…").replace("%1", label(kind)))
            document = archive.produce(db, kind, placement_id)
            assert document.id is not None
            return document.id

        self.produce.setEnabled(False)
        self._task = run_in_background(
            self, self.tr("Produce document"), work, self._produced, on_error=self._production_failed
        )
        self._task.finished.connect(lambda: self.produce.setEnabled(not self.context.read_only))

    def _produced(self, document_id: int) -> None:
        self.show_message(self.tr("Document %1 produced and archived.").replace("%1", str(document_id)))
        self.context.notify_changed(Entity.DOCUMENT)
        if self.detail is not None:
            self.show_placement(self.detail.id)
        self.context.request_record(Entity.DOCUMENT, document_id)

    def _production_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self.show_message(self.tr("The document cannot be produced yet:") + "\n" + error_lines(exc), error=True)
        elif isinstance(exc, MatcherError):
            self.show_message(str(exc), error=True)
        else:
            from matcher.ui.workers import show_error

            show_error(self, self.tr("Produce document"), exc)

    def _open_document(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.context.request_record(Entity.DOCUMENT, int(item.data(0, Qt.ItemDataRole.UserRole)))

    # --- messages and state ---------------------------------------------------------------------------

    def show_message(self, text: str, error: bool = False) -> None:
        """A line above the list: red for a refusal, plain for news; the next message replaces it."""
        self.message.setStyleSheet(
            "color: palette(bright-text); background: #b3261e; padding: 4px;" if error else "padding: 4px;"
        )
        self.message.set_message(text)

    def restore_state(self, settings: QSettings) -> None:
        window_state.restore_header(settings, "placements/header", self.table.horizontalHeader())
        window_state.restore_splitter(settings, "placements/splitter", self.splitter)

    def save_state(self, settings: QSettings) -> None:
        window_state.save_header(settings, "placements/header", self.table.horizontalHeader())
        window_state.save_splitter(settings, "placements/splitter", self.splitter)


__all__ = ["DateField", "LeaseForm", "PlacementsPage", "StepDialog"]
