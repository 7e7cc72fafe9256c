"""The flat form: create or edit a flat with its landlord, address, space, costs, funding binding and
head lease, and read its history.

Saving goes through `services/flats.py`, which checks every field and rule at once; each message
appears under its field (German, from the core) and the form stays open with everything typed. A
record someone else saved in between is not overwritten: the banner says so and the input stays.
An edit is pushed to the window's undo stack as "Wohnung … bearbeiten".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from matcher.core import enums as E
from matcher.core.errors import ConflictError, FieldError, MatcherError, ValidationFailed
from matcher.core.models import FlatBase, LandlordBase
from matcher.core.services import flats as flat_service
from matcher.core.services import landlords as landlord_service
from matcher.core.services import queries
from matcher.ui.context import AppContext
from matcher.ui.form_fields import (
    ERROR_COLOUR,
    CheckField,
    ChoiceField,
    DateField,
    EnumField,
    ErrorLabel,
    FieldSet,
    FloatField,
    IntField,
    MoneyField,
    NotesField,
    TextField,
    form_page,
    model_defaults,
    without_missing,
)
from matcher.ui.labels import label_of
from matcher.ui.undo import EditFlatCommand

FLAT_FIELDS = tuple(FlatBase.model_fields)


class Banner(ErrorLabel):
    """A message above the form for what concerns no single field (a conflict, a lost connection)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QLabel.Shape.StyledPanel)
        self.setContentsMargins(8, 6, 8, 6)
        self.setStyleSheet(f"border: 1px solid {ERROR_COLOUR}; border-radius: 3px;")


