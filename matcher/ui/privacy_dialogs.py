"""Data protection in the window: erase a household (Art. 17 GDPR), give a household the information about
its data (Art. 15 GDPR) and anonymise closed cases after the retention period.

The rules live in the core (`services/privacy.py`, `subject_access.py`); these dialogs ask and show:

- `ErasureDialog` (Edit → Delete and the list's context menu in the households area): says plainly what
  goes and that it cannot be undone, shows the counts, asks for the reason for the audit trail and for
  the case number typed as confirmation. Typing the case number rather than ticking a box: the dialog
  opens from the Delete key, and a tick is given by reflex, while typing makes the caseworker read which
  household this is — and a mistyped or wrong row simply keeps the button disabled. Enter never erases:
  no button of the dialog is a default button. The erasure runs in the background (it cleans the file);
  afterwards the dialog says what was removed. The undo stack is cleared, since its commands may refer
  to the erased household and cannot be picked out of a `QUndoStack` one by one; the dialog says so
  beforehand when there is something to undo.
- `export_subject_access`: asks for a folder, writes PDF, JSON and the archived documents in the
  background and says where they are, with a button that opens the folder.
- `RetentionDialog` / `open_retention_dialog`: the dry run's list, then "Anonymise now" after a
  confirmation; says how many were anonymised.

Dialogs open window-modal with `open()` (never `exec()`), so tests drive them with qtbot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpacerItem,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from matcher.core import subject_access
from matcher.core.enums import HouseholdStatus
from matcher.core.errors import MatcherError, ValidationFailed
from matcher.core.services import privacy
from matcher.core.services.privacy import ErasurePreview, ErasureResult, RetentionReport
from matcher.core.subject_access import SubjectAccessExport
from matcher.ui.context import AppContext, Entity
from matcher.ui.database_dialogs import show_error
from matcher.ui.form_fields import INVALID_STYLE, ErrorLabel
from matcher.ui.labels import label_of
from matcher.ui.table_models import day
from matcher.ui.workers import Progress, Task, run_in_background

DIALOG_WIDTH_CHARS = 76
CHANGED_BY_ERASURE = (Entity.HOUSEHOLD, Entity.PLACEMENT, Entity.DOCUMENT)


def _wrapped(text: str = "", *, muted: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if muted:  # a calmer grey than a disabled label's, which is too faint to read a sentence in
        palette = label.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        background = palette.color(QPalette.ColorRole.Window)
        mixed = QColor(
            (text_colour.red() * 2 + background.red()) // 3,
            (text_colour.green() * 2 + background.green()) // 3,
            (text_colour.blue() * 2 + background.blue()) // 3,
        )
        palette.setColor(QPalette.ColorRole.WindowText, mixed)
        label.setPalette(palette)
    return label


def _field_with_lines(field: QWidget, *lines: QLabel) -> QWidget:
    """A field with its hint and error lines right under it, as one row of a form."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    for line in lines:
        column.addWidget(line)
    return box


def _heading(text: str = "") -> QLabel:
    label = _wrapped(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


def _icon_row(dialog: QWidget, icon: QStyle.StandardPixmap, heading: QLabel) -> QHBoxLayout:
    picture = QLabel()
    size = dialog.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize, None, dialog)
    picture.setPixmap(dialog.style().standardIcon(icon, None, dialog).pixmap(size, size))
    picture.setAlignment(Qt.AlignmentFlag.AlignTop)
    row = QHBoxLayout()
    row.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(heading, 1)
    return row


def _no_default(*buttons: QPushButton) -> None:
    """Enter in a field must not press a button that deletes: none of them becomes the default."""
    for button in buttons:
        button.setAutoDefault(False)
        button.setDefault(False)


# --------------------------------------------------------------------------------------------------
# Erasure (Art. 17)
# --------------------------------------------------------------------------------------------------


