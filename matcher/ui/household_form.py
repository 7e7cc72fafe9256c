"""The household form: the case, its people (added and removed in a table), status, needs and place
wishes, and on a tab of its own the sensitive data (residence status, residence obligation, health).

Sensitive fields live only here: never in list columns or the summary pane. Saving goes through
`services/households.py` (own fields, members, wishes and status are separate calls, see
`undo.save_household`); every message appears at its field or table row, in German from the core, and
the form stays open with everything typed. An edit is pushed to the undo stack.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from matcher.core import enums as E
from matcher.core.errors import FieldError, MatcherError, ValidationFailed
from matcher.core.models import HouseholdBase
from matcher.core.services import households as household_service
from matcher.core.services import queries
from matcher.ui.context import AppContext
from matcher.ui.flat_form import Banner
from matcher.ui.form_fields import (
    ERROR_COLOUR,
    CheckField,
    ChoiceField,
    DateField,
    EnumField,
    ErrorLabel,
    FieldSet,
    NotesField,
    TextField,
    form_page,
    model_defaults,
    without_missing,
)
from matcher.ui.undo import STATUS_FIELDS, EditHouseholdCommand, HouseholdState, SavedHousehold, save_household

HOUSEHOLD_FIELDS = tuple(name for name in HouseholdBase.model_fields if name not in STATUS_FIELDS)
MEMBER_FIELDS = (
    "given_name",
    "family_name",
    "birth_date",
    "birth_year",
    "sex",
    "relationship",
    "nationality",
    "languages",
    "german_level",
)
GIVEN, FAMILY, BIRTH_DATE, BIRTH_YEAR, SEX, RELATIONSHIP = range(6)  # columns of the person table
ENUM_COLUMNS = {4: E.Sex, 5: E.Relationship, 8: E.GermanLevel}
ROW_ERROR = re.compile(r"^(members|wishes)\[(\d+)\]\.(\w+)$")
MAX_ROW_HEIGHT_LINES = 2


class ListTable(QTableWidget):
    """A small editable table of a form (persons, place wishes) with cells marked when faulty."""

    def __init__(self, titles: list[str]) -> None:
        super().__init__(0, len(titles))
        self.setHorizontalHeaderLabels(titles)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.horizontalHeader().setStretchLastSection(True)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else in the form

    def text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def set_text(self, row: int, column: int, text: str) -> None:
        self.setItem(row, column, QTableWidgetItem(text))

    def mark(self, row: int, column: int, message: str) -> None:
        widget = self.cellWidget(row, column)
        if widget is not None:
            widget.setStyleSheet(f"border: 1px solid {ERROR_COLOUR};")
            widget.setToolTip(message)
            return
        item = self.item(row, column)
        if item is None:
            item = QTableWidgetItem("")
            self.setItem(row, column, item)
        item.setBackground(QBrush(QColor(ERROR_COLOUR).lighter(185)))
        item.setToolTip(message)

    def show_marks(self) -> None:
        """Marked cells must not hide behind the selection's colour."""
        self.clearSelection()
        self.setCurrentCell(-1, -1)

    def clear_marks(self) -> None:
        for row in range(self.rowCount()):
            for column in range(self.columnCount()):
                widget = self.cellWidget(row, column)
                if widget is not None:
                    widget.setStyleSheet("")
                    widget.setToolTip("")
                elif (item := self.item(row, column)) is not None:
                    item.setBackground(QBrush())
                    item.setToolTip("")