class LandlordDialog(QDialog):
    """Record a new landlord with the essentials; the flat form then selects it."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.landlord_id: int | None = None
        self.setWindowTitle(self.tr("New landlord"))
        self.fields = FieldSet()
        form = QFormLayout()
        f = self.fields
        f.add(form, "kind", self.tr("Kind"), EnumField(E.LandlordKind))
        f.add(form, "name", self.tr("Name"), TextField())
        f.add(form, "representative", self.tr("Represented by"), TextField())
        f.add(form, "street", self.tr("Street and number"), TextField())
        f.add(form, "postcode", self.tr("Postcode"), TextField())
        f.add(form, "city", self.tr("Town"), TextField())
        f.add(form, "phone", self.tr("Phone"), TextField())
        f.add(form, "email", self.tr("Email"), TextField())
        self.banner = Banner()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Save landlord"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def save(self) -> None:
        data = {name: value for name, value in self.fields.values().items() if name in LandlordBase.model_fields}
        try:
            landlord = landlord_service.create_landlord(self.context.db, data)
        except ValidationFailed as exc:
            rest = self.fields.show_errors(exc.errors)
            self.banner.show_message("\n".join(str(e) for e in rest))
            return
        except MatcherError as exc:
            self.banner.show_message(str(exc))
            return
        self.landlord_id = landlord.id
        self.accept()


class FlatForm(QDialog):
    """Create (flat_id None) or edit one flat. `saved(flat_id)` after a successful save."""

    saved = Signal(int)

    def __init__(self, context: AppContext, flat_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.flat_id = flat_id
        self.version: int | None = None
        self._loaded: dict[str, Any] = {}
        self.fields = FieldSet()
        self._build()
        self._load_choices()
        if flat_id is None:
            self.setWindowTitle(self.tr("New flat"))
            self.name = ""
            for name, value in model_defaults(FlatBase).items():
                self.fields.set_value(name, value)
            self._loaded = self.fields.values()
        else:
            self._load(flat_id)
        self.fields.widgets["street"].setFocus()

    # --- building ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.addTab(self._address_tab(), self.tr("&Address and landlord"))
        self.tabs.addTab(self._space_tab(), self.tr("S&pace and features"))
        self.tabs.addTab(self._costs_tab(), self.tr("&Costs"))
        self.tabs.addTab(self._funding_tab(), self.tr("&Funding and head lease"))
        self.history = self._history_table()
        self.tabs.addTab(self.history, self.tr("&History"))
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
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 100, self.fontMetrics().lineSpacing() * 36)

    def _address_tab(self) -> QWidget:
        f, page = self.fields, 0
        landlord, address, letting = QFormLayout(), QFormLayout(), QFormLayout()
        self.landlord = ChoiceField(key_type=int)
        self.new_landlord = QPushButton(self.tr("New landlord…"))
        self.new_landlord.clicked.connect(self._create_landlord)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.landlord, 1)
        line.addWidget(self.new_landlord)
        f.add(landlord, "landlord_id", self.tr("Landlord"), self.landlord, page, shown=row)
        f.add(landlord, "owner_id", self.tr("Owner (if different)"), ChoiceField(optional=True, key_type=int), page)
        f.add(landlord, "landlord_reference", self.tr("Landlord's flat reference"), TextField(), page)
        f.add(address, "street", self.tr("Street"), TextField(), page)
        f.add(address, "house_number", self.tr("House number"), TextField(), page)
        f.add(address, "postcode", self.tr("Postcode"), TextField(), page)
        f.add(address, "ags", self.tr("Municipality"), ChoiceField(), page)
        f.add(address, "locality", self.tr("District of the town"), TextField(), page)
        f.add(address, "floor", self.tr("Floor"), IntField(-2, 40), page)
        f.add(address, "flat_number", self.tr("Flat number"), TextField(), page)
        f.add(letting, "status", self.tr("Status"), EnumField(E.FlatStatus), page)
        f.add(letting, "available_from", self.tr("Available from"), DateField(), page)
        f.add(letting, "notes", self.tr("Notes"), NotesField(), page)
        return form_page(
            (self.tr("Landlord"), landlord), (self.tr("Address"), address), (self.tr("Availability"), letting)
        )

    def _space_tab(self) -> QWidget:
        f, page = self.fields, 1
        space, features, energy = QFormLayout(), QFormLayout(), QFormLayout()
        f.add(space, "living_area_m2", self.tr("Living area"), FloatField(0, 1000, 1, " m²"), page)
        f.add(space, "rooms", self.tr("Rooms"), FloatField(0, 20, 1), page)
        f.add(space, "bedrooms", self.tr("Bedrooms"), IntField(0, 15), page)
        f.add(space, "max_occupants", self.tr("At most persons"), IntField(1, 30, optional=True), page)
        for name, text in (
            ("elevator", self.tr("Lift")),
            ("step_free", self.tr("Step-free access")),
            ("wheelchair_accessible", self.tr("Wheelchair accessible")),
            ("has_kitchen", self.tr("Kitchen")),
            ("fitted_kitchen", self.tr("Fitted kitchen")),
            ("has_bath", self.tr("Bathroom")),
            ("has_cellar", self.tr("Cellar")),
            ("has_parking", self.tr("Parking space")),
            ("pets_allowed", self.tr("Pets allowed")),
            ("smoke_detectors", self.tr("Smoke detectors")),
        ):
            f.add(features, name, text, CheckField(), page)
        f.add(energy, "energy_certificate_kind", self.tr("Energy certificate (kind)"), TextField(), page)
        f.add(energy, "energy_kwh_per_m2", self.tr("Energy value"), FloatField(0, 1000, 1, " kWh/(m²·a)", True), page)
        f.add(energy, "energy_class", self.tr("Energy efficiency class"), TextField(), page)
        return form_page(
            (self.tr("Space and rooms"), space),
            (self.tr("Features and access"), features),
            (self.tr("Energy"), energy),
        )

    def _costs_tab(self) -> QWidget:
        f, page = self.fields, 2
        rent, heating, deposit = QFormLayout(), QFormLayout(), QFormLayout()
        f.add(rent, "net_rent_cents", self.tr("Net cold rent"), MoneyField(), page)
        f.add(rent, "operating_costs_cents", self.tr("Operating costs"), MoneyField(), page)
        f.add(rent, "heating_costs_cents", self.tr("Heating costs"), MoneyField(), page)
        f.add(rent, "surcharges_cents", self.tr("Surcharges (garage, furniture)"), MoneyField(), page)
        f.add(heating, "heating_type", self.tr("Heating"), EnumField(E.HeatingType), page)
        f.add(heating, "heating_fuel", self.tr("Energy source"), EnumField(E.HeatingFuel), page)
        f.add(heating, "hot_water_central", self.tr("Central hot water"), CheckField(), page)
        f.add(deposit, "deposit_cents", self.tr("Deposit"), MoneyField(), page)
        f.add(deposit, "cooperative_shares", self.tr("Cooperative shares (number)"), IntField(0, 1000, True), page)
        f.add(deposit, "cooperative_share_cents", self.tr("Amount per share"), MoneyField(optional=True), page)
        return form_page(
            (self.tr("Rent per month"), rent), (self.tr("Heating"), heating), (self.tr("Deposit and shares"), deposit)
        )

    def _funding_tab(self) -> QWidget:
        f, page = self.fields, 3
        funding, lease = QFormLayout(), QFormLayout()
        f.add(funding, "funded", self.tr("Publicly funded"), CheckField(), page)
        f.add(funding, "funding_programme", self.tr("Funding programme"), TextField(), page)
        f.add(funding, "binding_end", self.tr("Binding until"), DateField(), page)
        per_m2 = MoneyField(10_000, optional=True, suffix=self.tr(" € per m²"))
        f.add(funding, "permitted_rent_cents_per_m2", self.tr("Permitted rent"), per_m2, page)
        f.add(funding, "wbs_required", self.tr("Housing entitlement certificate required"), CheckField(), page)
        f.add(lease, "head_lease_start", self.tr("Rented by the municipality since"), DateField(), page)
        f.add(lease, "head_lease_end", self.tr("Rented until"), DateField(), page)
        f.add(lease, "head_lease_notice_date", self.tr("Can be terminated as of"), DateField(), page)
        f.add(lease, "head_lease_monthly_cost_cents", self.tr("Cost per month"), MoneyField(optional=True), page)
        return form_page((self.tr("Funding and binding"), funding), (self.tr("Head lease by the municipality"), lease))

    def _history_table(self) -> QTableWidget:
        table = QTableWidget(0, 3)
        table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("What")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return table

    # --- loading -------------------------------------------------------------------------------------

    def _load_choices(self) -> None:
        db = self.context.db
        landlords = [
            (int(c.key), f"{c.name} ({label_of(E.LandlordKind, c.detail)})") for c in queries.landlord_choices(db)
        ]
        self.landlord.set_choices(landlords)
        self.fields.widgets["owner_id"].set_choices(landlords)  # type: ignore[attr-defined]
        places = [(c.key, f"{c.name} ({c.detail})") for c in queries.municipality_choices(db)]
        self.fields.widgets["ags"].set_choices(places)  # type: ignore[attr-defined]

    def _load(self, flat_id: int) -> None:
        flat = flat_service.get_flat(self.context.db, flat_id)
        self.version = flat.version
        for name in FLAT_FIELDS:
            self.fields.set_value(name, getattr(flat, name))
        self._loaded = self.fields.values()
        self.name = f"{flat.street} {flat.house_number}"
        self.setWindowTitle(self.tr("Flat %1").replace("%1", self.name))
        self._show_history(flat_id)

    def _show_history(self, flat_id: int) -> None:
        entries = queries.flat_history(self.context.db, flat_id)
        self.history.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            when = entry.at.astimezone().strftime("%d.%m.%Y %H:%M")
            for column, text in enumerate((when, entry.user, self._history_text(entry))):
                self.history.setItem(row, column, QTableWidgetItem(text))
        self.history.resizeRowsToContents()

    def _history_text(self, entry: queries.HistoryEntry) -> str:
        if entry.action == "status_change":
            text = self.tr("Status: %1").replace("%1", label_of(E.FlatStatus, entry.status))
            return f"{text} – {entry.text}" if entry.text else text
        if entry.text.startswith("Felder: "):  # audit names fields by their code names: show their labels
            names = [self._label_of(name) for name in entry.text.removeprefix("Felder: ").split(", ")]
            return self.tr("Changed: %1").replace("%1", ", ".join(names))
        if entry.action == "create":
            return self.tr("Flat recorded")
        return entry.text

    def _label_of(self, name: str) -> str:
        widget = self.fields.widgets.get(name)
        return widget.accessibleName() if widget is not None else name

    # --- saving --------------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return self.fields.values(FLAT_FIELDS)

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.values().items() if self._loaded.get(k) != v}

    def save(self) -> None:
        self.banner.show_message("")
        try:
            if self.flat_id is None:
                flat = flat_service.create_flat(self.context.db, without_missing(FlatBase, self.values())[0])
                assert flat.id is not None
                self.flat_id = flat.id
            else:
                changes, missing = without_missing(FlatBase, self.changes())
                if missing:  # a choice emptied: nothing is saved until it is made again
                    message = self.tr("Please choose an entry from the list.")
                    self._show_errors([FieldError(name, message) for name in missing])
                    return
                if changes:
                    flat = flat_service.update_flat(
                        self.context.db, self.flat_id, changes, expected_version=self.version
                    )
                    before = {k: self._loaded[k] for k in changes}
                    command = EditFlatCommand(self.context, self.flat_id, before, changes, flat.version, self.name)
                    self.context.undo_stack.push(command)
        except ValidationFailed as exc:
            self._show_errors(exc.errors)
            return
        except ConflictError as exc:
            self.banner.show_message(str(exc))
            return
        except MatcherError as exc:
            self.banner.show_message(str(exc))
            return
        self.saved.emit(self.flat_id)
        self.accept()

    def _show_errors(self, errors: list[FieldError]) -> None:
        rest = self.fields.show_errors(errors)
        if rest:
            self.banner.show_message("\n".join(str(e) for e in rest))
        else:
            self.banner.show_message(self.tr("Please correct the marked fields. Nothing has been saved yet."))
        page = self.fields.first_error_page(errors)
        if page is not None:
            self.tabs.setCurrentIndex(page)
            first = next(e.field for e in errors if e.field in self.fields.widgets)
            self.fields.widgets[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def error_text(self, name: str) -> str:
        return self.fields.error_text(name)

    def _create_landlord(self) -> None:
        dialog = LandlordDialog(self.context, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.landlord_id is not None:
            self._load_choices()
            self.landlord.set_value(dialog.landlord_id)