class ErasureDialog(QDialog):
    """Erase one household after the caseworker typed its case number and gave a reason.

    `preview` is what the core counted when the dialog was asked for (`privacy.erasure_preview`);
    `expected_version` is the household's version as listed, so a household someone changed meanwhile is
    not erased unseen. The core decides: a reason it refuses and an open placement come back at the field.
    """

    erased = Signal(int)  # the household's id, after the erasure succeeded

    def __init__(
        self,
        context: AppContext,
        preview: ErasurePreview,
        expected_version: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.preview, self.expected_version = context, preview, expected_version
        self.erasure: ErasureResult | None = None
        self.refusal = ""  # the core's answer when it refused for another reason than the reason field
        self.task: Task[ErasureResult] | None = None
        self.setWindowTitle(self.tr("Delete household permanently (Art. 17 GDPR)"))
        self.heading = _heading(self.tr("Delete household %1 permanently?").replace("%1", preview.case_number))
        self.explanation = _wrapped(
            self.tr(
                "This deletes the household with all its persons, contact persons, placements and printed "
                "documents from the database. It cannot be undone, not even with Edit › Undo."
            )
        )
        self.counts = self._counts_form()
        self.backups_note = _wrapped(
            self.tr(
                "Backup copies made before now still contain the household until they are replaced in the usual "
                "rotation."
            ),
            muted=True,
        )
        self.placements_error = ErrorLabel()
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("e.g. request of 12.03.2026"))
        self.reason.setAccessibleName(self.tr("Reason for the deletion"))
        self.reason.textEdited.connect(lambda _text: self._clear_reason_error())
        self.reason_hint = _wrapped(
            self.tr("Recorded in the audit trail. Please write no names or other personal data."), muted=True
        )
        self.reason_error = ErrorLabel()
        self.confirmation = QLineEdit()
        self.confirmation.setAccessibleName(self.tr("Case number as confirmation"))
        self.confirmation.textChanged.connect(self._update_button)
        self.undo_note = _wrapped(
            self.tr(
                "The list of changes you can undo (Edit › Undo) is emptied as well, because it may refer to "
                "this household."
            ),
            muted=True,
        )
        self.undo_note.setVisible(context.undo_stack.count() > 0)
        self.error = ErrorLabel()
        self.outcome = _wrapped()
        self.outcome.hide()
        self.file_note = _wrapped()
        self.file_note.hide()
        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.erase_button = self.buttons.addButton(
            self.tr("Delete permanently"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.erase_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        self.close_button = self.buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button.hide()
        _no_default(self.cancel_button, self.erase_button, self.close_button)
        self.cancel_button.clicked.connect(self.reject)
        self.erase_button.clicked.connect(self.erase)
        self.close_button.clicked.connect(self.accept)
        self._lay_out()
        self._show_open_placements()
        self._update_button()
        self.reason.setFocus()

    def _counts_form(self) -> QWidget:
        preview = self.preview
        box = QWidget()
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        self.count_values: dict[str, QLabel] = {}
        for key, text, value in (
            ("case_number", self.tr("Case number:"), preview.case_number),
            ("members", self.tr("Persons:"), str(preview.members)),
            ("contacts", self.tr("Contact persons:"), str(preview.contacts)),
            ("placements", self.tr("Placements:"), str(preview.placements)),
            ("documents", self.tr("Printed documents:"), str(preview.documents)),
        ):
            self.count_values[key] = _wrapped(value)
            form.addRow(text, self.count_values[key])
        return box

    def _lay_out(self) -> None:
        self.inputs = QWidget()
        form = QFormLayout(self.inputs)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        reason_label = QLabel(self.tr("&Reason:"))
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, _field_with_lines(self.reason, self.reason_hint, self.reason_error))
        self.confirmation_label = _wrapped(
            self.tr("To confirm, type the case number <b>%1</b>:").replace("%1", self.preview.case_number)
        )
        self.confirmation_label.setTextFormat(Qt.TextFormat.RichText)
        self.confirmation_label.setBuddy(self.confirmation)
        form.addRow(self.confirmation_label)
        form.addRow(self.tr("Case &number:"), self.confirmation)
        layout = QVBoxLayout(self)
        layout.addLayout(_icon_row(self, QStyle.StandardPixmap.SP_MessageBoxWarning, self.heading))
        layout.addWidget(self.outcome)
        layout.addWidget(self.explanation)
        layout.addWidget(self.counts)
        layout.addWidget(self.file_note)
        layout.addWidget(self.placements_error)
        layout.addWidget(self.backups_note)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.inputs)
        layout.addWidget(self.undo_note)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * DIALOG_WIDTH_CHARS)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._make_room()  # wrapped lines count only once the labels are polished (longer languages)

    # --- state -------------------------------------------------------------------------------------

    def confirmed(self) -> bool:
        typed = self.confirmation.text().strip().casefold()
        return bool(typed) and typed == self.preview.case_number.strip().casefold()

    def _blocked(self) -> str:
        """Why the household cannot be erased now (empty: it can)."""
        if self.context.read_only:
            return self.tr("The database is open read-only: nothing can be deleted.")
        if self.refusal:
            return self.refusal
        if self.preview.open_placements:
            return self.tr(
                "Placements of this household still in progress: %1. Please complete or cancel them "
                "first (area Placements); then you can delete the household."
            ).replace("%1", str(self.preview.open_placements))
        return ""

    def _show_open_placements(self) -> None:
        blocked = self._blocked()
        self.placements_error.show_message(blocked)
        self.inputs.setEnabled(not blocked)

    def _update_button(self) -> None:
        running = self.task is not None and self.task.running
        self.erase_button.setEnabled(self.confirmed() and not self._blocked() and not running)
        if self._blocked():
            self.erase_button.setToolTip(self._blocked())
        elif not self.confirmed():
            self.erase_button.setToolTip(self.tr("Type the case number first."))
        else:
            self.erase_button.setToolTip("")

    def _clear_reason_error(self) -> None:
        self.reason_error.show_message("")
        self.reason.setStyleSheet("")

    def _show_reason_error(self, message: str) -> None:
        self.reason_error.show_message(message)
        self.reason.setStyleSheet(INVALID_STYLE)
        self.reason.setFocus()
        self._make_room()

    def _needed_height(self) -> int:
        """The height the content needs at the current width (a minimum size does not count wrapped lines)."""
        layout = self.layout()
        if layout is None:
            return self.height()
        layout.activate()
        return max(layout.totalHeightForWidth(self.width()), layout.totalMinimumSize().height())

    def _make_room(self) -> None:
        """Grow to fit wrapped lines that appeared."""
        if self._needed_height() > self.height():
            self.resize(self.width(), self._needed_height())

    def _fit_height(self) -> None:
        """Shrink or grow to the content after it changed (the outcome replaces the questions)."""
        self.resize(self.width(), self._needed_height())

    # --- erasing -----------------------------------------------------------------------------------

    def erase(self) -> None:
        """What the button does; refuses quietly while the case number is not typed."""
        if not self.confirmed() or (self.task is not None and self.task.running):
            return
        self.error.show_message("")
        self._clear_reason_error()
        reason = self.reason.text().strip()
        if not reason:
            self._show_reason_error(
                self.tr("Please give the reason for the deletion, e.g. “request of 12.03.2026” (without names).")
            )
            return
        db, household_id, version = self.context.db, self.preview.household_id, self.expected_version

        def work(_progress: Progress) -> ErasureResult:
            return privacy.erase_household(db, household_id, reason=reason, expected_version=version)

        self.inputs.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.task = run_in_background(self, self.tr("Deleting household"), work, self._done, self._failed)
        self._update_button()

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.cancel_button.setEnabled(True)
        self.inputs.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            reason = exc.for_field("reason")
            if reason:
                self._show_reason_error("\n".join(reason))
            rest = [e.message for e in exc.errors if e.field != "reason"]
            if rest:
                self.refusal = "\n".join(rest)
                self._show_open_placements()
        elif isinstance(exc, MatcherError):  # changed or erased by someone else meanwhile
            self.error.show_message(str(exc))
        else:
            from matcher.ui.workers import show_error as report

            report(self, self.windowTitle(), exc)
        self._update_button()
        self._make_room()

    def _done(self, result: ErasureResult) -> None:
        self.task = None
        self.erasure = result
        self.context.undo_stack.clear()  # its commands may name the erased household
        for entity in CHANGED_BY_ERASURE:
            self.context.notify_changed(entity)
        self.heading.setText(self.tr("Household %1 has been deleted.").replace("%1", self.preview.case_number))
        self.outcome.setText(self.tr("Deleted from the database:"))
        for key, value in (
            ("members", result.members),
            ("contacts", result.contacts),
            ("placements", result.placements),
            ("documents", result.documents),
        ):
            self.count_values[key].setText(str(value))
        if result.file_cleaned:
            self.file_note.setText(self.tr("The data has also been removed from the database file."))
        else:
            self.file_note.setText(
                self.tr(
                    "Another program is reading the database file at the moment; the deleted data disappears "
                    "from the file completely as soon as it closes it."
                )
            )
        for widget in (self.explanation, self.placements_error, self.inputs, self.undo_note, self.error):
            widget.hide()
        self.outcome.show()
        self.file_note.show()
        self.cancel_button.hide()
        self.erase_button.hide()
        self.close_button.show()
        self.close_button.setFocus()
        self._fit_height()
        self.erased.emit(result.household_id)

    def reject(self) -> None:
        if self.task is not None and self.task.running:
            return  # the erasure is under way: wait for its answer
        super().reject()