class HouseholdForm(QDialog):
    """Create (household_id None) or edit one household. `saved(household_id)` after a successful save."""

    saved = Signal(int)

    def __init__(self, context: AppContext, household_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.household_id = household_id
        self.name = ""
        self._original: HouseholdState | None = None
        self._saved: SavedHousehold | None = None
        self._row_errors: list[str] = []
        self.fields = FieldSet()
        self._build()
        self._load_choices()
        if household_id is None:
            self.setWindowTitle(self.tr("New household"))
            for name, value in model_defaults(HouseholdBase).items():
                self.fields.set_value(name, value)
            self.add_member()
        else:
            self._load(household_id)
        self.fields.widgets["case_number"].setFocus()

    # --- building ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.addTab(self._case_tab(), self.tr("&Case"))
        self.tabs.addTab(self._members_tab(), self.tr("&Persons"))
        self.tabs.addTab(self._wishes_tab(), self.tr("&Needs and wishes"))
        self.tabs.addTab(self._sensitive_tab(), self.tr("&Residence and health"))
        self.tabs.setTabToolTip(3, self.tr("Sensitive data: shown only here, never in lists."))
        self.banner = Banner()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("&Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.cancel_button = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)  # Ctrl+S as in the main window
        save_shortcut.activated.connect(self.save_button.click)
        if self.context.read_only:
            self.save_button.setEnabled(False)
            self.save_button.setToolTip(self.tr("The database is open read-only: changes cannot be saved."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 140, self.fontMetrics().lineSpacing() * 34)

    def _case_tab(self) -> QWidget:
        f, page = self.fields, 0
        case, status, housing = QFormLayout(), QFormLayout(), QFormLayout()
        f.add(case, "case_number", self.tr("Case number"), TextField(), page)
        f.add(case, "paying_authority", self.tr("Paying authority"), EnumField(E.PayingAuthority, optional=True), page)
        f.add(case, "phone", self.tr("Phone"), TextField(), page)
        f.add(case, "email", self.tr("Email"), TextField(), page)
        f.add(status, "status", self.tr("Status"), EnumField(E.HouseholdStatus), page)
        f.add(status, "parked_until", self.tr("Parked until"), DateField(), page)
        f.add(status, "urgency", self.tr("Urgency"), EnumField(E.Urgency), page)
        f.add(status, "registered_on", self.tr("Seeking a flat since"), DateField(optional=False), page)
        f.add(status, "needed_from", self.tr("Flat needed from"), DateField(), page)
        f.add(housing, "current_accommodation", self.tr("Current accommodation"), TextField(), page)
        f.add(housing, "accommodation_ags", self.tr("Accommodation in"), ChoiceField(optional=True), page)
        f.add(housing, "accommodated_since", self.tr("There since"), DateField(), page)
        f.add(housing, "notes", self.tr("Notes"), NotesField(), page)
        return form_page(
            (self.tr("Case"), case), (self.tr("Search for a flat"), status), (self.tr("Current accommodation"), housing)
        )

    def _members_tab(self) -> QWidget:
        self.members = ListTable(
            [
                self.tr("Given name"),
                self.tr("Family name"),
                self.tr("Date of birth"),
                self.tr("Year of birth"),
                self.tr("Sex"),
                self.tr("Relationship"),
                self.tr("Nationality"),
                self.tr("Languages"),
                self.tr("German"),
            ]
        )
        self.members.setToolTip(self.tr("Dates as DD.MM.YYYY; leave the date empty when it is not known."))
        self.add_member_button = QPushButton(self.tr("&Add person"))
        self.add_member_button.clicked.connect(lambda: self.add_member())
        self.remove_member_button = QPushButton(self.tr("Re&move person"))
        self.remove_member_button.clicked.connect(self.remove_member)
        self.members_error = ErrorLabel()
        return self._table_page(
            self.tr("Everyone who moves in together. Exactly one person is the applicant."),
            self.members,
            self.members_error,
            self.add_member_button,
            self.remove_member_button,
        )

    def _wishes_tab(self) -> QWidget:
        f, page = self.fields, 2
        circumstances = QFormLayout()
        for name, text in (
            ("has_wbs", self.tr("Housing entitlement certificate")),
            ("single_parent", self.tr("Single parent")),
            ("has_pets", self.tr("Pets")),
            ("has_car", self.tr("Own car")),
            ("vulnerable", self.tr("Particularly vulnerable")),
        ):
            f.add(circumstances, name, text, CheckField(), page)
        self.wishes = ListTable([self.tr("Municipality"), self.tr("Kind of wish")])
        self.wishes.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.add_wish_button = QPushButton(self.tr("Add &place"))
        self.add_wish_button.clicked.connect(lambda: self.add_wish())
        self.remove_wish_button = QPushButton(self.tr("Remove p&lace"))
        self.remove_wish_button.clicked.connect(self.remove_wish)
        self.wishes_error = ErrorLabel()
        self._row_keys(self.members, self.add_member, self.remove_member)
        self._row_keys(self.wishes, self.add_wish, self.remove_wish)
        wishes = self._table_page(
            self.tr("Places the household wishes for or rules out, where relatives live or work is."),
            self.wishes,
            self.wishes_error,
            self.add_wish_button,
            self.remove_wish_button,
        )
        container = QWidget()
        column = QVBoxLayout(container)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(form_page((self.tr("Circumstances"), circumstances)), 0)
        column.addWidget(wishes, 1)
        return container

    def _sensitive_tab(self) -> QWidget:
        f, page = self.fields, 3
        residence, obligation, health = QFormLayout(), QFormLayout(), QFormLayout()
        status = EnumField(E.ResidenceStatus, optional=True)
        f.add(residence, "residence_status", self.tr("Residence status"), status, page)
        f.add(residence, "permit_issued_on", self.tr("Permit first issued on"), DateField(), page)
        f.add(obligation, "obligation_scope", self.tr("Residence obligation"), EnumField(E.ObligationScope), page)
        f.add(obligation, "obligation_kreis_key", self.tr("District"), ChoiceField(optional=True), page)
        f.add(obligation, "obligation_ags", self.tr("Municipality"), ChoiceField(optional=True), page)
        f.add(obligation, "obligation_until", self.tr("Obligation valid until"), DateField(), page)
        for name, text in (
            ("needs_wheelchair", self.tr("Uses a wheelchair")),
            ("needs_no_stairs", self.tr("Cannot climb stairs")),
            ("needs_ground_floor", self.tr("Needs the ground floor")),
            ("needs_extra_room", self.tr("Needs an extra room (medical)")),
            ("needs_medical_care", self.tr("Regular medical treatment")),
            ("has_disability", self.tr("Severe disability")),
        ):
            f.add(health, name, text, CheckField(), page)
        return form_page(
            (self.tr("Residence"), residence),
            (self.tr("Residence obligation (§ 12a AufenthG)"), obligation),
            (self.tr("Health and access needs"), health),
        )

    def _row_keys(self, table: QWidget, add: Callable[[], object], remove: Callable[[], object]) -> None:
        """Insert (or Ctrl+N) adds a row, Delete removes the current one, while the table has the focus."""
        keys = [(QKeySequence(Qt.Key.Key_Insert), add)]
        keys += [(sequence, add) for sequence in QKeySequence.keyBindings(QKeySequence.StandardKey.New)]
        keys += [(sequence, remove) for sequence in QKeySequence.keyBindings(QKeySequence.StandardKey.Delete)]
        for sequence, action in keys:
            shortcut = QShortcut(sequence, table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda action=action: action())

    def _table_page(self, hint: str, table: QTableWidget, error: ErrorLabel, *buttons: QPushButton) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        explanation = QLabel(hint)
        explanation.setWordWrap(True)
        column.addWidget(explanation)
        column.addWidget(table, 1)
        column.addWidget(error)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        return page

    # --- the tables ----------------------------------------------------------------------------------

    def add_member(self, values: dict[str, Any] | None = None) -> int:
        values = values or {"relationship": None if self.members.rowCount() else E.Relationship.APPLICANT.value}
        row = self.members.rowCount()
        self.members.insertRow(row)
        for column, name in enumerate(MEMBER_FIELDS):
            if column in ENUM_COLUMNS:
                combo = EnumField(ENUM_COLUMNS[column], optional=column != SEX)
                combo.set_value(values.get(name, E.Sex.UNKNOWN.value if column == SEX else None))
                self.members.setCellWidget(row, column, combo)
            else:
                self.members.set_text(row, column, self._cell_text(values.get(name)))
        self.members.resizeColumnsToContents()
        self.members.setCurrentCell(row, GIVEN)
        return row

    def remove_member(self) -> None:
        row = self.members.currentRow()
        if row >= 0:
            self.members.removeRow(row)

    def add_wish(self, ags: str | None = None, kind: str = E.WishKind.PREFERRED.value) -> int:
        row = self.wishes.rowCount()
        self.wishes.insertRow(row)
        place = ChoiceField()
        place.set_choices(self._places)
        place.set_value(ags)
        self.wishes.setCellWidget(row, 0, place)
        choice = EnumField(E.WishKind)
        choice.set_value(kind)
        self.wishes.setCellWidget(row, 1, choice)
        return row

    def remove_wish(self) -> None:
        row = self.wishes.currentRow()
        if row >= 0:
            self.wishes.removeRow(row)

    @staticmethod
    def _cell_text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, date):
            return value.strftime("%d.%m.%Y")
        return str(value)

    def _member_rows(self) -> tuple[list[dict[str, Any]], list[FieldError]]:
        """The persons as typed; dates and years that are no date or year are reported at their cell."""
        members, errors = [], []
        for row in range(self.members.rowCount()):
            values: dict[str, Any] = {}
            for column, name in enumerate(MEMBER_FIELDS):
                widget = self.members.cellWidget(row, column)  # a choice, or the editor of a cell being typed in
                if isinstance(widget, EnumField):
                    values[name] = widget.value()
                elif isinstance(widget, QLineEdit):
                    values[name] = widget.text().strip()
                else:
                    values[name] = self.members.text(row, column)
            values["birth_date"], problem = self._parse_date(values["birth_date"])
            if problem:
                errors.append(FieldError(f"members[{row}].birth_date", problem))
            values["birth_year"], problem = self._parse_year(values["birth_year"])
            if problem:
                errors.append(FieldError(f"members[{row}].birth_year", problem))
            members.append(values)
        return members, errors

    def _parse_date(self, text: str) -> tuple[date | None, str]:
        if not text:
            return None, ""
        try:
            return datetime.strptime(text, "%d.%m.%Y").date(), ""
        except ValueError:
            return None, self.tr("Please enter the date as DD.MM.YYYY (for example 24.03.1990).")

    def _parse_year(self, text: str) -> tuple[int | None, str]:
        if not text:
            return None, ""
        if text.isdigit() and len(text) == 4:
            return int(text), ""
        return None, self.tr("Please enter the year with four digits (for example 1990).")

    def _wish_rows(self) -> list[tuple[str, str]]:
        wishes = []
        for row in range(self.wishes.rowCount()):
            place, kind = self.wishes.cellWidget(row, 0), self.wishes.cellWidget(row, 1)
            ags = place.value()  # type: ignore[attr-defined]
            if ags:
                wishes.append((ags, kind.value()))  # type: ignore[attr-defined]
        return wishes

    # --- loading -------------------------------------------------------------------------------------

    def _load_choices(self) -> None:
        db = self.context.db
        self._places = [(c.key, f"{c.name} ({c.detail})") for c in queries.municipality_choices(db)]
        for name in ("accommodation_ags", "obligation_ags"):
            self.fields.widgets[name].set_choices(self._places)  # type: ignore[attr-defined]
        districts = [(c.key, c.name) for c in queries.district_choices(db)]
        self.fields.widgets["obligation_kreis_key"].set_choices(districts)  # type: ignore[attr-defined]

    def _load(self, household_id: int) -> None:
        detail = household_service.get_household_detail(self.context.db, household_id)
        state = HouseholdState.of(detail)
        self._original = state
        self._saved = SavedHousehold(household_id, state, detail.household.version)
        for name, value in state.fields.items():
            self.fields.set_value(name, value)
        self.fields.set_value("status", state.status)
        self.fields.set_value("parked_until", state.parked_until)
        for member in state.members:
            self.add_member(member)
        for ags, kind in state.wishes:
            self.add_wish(ags, kind)
        self.name = detail.household.case_number
        self.setWindowTitle(self.tr("Household %1").replace("%1", self.name))

    @property
    def version(self) -> int | None:
        return self._saved.version if self._saved is not None else None

    # --- saving --------------------------------------------------------------------------------------

    def state(self) -> tuple[HouseholdState, list[FieldError]]:
        members, errors = self._member_rows()
        state = HouseholdState(
            fields=self.fields.values(HOUSEHOLD_FIELDS),
            status=self.fields.value("status"),
            parked_until=self.fields.value("parked_until"),
            members=tuple(members),
            wishes=tuple(self._wish_rows()),
            barred=self._saved.state.barred if self._saved is not None else (),
        )
        return state, errors

    def save(self) -> None:
        self.banner.show_message("")
        target, typing_errors = self.state()
        if typing_errors:
            self._show_errors(typing_errors)
            return
        missing = without_missing(HouseholdBase, target.fields)[1] if self._saved is not None else []
        if missing:  # a choice emptied on a saved household: nothing is saved until it is made again
            message = self.tr("Please choose an entry from the list.")
            self._show_errors([FieldError(name, message) for name in missing])
            return
        try:
            if self._saved is None:
                self._create(target)
            else:
                save_household(self.context.db, self._saved, target)
                if self._original is not None and target != self._original:
                    assert self.household_id is not None
                    command = EditHouseholdCommand(
                        self.context, self.household_id, self._original, target, self._saved.version, self.name
                    )
                    self.context.undo_stack.push(command)
        except ValidationFailed as exc:
            self._show_errors(exc.errors)
            return
        except MatcherError as exc:  # ConflictError: someone else saved; NotFound: deleted meanwhile
            self.banner.show_message(str(exc))
            return
        assert self.household_id is not None
        self.saved.emit(self.household_id)
        self.accept()

    def _create(self, target: HouseholdState) -> None:
        data = {**target.fields, "status": target.status, "parked_until": target.parked_until}
        data = without_missing(HouseholdBase, data)[0]
        detail = household_service.create_household(
            self.context.db, data, target.members, wishes=target.wishes, barred_ags=None
        )
        self.household_id = detail.household.id

    def _show_errors(self, errors: list[FieldError]) -> None:
        self.members.clear_marks()
        self.wishes.clear_marks()
        rest = self.fields.show_errors(errors)
        members, wishes, other = [], [], []
        for error in rest:
            match = ROW_ERROR.match(error.field)
            if error.field == "members" or (match and match.group(1) == "members"):
                members.append(error)
                if match:
                    self._mark(self.members, int(match.group(2)), match.group(3), error.message)
            elif match and match.group(1) == "wishes":
                wishes.append(error)
                self.wishes.mark(int(match.group(2)), 0 if match.group(3) == "ags" else 1, error.message)
            else:
                other.append(error)
        self.members.show_marks()
        self.wishes.show_marks()
        self.members_error.show_message("\n".join(self._row_message(e) for e in members))
        self.wishes_error.show_message("\n".join(self._row_message(e) for e in wishes))
        text = "\n".join(str(e) for e in other) or self.tr(
            "Please correct the marked fields. Nothing has been saved yet."
        )
        self.banner.show_message(text)
        page = self.fields.first_error_page(errors)
        if page is None:
            page = 1 if members else 2 if wishes else None
        if page is not None:
            self.tabs.setCurrentIndex(page)

    def _mark(self, table: ListTable, row: int, name: str, message: str) -> None:
        if name in MEMBER_FIELDS and row < table.rowCount():
            table.mark(row, MEMBER_FIELDS.index(name), message)

    def _row_message(self, error: FieldError) -> str:
        match = ROW_ERROR.match(error.field)
        if error.label:
            return f"{error.label}: {error.message}"
        if match:  # a typing error found here: name the person and the column
            column = MEMBER_FIELDS.index(match.group(3))
            title = self.members.horizontalHeaderItem(column).text()
            person = self.tr("Person %1").replace("%1", str(int(match.group(2)) + 1))
            return f"{person} – {title}: {error.message}"
        return error.message

    def error_text(self, name: str) -> str:
        return self.fields.error_text(name)
