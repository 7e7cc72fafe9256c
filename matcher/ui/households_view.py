"""The households area (Haushalte): who is waiting for a flat, since when, and where they live now.

Sensitive data (residence status, health needs) is deliberately not shown here: it lives on its own
tab of the household form (`household_form.py`), never in a list or its summary pane.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu, QWidget

from matcher.core.db import Database
from matcher.core.enums import HouseholdStatus, Urgency
from matcher.core.services import queries
from matcher.core.services.queries import FirstRows, HouseholdRow
from matcher.ui.context import AppContext, Entity
from matcher.ui.detail_pane import Section
from matcher.ui.household_form import HouseholdForm
from matcher.ui.labels import label_of
from matcher.ui.list_page import ListPage, PageTexts
from matcher.ui.table_models import HouseholdTableModel, day


class HouseholdsPage(ListPage):
    ENTITY = Entity.HOUSEHOLD
    RELOAD_ON = frozenset({Entity.PLACEMENT})  # placements change a household's status

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(HouseholdTableModel(), context, "households", parent)
        self.form: HouseholdForm | None = None
        self.erasure_dialog: QWidget | None = None  # the last one opened (tests look at it)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)

    def load_rows(self, db: Database) -> Sequence[HouseholdRow]:
        return queries.household_rows(db)

    def load_first_rows(self, db: Database, sort_key: str | None, descending: bool, limit: int) -> FirstRows:
        return queries.first_household_rows(db, sort_key, descending, limit)

    def open_form(self, record_id: int | None) -> None:
        """The household form (window-modal, so the list stays visible behind it)."""
        self.form = HouseholdForm(self.context, record_id, self)
        self.form.saved.connect(self._saved)
        self.form.open()

    def _saved(self, household_id: int) -> None:
        self._pending_id = household_id  # selected once the list has reloaded
        self.context.notify_changed(Entity.HOUSEHOLD)

    # --- data protection (privacy_dialogs.py) ----------------------------------------------------------

    def delete_record(self) -> None:
        """Edit → Delete (Del): erase the selected household for good (Art. 17 GDPR), after confirmation."""
        from matcher.ui.privacy_dialogs import open_erasure_dialog

        row = self.current_row()
        if row is not None and not self.context.read_only:
            self.erasure_dialog = open_erasure_dialog(self.context, row.id, row.version, self)

    def subject_access_current(self) -> None:
        """Information for the selected household about its data (Art. 15 GDPR): PDF and JSON in a folder."""
        from matcher.ui.privacy_dialogs import export_subject_access

        row = self.current_row()
        if row is not None:
            export_subject_access(self, self.context, row.id, row.case_number)

    def row_menu(self) -> QMenu:
        """The list's context menu for the selected household."""
        menu = QMenu(self)
        selected = self.current_row() is not None
        edit = menu.addAction(self.tr("&Edit…"), self.edit_current)
        menu.addSeparator()
        access = menu.addAction(self.tr("&Information for the data subject (Art. 15)…"), self.subject_access_current)
        erase = menu.addAction(self.tr("&Delete permanently (Art. 17)…"), self.delete_record)
        edit.setEnabled(selected)
        for action in (access, erase):
            action.setEnabled(selected and not self.context.read_only)
            if self.context.read_only:
                action.setToolTip(self.tr("The database is open read-only."))
        return menu

    def _row_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        self.row_menu().exec(self.table.viewport().mapToGlobal(position))

    def page_texts(self) -> PageTexts:
        return PageTexts(
            search=self.tr("Search case number, name, accommodation…"),
            empty_title=self.tr("No households recorded yet."),
            empty_hint=self.tr(
                "Record the first one with File → New (Ctrl+N). "
                "To get to know the program, you can open the demo database."
            ),
            no_match=self.tr("No household matches the search and the filters."),
            select_hint=self.tr("Select a household in the list to see its details here."),
            new_record=self.tr("+ New household"),
        )

    def details(self, row: HouseholdRow) -> tuple[str, Sequence[Section]]:
        title = " · ".join(part for part in (row.case_number, row.applicant) if part)
        return title, [self._household(row), self._search(row), self._accommodation(row)]

    def _household(self, row: HouseholdRow) -> Section:
        return self.tr("Household"), [
            (self.tr("Case number"), row.case_number),
            (self.tr("Applicant"), row.applicant),
            (self.tr("Persons"), str(row.size)),
            (self.tr("Of whom children"), str(row.children)),
        ]

    def _search(self, row: HouseholdRow) -> Section:
        return self.tr("Search for a flat"), [
            (self.tr("Status"), label_of(HouseholdStatus, row.status)),
            (self.tr("Urgency"), label_of(Urgency, row.urgency)),
            (self.tr("Seeking a flat since"), day(row.registered_on)),
        ]

    def _accommodation(self, row: HouseholdRow) -> Section:
        return self.tr("Current accommodation"), [
            (self.tr("Accommodation"), row.current_accommodation),
            (self.tr("Municipality"), row.accommodation_municipality or ""),
        ]