def open_erasure_dialog(
    context: AppContext, household_id: int, expected_version: int | None, parent: QWidget | None
) -> ErasureDialog | None:
    """The erasure dialog for a household (window-modal, not blocking); None when there is nothing to ask."""
    title = QCoreApplication.translate("PrivacyDialogs", "Delete household permanently (Art. 17 GDPR)")
    if context.read_only:
        QMessageBox.information(
            parent,
            title,
            QCoreApplication.translate("PrivacyDialogs", "The database is open read-only: nothing can be deleted."),
        )
        return None
    try:
        preview = privacy.erasure_preview(context.db, household_id)  # a handful of counts: quick
    except MatcherError as exc:
        show_error(parent, title, str(exc))
        return None
    dialog = ErasureDialog(context, preview, expected_version, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


# --------------------------------------------------------------------------------------------------
# Subject access (Art. 15)
# --------------------------------------------------------------------------------------------------

SUBJECT_ACCESS_DONE = "subjectAccessDone"


@dataclass(frozen=True)
class SubjectAccessRequest:
    household_id: int
    case_number: str
    folder: Path


def choose_subject_access_folder(parent: QWidget | None) -> Path | None:
    """The folder for the files (the system's folder dialog); None when cancelled."""
    start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen = QFileDialog.getExistingDirectory(
        parent, QCoreApplication.translate("PrivacyDialogs", "Folder for the information (Art. 15 GDPR)"), start
    )
    return Path(chosen) if chosen else None


def export_subject_access(
    parent: QWidget | None, context: AppContext, household_id: int, case_number: str, folder: Path | None = None
) -> Task[SubjectAccessExport] | None:
    """Ask for a folder (unless given), write the information there in the background, then say where it is.

    The message that follows is a child of `parent` named `SUBJECT_ACCESS_DONE`."""
    title = QCoreApplication.translate("PrivacyDialogs", "Information for the data subject (Art. 15 GDPR)")
    if context.read_only:
        text = QCoreApplication.translate(
            "PrivacyDialogs",
            "The database is open read-only. The information is recorded in the audit trail, so it can only "
            "be given from a database you can write to.",
        )
        QMessageBox.information(parent, title, text)
        return None
    folder = folder or choose_subject_access_folder(parent)
    if folder is None:
        return None
    request = SubjectAccessRequest(household_id, case_number, folder)
    db = context.db

    def work(_progress: Progress) -> SubjectAccessExport:
        return subject_access.export(db, household_id, folder)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, OSError) and not isinstance(exc, MatcherError):
            text = QCoreApplication.translate(
                "PrivacyDialogs",
                "The files could not be written to the folder %1. Please choose a folder you may write to.",
            )
            show_error(parent, title, text.replace("%1", str(folder)), exc.strerror or "")
            return
        from matcher.ui.workers import show_error as report

        report(parent, title, exc)

    def done(result: SubjectAccessExport) -> None:
        show_subject_access_done(parent, request, result)

    return run_in_background(parent, title, work, done, failed)


