"""The households area (Haushalte): who is waiting for a flat, since when, and where they live now.

Sensitive data (residence status, health needs) is deliberately not shown here: it will live on its own
tab of the household form, never in a list or its summary pane.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QWidget

from matcher.core.enums import HouseholdStatus, Urgency
from matcher.core.services.queries import HouseholdRow
from matcher.ui.detail_pane import Section
from matcher.ui.labels import label_of
from matcher.ui.list_page import ListPage, PageTexts
from matcher.ui.table_models import HouseholdTableModel, day


class HouseholdsPage(ListPage):
    def __init__(self, loader: Callable[[], Sequence[HouseholdRow]], parent: QWidget | None = None) -> None:
        super().__init__(HouseholdTableModel(), loader, "households", parent)

    def page_texts(self) -> PageTexts:
        return PageTexts(
            search=self.tr("Search case number, name, accommodation…"),
            empty_title=self.tr("No households recorded yet."),
            empty_hint=self.tr(
                "Entering households and importing lists will follow in one of the next versions. "
                "To get to know the program, you can open the demo database."
            ),
            no_match=self.tr("No household matches the search and the filters."),
            select_hint=self.tr("Select a household in the list to see its details here."),
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
