"""The flats area (Wohnungen): every flat with its costs and status, searchable and filterable."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from matcher.core import formatting
from matcher.core.db import Database
from matcher.core.enums import FlatStatus, LandlordKind
from matcher.core.errors import MatcherError
from matcher.core.services import flats as flat_service
from matcher.core.services import queries
from matcher.core.services.queries import FirstRows, FlatRow
from matcher.ui.context import AppContext, Entity
from matcher.ui.database_dialogs import show_error
from matcher.ui.detail_pane import Section
from matcher.ui.flat_form import FlatForm
from matcher.ui.labels import label_of
from matcher.ui.list_page import ListPage, PageTexts
from matcher.ui.table_models import FlatTableModel, count, day, money
from matcher.ui.undo import DeleteFlatCommand


def confirm_delete(parent: QWidget, name: str) -> bool:
    """Ask before deleting a flat: "Löschen" or "Abbrechen", the latter the default (Enter does no harm)."""
    title = QCoreApplication.translate("FlatsPage", "Delete flat")
    question = QCoreApplication.translate("FlatsPage", "Delete flat %1?").replace("%1", name)
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    box.setInformativeText(
        QCoreApplication.translate(
            "FlatsPage",
            "Its distances and status history are deleted with it; Edit → Undo brings it back. "
            "A flat with placements or documents cannot be deleted: block it instead.",
        )
    )
    delete = box.addButton(QCoreApplication.translate("FlatsPage", "&Delete"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is delete


class FlatsPage(ListPage):
    ENTITY = Entity.FLAT
    RELOAD_ON = frozenset({Entity.PLACEMENT, Entity.LANDLORD})  # placements change a flat's status

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(FlatTableModel(), context, "flats", parent)
        self.form: FlatForm | None = None

    def load_rows(self, db: Database) -> Sequence[FlatRow]:
        return queries.flat_rows(db)

    def load_first_rows(self, db: Database, sort_key: str | None, descending: bool, limit: int) -> FirstRows:
        return queries.first_flat_rows(db, sort_key, descending, limit)

    def open_form(self, record_id: int | None) -> None:
        """The flat form (window-modal, so the list stays visible behind it)."""
        self.form = FlatForm(self.context, record_id, self)
        self.form.saved.connect(self._saved)
        self.form.open()

    def delete_record(self) -> None:
        """Edit → Delete: delete the selected flat after asking; refused by the core (German reason shown)
        while placements, documents or a running head lease hang on it. Undoable."""
        row = self.current_row()
        if row is None or self.context.db.read_only:
            return
        name = self.flat_name(row)
        try:
            version = flat_service.deletable_version(self.context.db, row.id)  # refused before asking
            if not confirm_delete(self, name):
                return
            snapshot = flat_service.delete_flat(self.context.db, row.id, expected_version=version)
        except MatcherError as exc:
            show_error(self, self.tr("The flat cannot be deleted"), str(exc))
            self.context.notify_changed(Entity.FLAT)  # someone else may have changed or deleted it
            return
        self.context.undo_stack.push(DeleteFlatCommand(self.context, snapshot, name))
        self.context.notify_changed(Entity.FLAT)

    def flat_name(self, row: FlatRow) -> str:
        """Street and number, with the flat number when there is one ("Hauptstraße 12, Whg. 2")."""
        name = f"{row.street} {row.house_number}"
        if row.flat_number:
            name = self.tr("%1, flat %2").replace("%1", name).replace("%2", row.flat_number)
        return name

    def _saved(self, flat_id: int) -> None:
        self._pending_id = flat_id  # selected once the list has reloaded
        self.context.notify_changed(Entity.FLAT)

    def page_texts(self) -> PageTexts:
        return PageTexts(
            search=self.tr("Search address, municipality, landlord…"),
            empty_title=self.tr("No flats recorded yet."),
            empty_hint=self.tr(
                "Record the first one with File → New (Ctrl+N). "
                "To get to know the program, you can open the demo database."
            ),
            no_match=self.tr("No flat matches the search and the filters."),
            select_hint=self.tr("Select a flat in the list to see its details here."),
            new_record=self.tr("+ New flat"),
        )

    def details(self, row: FlatRow) -> tuple[str, Sequence[Section]]:
        title = row.address
        if row.flat_number:
            title += " · " + self.tr("Flat %1").replace("%1", row.flat_number)
        return title, [self._address(row), self._space(row), self._costs(row), self._letting(row), self._features(row)]

    def _address(self, row: FlatRow) -> Section:
        return self.tr("Location"), [
            (self.tr("Address"), f"{row.address}\n{row.postcode} {row.municipality}"),
            (self.tr("Flat number"), row.flat_number),
            (self.tr("Floor"), self._floor(row.floor)),
        ]

    def _space(self, row: FlatRow) -> Section:
        return self.tr("Space and rooms"), [
            (self.tr("Living area"), formatting.area(row.living_area_m2)),
            (self.tr("Rooms"), count(row.rooms)),
            (self.tr("Bedrooms"), str(row.bedrooms)),
        ]

    def _costs(self, row: FlatRow) -> Section:
        return self.tr("Costs per month"), [
            (self.tr("Net cold rent"), money(row.net_rent_cents)),
            (self.tr("Gross cold rent"), money(row.gross_cold_rent_cents)),
            (self.tr("Heating costs"), money(row.heating_costs_cents)),
        ]

    def _letting(self, row: FlatRow) -> Section:
        return self.tr("Availability and landlord"), [
            (self.tr("Status"), label_of(FlatStatus, row.status)),
            (self.tr("Available from"), day(row.available_from)),
            (self.tr("Landlord"), row.landlord),
            (self.tr("Kind of landlord"), label_of(LandlordKind, row.landlord_kind)),
        ]

    def _features(self, row: FlatRow) -> Section:
        return self.tr("Access and funding"), [
            (self.tr("Lift"), self._yes_no(row.elevator)),
            (self.tr("Step-free access"), self._yes_no(row.step_free)),
            (self.tr("Wheelchair accessible"), self._yes_no(row.wheelchair_accessible)),
            (self.tr("Publicly funded"), self._yes_no(row.funded)),
            (self.tr("Head lease"), self._yes_no(row.head_lease)),
        ]

    def _floor(self, floor: int) -> str:
        if floor == 0:
            return self.tr("Ground floor")
        if floor < 0:
            return self.tr("Basement")
        return self.tr("Floor %1").replace("%1", str(floor))

    def _yes_no(self, value: bool) -> str:
        return self.tr("yes") if value else self.tr("no")