def show_subject_access_done(
    parent: QWidget | None, request: SubjectAccessRequest, result: SubjectAccessExport
) -> QMessageBox:
    """Where the files are, with a button that opens the folder (window-modal, not blocking)."""
    box = QMessageBox(parent)
    box.setObjectName(SUBJECT_ACCESS_DONE)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(QCoreApplication.translate("PrivacyDialogs", "Information for the data subject (Art. 15 GDPR)"))
    saved = QCoreApplication.translate(
        "PrivacyDialogs", "The information for household %1 has been saved in this folder:"
    )
    box.setText(saved.replace("%1", request.case_number) + "\n" + str(request.folder))
    files = [
        QCoreApplication.translate("PrivacyDialogs", "%1 — to read and hand over").replace("%1", result.pdf_path.name),
        QCoreApplication.translate("PrivacyDialogs", "%1 — machine-readable (Art. 15 para. 3 GDPR)").replace(
            "%1", result.json_path.name
        ),
    ]
    if result.document_paths:
        files.append(
            QCoreApplication.translate("PrivacyDialogs", "Copies of the printed documents: %1").replace(
                "%1", str(len(result.document_paths))
            )
        )
    details = "\n".join("• " + line for line in files)
    details += "\n\n" + QCoreApplication.translate(
        "PrivacyDialogs",
        "The files contain personal data. Hand them only to the persons concerned and delete your copy "
        "once they have received it.",
    )
    box.setInformativeText(details)
    open_button = box.addButton(
        QCoreApplication.translate("PrivacyDialogs", "&Open folder"), QMessageBox.ButtonRole.ActionRole
    )
    close_button = box.addButton(
        QCoreApplication.translate("PrivacyDialogs", "Close"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(close_button)
    box.setEscapeButton(close_button)
    open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(request.folder))))
    grid = box.layout()
    if isinstance(grid, QGridLayout):  # a message box is as narrow as it can be: give the lines room
        width = box.fontMetrics().averageCharWidth() * 64
        grid.addItem(QSpacerItem(width, 0), grid.rowCount(), 0, 1, grid.columnCount())
    box.open()
    return box


# --------------------------------------------------------------------------------------------------
# Retention
# --------------------------------------------------------------------------------------------------


class RetentionDialog(QDialog):
    """The households whose retention period has run out (the core's dry run) and "Anonymise now".

    `today` is the day the period is counted back from (None: today); tests pass a later one."""

    applied = Signal(int)  # how many households were anonymised

    def __init__(self, context: AppContext, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.today = context, today
        self.report: RetentionReport | None = None
        self.task: Task[RetentionReport] | None = None
        self.confirmation: QMessageBox | None = None
        self.setWindowTitle(self.tr("Retention period: anonymise closed cases"))
        self.heading = _heading(self.tr("Checking which closed cases are past the retention period …"))
        self.period = _wrapped()
        self.explanation = _wrapped(
            self.tr(
                "Anonymising removes from each of these households the names and birth dates (the year of "
                "birth stays), accommodation, phone and e-mail, notes, health information, contact persons, wishes "
                "and all printed documents; the case number becomes ANON-<no.>. What the statistics count "
                "stays: status, number of persons, residence status and the month of registration."
            )
        )
        columns = [
            self.tr("Case number"),
            self.tr("Status"),
            self.tr("Closed on"),
            self.tr("Persons"),
            self.tr("What happens"),
        ]
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(self.fontMetrics().height() * 12)
        self.table.cellDoubleClicked.connect(self._show_household)
        self.table.setAccessibleName(self.tr("Households past the retention period"))
        self.read_only_note = ErrorLabel()
        self.outcome = _wrapped()
        self.outcome.hide()
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton(
            self.tr("&Anonymise now …"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.close_button = self.buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        _no_default(self.apply_button, self.close_button)
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.ask)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(_icon_row(self, QStyle.StandardPixmap.SP_MessageBoxInformation, self.heading))
        layout.addWidget(self.period)
        layout.addWidget(self.explanation)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 96, metrics.height() * 30)
        self.load()

    def load(self) -> None:
        """The dry run, in the background (it reads every closed household)."""
        db, today = self.context.db, self.today

        def work(_progress: Progress) -> RetentionReport:
            return privacy.retention_candidates(db, today=today)

        self.task = run_in_background(self, self.windowTitle(), work, self._listed, self._failed)

    def _listed(self, report: RetentionReport) -> None:
        self.task = None
        self.report = report
        count = len(report.candidates)
        if count:
            heading = self.tr("Closed households past the retention period: %1").replace("%1", str(count))
        else:
            heading = self.tr("No closed household is past the retention period. There is nothing to do.")
        self.heading.setText(heading)
        self.period.setText(
            self.tr(
                "Retention period of the office: %1 days (Settings › Office). Households housed or withdrawn "
                "before %2 are anonymised."
            )
            .replace("%1", str(report.retention_days))
            .replace("%2", day(report.cutoff))
        )
        self._fill(report)
        self.read_only_note.show_message(
            self.tr("The database is open read-only: nothing can be anonymised.") if self.context.read_only else ""
        )
        self.apply_button.setEnabled(bool(count) and not self.context.read_only)

    def _fill(self, report: RetentionReport) -> None:
        what = self.tr("to be anonymised")
        self.table.setRowCount(len(report.candidates))
        for row, candidate in enumerate(report.candidates):
            cells = (
                candidate.case_number,
                label_of(HouseholdStatus, candidate.status),
                day(candidate.closed_since),
                str(candidate.size),
                what,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        if isinstance(exc, MatcherError):
            self.read_only_note.show_message(str(exc))
        else:
            from matcher.ui.workers import show_error as report

            report(self, self.windowTitle(), exc)
        self.apply_button.setEnabled(bool(self.report and self.report.candidates) and not self.context.read_only)

    def _show_household(self, row: int, _column: int) -> None:
        if self.report is not None and 0 <= row < len(self.report.candidates):
            self.context.request_record(Entity.HOUSEHOLD, self.report.candidates[row].household_id)

    # --- applying ----------------------------------------------------------------------------------

    def ask(self) -> QMessageBox | None:
        """The confirmation question (window-modal, not blocking); its "Anonymise" button applies."""
        if self.report is None or not self.report.candidates or self.context.read_only:
            return None
        count = len(self.report.candidates)
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.windowTitle())
        box.setText(self.tr("Anonymise the listed households now (%1)?").replace("%1", str(count)))
        box.setInformativeText(
            self.tr(
                "Names, contact data, notes and printed documents of these households are removed for good. "
                "This cannot be undone."
            )
        )
        self.confirm_button = box.addButton(self.tr("Anonymise"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        self.confirm_button.clicked.connect(self.apply)
        self.confirmation = box
        box.open()
        return box

    def apply(self) -> None:
        db, today = self.context.db, self.today

        def work(_progress: Progress) -> RetentionReport:
            return privacy.apply_retention(db, today=today)

        self.apply_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.task = run_in_background(self, self.tr("Anonymising households"), work, self._applied, self._failed_apply)

    def _failed_apply(self, exc: BaseException) -> None:
        self.close_button.setEnabled(True)
        self._failed(exc)

    def _applied(self, report: RetentionReport) -> None:
        self.task = None
        self.close_button.setEnabled(True)
        count = len(report.candidates)
        if count:
            self.context.undo_stack.clear()  # its commands may hold the names just removed
            for entity in CHANGED_BY_ERASURE:
                self.context.notify_changed(entity)
        self.heading.setText(self.tr("Households anonymised: %1").replace("%1", str(count)))
        text = self.tr("The figures for the statistics are kept.")
        if report.file_cleaned is False:
            text += " " + self.tr(
                "Another program is reading the database file at the moment; the removed data disappears "
                "from the file completely as soon as it closes it."
            )
        self.outcome.setText(text)
        self.outcome.show()
        self.report = RetentionReport(report.retention_days, report.cutoff, [], True, report.file_cleaned)
        self.table.setRowCount(0)
        self.table.hide()
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):  # the space the list had goes below the words, not between them
            layout.insertStretch(layout.indexOf(self.buttons), 1)
        self.explanation.hide()
        self.apply_button.hide()
        self.close_button.setFocus()
        self.applied.emit(count)

    def reject(self) -> None:
        if self.task is not None and self.task.running and not self.close_button.isEnabled():
            return  # anonymising is under way: wait for its answer
        if self.task is not None:
            self.task.cancel()  # the dry run only reads: stop it
        super().reject()


def open_retention_dialog(parent: QWidget | None, context: AppContext, today: date | None = None) -> RetentionDialog:
    """Data protection → Retention period (the window's menu): the dialog, window-modal, not blocking."""
    dialog = RetentionDialog(context, today, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
