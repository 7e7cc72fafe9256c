"""Einstellungen: the office and its letterhead, the district's rules (a new version from a date on),
the matching weights, and the interface language.

Every tab saves through `core.services.settings`; a refused save shows the core's German messages at
the fields and keeps what was typed. The language is a setting of this computer (QSettings), used from
the next start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from matcher.core import enums as E
from matcher.core import models as M
from matcher.core.errors import MatcherError, ValidationFailed
from matcher.core.formatting import day, number
from matcher.core.reference import DEFAULT_WEIGHTS, WEIGHT_LABELS
from matcher.core.services import matching, queries
from matcher.core.services import settings as service
from matcher.ui import window_state
from matcher.ui.comparison_area_dialog import ComparisonAreaDialog
from matcher.ui.context import AppContext, Entity
from matcher.ui.form_fields import ERROR_COLOUR, DateField, ErrorLabel, FloatField
from matcher.ui.labels import label_of
from matcher.ui.model_form import ModelForm
from matcher.ui.window_state import LANGUAGE_KEY, saved_language

LETTERHEAD = ("name", "department", "street", "postcode", "city", "phone", "email", "website")
SAFETY = ("idle_lock_minutes", "audit_retention_days", "household_retention_days", "statistics_min_count")
RULE_FIELDS = (
    "valid_from",
    "cap_method",
    "cap_round_to_euro",
    "cap_enforcement",
    "heating_limit_cents_per_m2",
    "heating_enforcement",
    "min_area_per_occupant_m2",
    "single_parent_extra_m2",
    "disability_extra_m2",
    "wheelchair_extra_m2",
    "source",
    "notes",
)
AREA_SIZES = (1, 2, 3, 4, 5, M.EACH_ADDITIONAL)


def _scrolled(widget: QWidget) -> QScrollArea:
    widget.setMaximumWidth(widget.fontMetrics().averageCharWidth() * 150)  # calm line lengths on wide screens
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


class SaveRow(QWidget):
    """A save button with the outcome beside it ("Gespeichert um 09:41" or what went wrong)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QPushButton(text)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.message, 1)

    def saved(self) -> None:
        self.message.setText(self.tr("Saved at %1").replace("%1", datetime.now().strftime("%H:%M")))

    def failed(self, text: str) -> None:
        self.message.setText(text)


class OfficeTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.letterhead = ModelForm(M.OfficeBase, LETTERHEAD)
        self.district = QComboBox()
        self.district.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.district.setAccessibleName(self.tr("District"))
        self.letterhead.layout_.addRow(self.tr("District"), self.district)
        self.safety = ModelForm(M.OfficeBase, SAFETY)
        self.logo = QLabel()
        self.logo.setFixedHeight(self.fontMetrics().height() * 5)
        self.choose_logo = QPushButton(self.tr("Choose logo…"))
        self.remove_logo = QPushButton(self.tr("Remove logo"))
        self.choose_logo.clicked.connect(self._choose_logo)
        self.remove_logo.clicked.connect(lambda: self.store_logo(None))
        self.save = SaveRow(self.tr("Save office data"))
        self.save.button.clicked.connect(self.save_office)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(self.choose_logo)
        logo_row.addWidget(self.remove_logo)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self._group(self.tr("Letterhead"), self.letterhead))
        logo_box = QGroupBox(self.tr("Logo on documents"))
        logo_box.setLayout(logo_row)
        layout.addWidget(logo_box)
        layout.addWidget(self._group(self.tr("Security and retention"), self.safety))
        layout.addWidget(self.save)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(_scrolled(content))

    @staticmethod
    def _group(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(widget)
        return box

    def load(self) -> None:
        office = service.get_office(self.context.db)
        self.district.clear()
        self.district.addItem("–", None)
        for choice in queries.district_choices(self.context.db):
            self.district.addItem(f"{choice.name} ({choice.key})", choice.key)
        self.district.setCurrentIndex(max(self.district.findData(office.kreis_key), 0))
        self.letterhead.set_values(office)
        self.safety.set_values(office)
        self._show_logo(office.logo)

    def _show_logo(self, content: bytes | None) -> None:
        pixmap = QPixmap()
        if content and pixmap.loadFromData(content):
            self.logo.setPixmap(pixmap.scaledToHeight(self.logo.height(), Qt.TransformationMode.SmoothTransformation))
        else:
            self.logo.setText(self.tr("No logo: documents show the office name only."))
        self.remove_logo.setEnabled(bool(content))

    def values(self) -> dict[str, object]:
        return {**self.letterhead.values(), **self.safety.values(), "kreis_key": self.district.currentData()}

    def save_office(self) -> bool:
        try:
            service.update_office(self.context.db, self.values())
        except ValidationFailed as exc:
            rest = self.letterhead.show_errors(exc)
            rest = [m for m in rest if not any(m.startswith(f.label) for f in self.safety.fields.values())]
            self.safety.show_errors(exc)
            self.save.failed(" ".join(rest) or self.tr("Please correct the marked fields."))
            return False
        self.letterhead.clear_errors()
        self.safety.clear_errors()
        self.save.saved()
        self.context.notify_changed(Entity.SETTINGS)
        return True

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose logo"), "", self.tr("Images (*.png *.jpg *.jpeg)"))
        if path:
            self.store_logo(Path(path).read_bytes())

    def store_logo(self, content: bytes | None) -> bool:
        try:
            office = service.set_office_logo(self.context.db, content)
        except ValidationFailed as exc:
            self.save.failed(" ".join(e.message for e in exc.errors))
            return False
        self._show_logo(office.logo)
        self.save.saved()
        return True


class RulesTab(QWidget):
    """The versions of the district's rules, and a form for a new version from a date on."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.kreis_key: str | None = None
        self.heading = QLabel()
        self.versions = QTableWidget(0, 5)
        self.versions.setHorizontalHeaderLabels(
            [
                self.tr("Valid from"),
                self.tr("Rent limit"),
                self.tr("Rent above"),
                self.tr("Minimum area"),
                self.tr("Source"),
            ]
        )
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.versions.verticalHeader().hide()
        self.versions.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.versions.setMaximumHeight(self.fontMetrics().height() * 9)
        self.form = ModelForm(M.DistrictRulesBase, RULE_FIELDS)
        self.areas: dict[int, FloatField] = {}
        area_form = QFormLayout()
        for size in AREA_SIZES:
            spin = FloatField(0, 500, 1, " m²")
            self.areas[size] = spin
            area_form.addRow(self._size_label(size), spin)
        self.area_error = QLabel()
        self.area_error.setWordWrap(True)
        self.area_error.hide()
        area_form.addRow(self.area_error)
        self.barred: list[str] = []
        self.save = SaveRow(self.tr("Save new version"))
        self.save.button.clicked.connect(self.save_version)
        new_box = QGroupBox(self.tr("New version of the rules"))
        columns = QHBoxLayout(new_box)
        columns.addWidget(self.form, 3)
        area_box = QGroupBox(self.tr("Appropriate living area"))
        area_box.setLayout(area_form)
        columns.addWidget(area_box, 2, Qt.AlignmentFlag.AlignTop)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.heading)
        layout.addWidget(self.versions)
        layout.addWidget(new_box)
        layout.addWidget(self.save)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(_scrolled(content))

    def _size_label(self, size: int) -> str:
        if size == M.EACH_ADDITIONAL:
            return self.tr("Each further person")
        return self.tr("1 person") if size == 1 else self.tr("%1 persons").replace("%1", str(size))

    def load(self) -> None:
        office = service.get_office(self.context.db)
        self.kreis_key = office.kreis_key
        if self.kreis_key is None:
            self.heading.setText(self.tr("Choose your district on the Office tab first."))
            self.setEnabled(False)
            return
        self.setEnabled(True)
        versions = service.rules_versions(self.context.db, self.kreis_key)
        self.heading.setText(self.tr("Rules of district %1, newest version first").replace("%1", self.kreis_key))
        self.versions.setRowCount(len(versions))
        for row, rules in enumerate(reversed(versions)):
            minimum = f"{number(rules.min_area_per_occupant_m2, 1)} m²"
            cells = (
                day(rules.valid_from),
                label_of(E.CapMethod, rules.cap_method),
                label_of(E.Enforcement, rules.cap_enforcement),
                minimum,
                rules.source,
            )
            for column, text in enumerate(cells):
                self.versions.setItem(row, column, QTableWidgetItem(text))
        self.versions.resizeColumnsToContents()
        current = service.rules_for(self.context.db, self.kreis_key, date.today())
        if current is not None:
            self.form.set_values({**{n: getattr(current.rules, n) for n in RULE_FIELDS}, "valid_from": date.today()})
            for size, spin in self.areas.items():
                spin.setValue(current.area_table.get(size, 0.0))
            self.barred = list(current.barred)

    def area_table(self) -> dict[int, float]:
        return {size: spin.value() for size, spin in self.areas.items() if spin.value() > 0}

    def save_version(self) -> bool:
        if self.kreis_key is None:
            return False
        try:
            service.add_rules_version(
                self.context.db, self.kreis_key, self.form.values(), self.area_table(), self.barred
            )
        except ValidationFailed as exc:
            rest = self.form.show_errors(exc)
            self.area_error.setText(" ".join(rest))
            self.area_error.setVisible(bool(rest))
            self.save.failed(self.tr("Please correct the marked fields."))
            return False
        except MatcherError as exc:
            self.save.failed(str(exc))
            return False
        self.area_error.hide()
        self.save.saved()
        self.context.notify_changed(Entity.SETTINGS)
        self.load()
        return True


@dataclass(frozen=True)
class CapScope:
    """One row of the Richtwert table: a municipality (`ags`) or a comparison area (`area`)."""

    name: str
    ags: str | None = None
    area: str | None = None
    tip: str = ""

    @property
    def key(self) -> tuple[str | None, str | None]:
        return self.ags, self.area


AMOUNT = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$|^\d+(,\d{1,2})?$|^\d+\.\d{1,2}$")


def parse_euros(text: str) -> int | None:
    """'1.234,56 €' / '512,5' / '512' → cents; None if the text is no amount (the core checks the range)."""
    cleaned = text.replace("€", "").replace("\u00a0", "").replace(" ", "")
    if not AMOUNT.match(cleaned):
        return None
    if "," in cleaned or re.search(r"\.\d{3}$", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return int((Decimal(cleaned) * 100).to_integral_value())
    except InvalidOperation:
        return None


def euro_text(cents: int) -> str:
    """51250 → '512,50' (German digits, no currency sign: the column says €)."""
    return f"{cents // 100:,}".replace(",", ".") + f",{cents % 100:02d}"


class RentCapTab(QWidget):
    """The district's own Richtwert table (KdU concept): the highest gross cold rent per municipality or
    comparison area and household size, from a date on. One row per place, one column per household size.

    Beside it, the district's comparison areas: created, renamed, changed and deleted in a dialog. A
    municipality in an area has no row of its own (the area's row applies to it) unless the table gives it
    own figures, which take precedence over the area's. Changing the areas keeps the amounts typed so far."""

    saved = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.kreis_key: str | None = None
        self.scopes: list[CapScope] = []
        self.areas: list[service.ComparisonAreaInfo] = []
        self.municipalities: list[queries.Choice] = []
        self.area_dialog: ComparisonAreaDialog | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.valid_from = DateField(optional=False)
        self.valid_from.setAccessibleName(self.tr("Valid from"))
        self.switch_method = QCheckBox(self.tr("From this day on, calculate with the district's own table"))
        date_label = QLabel(self.tr("Valid from"))
        date_label.setBuddy(self.valid_from)
        form = QHBoxLayout()
        form.addWidget(date_label)
        form.addWidget(self.valid_from)
        form.addSpacing(self.fontMetrics().averageCharWidth() * 3)
        form.addWidget(self.switch_method)
        form.addStretch(1)
        self.table = QTableWidget(0, len(AREA_SIZES))
        self.table.setHorizontalHeaderLabels([f"{self._size_label(size)}\n(€)" for size in AREA_SIZES])
        self.table.setAlternatingRowColors(True)
        self.table.setAccessibleName(self.tr("Rent limits in euros"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.currentCellChanged.connect(self._follow_table)
        self.errors = ErrorLabel()
        self.save = SaveRow(self.tr("Save rent limits table"))
        self.save.button.clicked.connect(self.save_table)
        columns = QHBoxLayout()
        columns.addWidget(self.table, 1)
        columns.addWidget(self._areas_box())
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(columns, 1)
        layout.addWidget(self.errors)
        layout.addWidget(self.save)

    def _areas_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Comparison areas"))
        box.setMaximumWidth(
            self.fontMetrics().averageCharWidth() * 56
        )  # as wide as its buttons; the table gets the rest
        self.area_list = QListWidget()
        self.area_list.setAccessibleName(self.tr("Comparison areas"))
        self.area_list.currentRowChanged.connect(self._show_area)
        self.area_list.itemActivated.connect(lambda _item: self.edit_area())
        self.area_hint = QLabel()
        self.area_hint.setWordWrap(True)
        self.area_hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.area_error = ErrorLabel()
        self.new_area_button = QPushButton(self.tr("&New…"))
        self.new_area_button.setToolTip(self.tr("Create a comparison area from municipalities of the district"))
        self.new_area_button.clicked.connect(self.new_area)
        self.edit_area_button = QPushButton(self.tr("C&hange…"))
        self.edit_area_button.setToolTip(self.tr("Rename the chosen comparison area or change its municipalities"))
        self.edit_area_button.clicked.connect(self.edit_area)
        self.delete_area_button = QPushButton(self.tr("&Delete"))
        self.delete_area_button.setToolTip(self.tr("Delete the chosen comparison area"))
        self.delete_area_button.clicked.connect(self.delete_area)
        buttons = QHBoxLayout()
        for button in (self.new_area_button, self.edit_area_button, self.delete_area_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.area_list, 1)
        layout.addWidget(self.area_hint)
        layout.addWidget(self.area_error)
        layout.addLayout(buttons)
        return box

    def _size_label(self, size: int) -> str:
        if size == M.EACH_ADDITIONAL:
            return self.tr("Each further person")
        return self.tr("1 person") if size == 1 else self.tr("%1 persons").replace("%1", str(size))

    def load(self) -> None:
        office = service.get_office(self.context.db)
        self.kreis_key = office.kreis_key
        self.errors.show_message("")
        self.area_error.show_message("")
        if self.kreis_key is None:
            self.heading.setText(self.tr("Choose your district on the Office tab first."))
            self.table.setRowCount(0)
            self.area_list.clear()
            self.setEnabled(False)
            return
        self.setEnabled(True)
        today = date.today()
        in_force = [d for d in queries.rent_cap_table_dates(self.context.db, self.kreis_key) if d <= today]
        table = service.get_rent_cap_table(self.context.db, self.kreis_key, in_force[-1]) if in_force else None
        self.valid_from.set_value(in_force[-1] if in_force else today)
        names = {choice.key: choice.name for choice in queries.district_choices(self.context.db)}
        district = names.get(self.kreis_key, self.kreis_key)
        self.heading.setText(
            (
                self.tr("Own rent limits of %1 in force since %2. Enter amounts in euros (gross cold rent).")
                if table is not None
                else self.tr("%1 has no own rent limits table yet. Enter amounts in euros (gross cold rent).")
            )
            .replace("%1", district)
            .replace("%2", day(in_force[-1]) if in_force else "")
        )
        amounts: dict[tuple[str | None, str | None], dict[int, str]] = {}
        for entry in table.rows if table is not None else []:
            if entry.household_size in AREA_SIZES:
                amounts.setdefault((entry.ags, entry.area), {})[entry.household_size] = euro_text(entry.amount_cents)
        self.municipalities = queries.district_municipality_choices(self.context.db, self.kreis_key)
        self._fill(amounts)

    def _typed(self) -> dict[tuple[str | None, str | None], dict[int, str]]:
        """The amounts in the table as they stand (typed or loaded), by place."""
        typed: dict[tuple[str | None, str | None], dict[int, str]] = {}
        for row, scope in enumerate(self.scopes):
            texts = {size: self.cell(row, size).text() for size in AREA_SIZES if self.cell(row, size).text().strip()}
            if texts:
                typed[scope.key] = texts
        return typed

    def _fill(self, amounts: dict[tuple[str | None, str | None], dict[int, str]]) -> None:
        """Rows for the district's areas and its municipalities outside them (or with own figures)."""
        assert self.kreis_key is not None
        self.areas = service.comparison_areas(self.context.db, self.kreis_key)
        names = {choice.key: choice.name for choice in self.municipalities}
        owner = {ags: area.name for area in self.areas for ags in area.members}
        self.scopes = [
            CapScope(
                self.tr("Comparison area %1").replace("%1", area.name),
                area=area.name,
                tip=", ".join(sorted((names.get(ags, ags) for ags in area.members), key=str.casefold)),
            )
            for area in self.areas
        ]
        for choice in self.municipalities:
            if choice.key not in owner:
                self.scopes.append(CapScope(choice.name, ags=choice.key))
            elif (choice.key, None) in amounts:
                tip = self.tr("Belongs to comparison area %1; its own figures take precedence over the area's.")
                own = self.tr("%1 (own figures)").replace("%1", choice.name)
                self.scopes.append(CapScope(own, ags=choice.key, tip=tip.replace("%1", owner[choice.key])))
        self.table.clearContents()
        self.table.setRowCount(len(self.scopes))
        for row, scope in enumerate(self.scopes):
            self._header(row)
            for column, size in enumerate(AREA_SIZES):
                item = QTableWidgetItem(amounts.get(scope.key, {}).get(size, ""))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self._list_areas()

    def _header(self, row: int, warning: bool = False) -> None:
        scope = self.scopes[row]
        item = QTableWidgetItem(("⚠ " if warning else "") + scope.name)
        item.setToolTip(scope.tip)
        if scope.area is not None:  # an area's row stands for several municipalities
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        self.table.setVerticalHeaderItem(row, item)

    # ---- comparison areas ------------------------------------------------------------------------

    def _list_areas(self, current: int | None = None) -> None:
        before = self.selected_area()
        keep = current if current is not None else before.id if before is not None else None
        self.area_list.blockSignals(True)
        self.area_list.clear()
        for area in self.areas:
            item = QListWidgetItem(area.name)
            item.setData(Qt.ItemDataRole.UserRole, area.id)
            self.area_list.addItem(item)
            if area.id == keep:
                self.area_list.setCurrentItem(item)
        self.area_list.blockSignals(False)
        self._show_area()

    def selected_area(self) -> service.ComparisonAreaInfo | None:
        item = self.area_list.currentItem()
        if item is None:
            return None
        return next((area for area in self.areas if area.id == item.data(Qt.ItemDataRole.UserRole)), None)

    def _show_area(self) -> None:
        area = self.selected_area()
        self.edit_area_button.setEnabled(area is not None)
        self.delete_area_button.setEnabled(area is not None)
        if not self.areas:
            self.area_hint.setText(
                self.tr(
                    "No comparison areas yet. If your district's concept groups municipalities, "
                    "create an area with “New…”; the table then has one row for it."
                )
            )
        elif area is None:
            self.area_hint.setText(self.tr("Choose an area to see its municipalities."))
        else:
            scope = next(s for s in self.scopes if s.area == area.name)
            self.area_hint.setText(self.tr("Municipalities: %1").replace("%1", scope.tip))

    def _follow_table(self, row: int) -> None:
        """Choosing an area's row in the table chooses the area beside it."""
        if 0 <= row < len(self.scopes) and (name := self.scopes[row].area) is not None:
            index = next(i for i, area in enumerate(self.areas) if area.name == name)
            self.area_list.setCurrentRow(index)

    def new_area(self) -> None:
        self._open_area_dialog(None)

    def edit_area(self) -> None:
        if (area := self.selected_area()) is not None:
            self._open_area_dialog(area)

    def _open_area_dialog(self, area: service.ComparisonAreaInfo | None) -> None:
        if self.kreis_key is None:
            return
        self.area_error.show_message("")
        dialog = ComparisonAreaDialog(self.context.db, self.kreis_key, area, self.areas, self.municipalities, self)
        dialog.area_saved.connect(lambda stored: self._area_changed(area, stored))
        dialog.finished.connect(dialog.deleteLater)
        self.area_dialog = dialog
        dialog.open()

    def _area_changed(
        self, before: service.ComparisonAreaInfo | None, after: service.ComparisonAreaInfo | None
    ) -> None:
        """Rebuild the rows with what is typed; a renamed area keeps its amounts."""
        typed = self._typed()
        if before is not None and after is not None and (None, before.name) in typed:
            typed[(None, after.name)] = typed.pop((None, before.name))
        self._fill(typed)
        if after is not None:
            self._list_areas(after.id)
        self.context.notify_changed(Entity.SETTINGS)

    def confirm_delete(self, area: service.ComparisonAreaInfo) -> bool:
        question = self.tr("Delete comparison area %1? Its municipalities then get rows of their own again.")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete comparison area"),
            question.replace("%1", area.name),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        yes = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is yes

    def delete_area(self) -> bool:
        area = self.selected_area()
        if area is None or not self.confirm_delete(area):
            return False
        self.area_error.show_message("")
        try:
            service.delete_comparison_area(self.context.db, area.id)
        except ValidationFailed as exc:
            self.area_error.show_message("\n".join(e.message for e in exc.errors))
            return False
        except MatcherError as exc:
            self.area_error.show_message(str(exc))
            return False
        self._area_changed(area, None)
        return True

    # ---- the table -------------------------------------------------------------------------------

    def cell(self, row: int, size: int) -> QTableWidgetItem:
        item = self.table.item(row, AREA_SIZES.index(size))
        assert item is not None
        return item

    def _clear_marks(self) -> None:
        for row in range(len(self.scopes)):
            self._header(row)
            for size in AREA_SIZES:
                self.cell(row, size).setBackground(QBrush())
                self.cell(row, size).setToolTip("")

    def _mark(self, row: int, size: int | None, message: str) -> None:
        """A faulty row gets a warning sign in its header (not colour alone) and tinted cells."""
        self._header(row, warning=True)
        tint = QColor(ERROR_COLOUR)
        tint.setAlpha(60)
        for each in [size] if size is not None else AREA_SIZES:
            self.cell(row, each).setBackground(tint)
            self.cell(row, each).setToolTip(message)

    def entries(self) -> tuple[list[dict[str, object]], list[tuple[int, int]], list[str]]:
        """What is typed → core entries, the (row, size) of each entry, and the amounts that are no number."""
        entries: list[dict[str, object]] = []
        places: list[tuple[int, int]] = []
        unreadable: list[str] = []
        for row, scope in enumerate(self.scopes):
            for size in AREA_SIZES:
                text = self.cell(row, size).text().strip()
                if not text:
                    continue
                cents = parse_euros(text)
                if cents is None:
                    message = self.tr("%1, %2: “%3” is not an amount. Please enter euros, such as 512,50.")
                    message = message.replace("%1", scope.name).replace("%2", self._size_label(size))
                    unreadable.append(message.replace("%3", text))
                    self._mark(row, size, unreadable[-1])
                    continue
                where = {"ags": scope.ags} if scope.ags is not None else {"area": scope.area}
                entries.append({**where, "household_size": size, "amount_cents": cents})
                places.append((row, size))
        return entries, places, unreadable

    def _show_errors(self, exc: ValidationFailed, places: list[tuple[int, int]]) -> None:
        names = {scope.ags: scope.name for scope in self.scopes if scope.ags is not None}
        lines: list[str] = []
        for error in exc.errors:
            parts = error.field.split(".")
            if len(parts) >= 3 and parts[0] == "entries" and parts[1].isdigit() and int(parts[1]) < len(places):
                row, size = places[int(parts[1])]
                line = f"{self.scopes[row].name}, {self._size_label(size)}: {error.message}"
                self._mark(row, size, line)
                lines.append(line)
                continue
            line = error.message
            for ags, name in names.items():
                if ags in line:
                    line = line.replace(ags, name)
                    self._mark(next(i for i, s in enumerate(self.scopes) if s.ags == ags), None, line)
            for row, scope in enumerate(self.scopes):
                if scope.area is not None and line.startswith(f"{scope.area}:"):
                    self._mark(row, None, line)
            lines.append(line)
        self.errors.show_message("\n".join(lines))
        self._show_first_mark()

    def _show_first_mark(self) -> None:
        for row in range(self.table.rowCount()):
            header = self.table.verticalHeaderItem(row)
            if header is not None and header.text().startswith("⚠"):
                self.table.scrollToItem(self.cell(row, AREA_SIZES[0]), QAbstractItemView.ScrollHint.PositionAtCenter)
                return

    def save_table(self) -> bool:
        if self.kreis_key is None:
            return False
        self._clear_marks()
        self.errors.show_message("")
        entries, places, unreadable = self.entries()
        if unreadable:
            self.errors.show_message("\n".join(unreadable))
            self._show_first_mark()
            self.save.failed(self.tr("Nothing was saved. Please correct the marked rows."))
            return False
        try:
            service.set_rent_cap_table(
                self.context.db,
                self.kreis_key,
                self.valid_from.value(),
                entries,
                switch_method=self.switch_method.isChecked(),
            )
        except ValidationFailed as exc:
            self._show_errors(exc, places)
            self.save.failed(self.tr("Nothing was saved. Please correct the marked rows."))
            return False
        except MatcherError as exc:
            self.save.failed(str(exc))
            return False
        self.save.saved()
        self.context.notify_changed(Entity.SETTINGS)
        self.saved.emit()
        return True


class WeightsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        explanation = QLabel(
            self.tr(
                "How much each criterion counts when households and flats are ranked. Only the proportions "
                "matter: 2 counts twice as much as 1; 0 switches a criterion off."
            )
        )
        explanation.setWordWrap(True)
        form = QFormLayout()
        self.weights: dict[str, FloatField] = {}
        for criterion in DEFAULT_WEIGHTS:
            spin = FloatField(0, 100, 1)
            spin.setAccessibleName(WEIGHT_LABELS[criterion])
            self.weights[criterion] = spin
            form.addRow(WEIGHT_LABELS[criterion], spin)
        self.mode = QComboBox()
        self.mode.addItem(self.tr("Largest total fit"), "optimal")
        self.mode.addItem(self.tr("Urgent and long-waiting households first"), "priority")
        self.mode.setAccessibleName(self.tr("District-wide proposal"))
        form.addRow(self.tr("District-wide proposal"), self.mode)
        self.defaults = QPushButton(self.tr("Restore defaults"))
        self.defaults.clicked.connect(self._restore_defaults)
        self.save = SaveRow(self.tr("Save matching settings"))
        self.save.button.clicked.connect(self.save_weights)
        self.save.layout().insertWidget(1, self.defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.save)
        layout.addStretch(1)

    def load(self) -> None:
        for criterion, weight in service.get_weights(self.context.db).items():
            self.weights[criterion].setValue(weight)
        self.mode.setCurrentIndex(max(self.mode.findData(matching.get_proposal_mode(self.context.db)), 0))

    def _restore_defaults(self) -> None:
        for criterion, weight in DEFAULT_WEIGHTS.items():
            self.weights[criterion].setValue(weight)

    def save_weights(self) -> bool:
        try:
            service.set_weights(self.context.db, {c: spin.value() for c, spin in self.weights.items()})
            if self.mode.currentData() != matching.get_proposal_mode(self.context.db):
                matching.set_proposal_mode(self.context.db, self.mode.currentData())
        except ValidationFailed as exc:
            self.save.failed(" ".join(e.message for e in exc.errors))
            return False
        self.save.saved()
        self.context.notify_changed(Entity.SETTINGS)
        return True


class LanguageTab(QWidget):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.language = QComboBox()
        self.language.addItem("Deutsch", "de")
        self.language.addItem("English", "en")
        self.language.setAccessibleName(self.tr("Language"))
        self.note = QLabel(self.tr("The program speaks the chosen language from its next start."))
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Language of the interface"), self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.language.setCurrentIndex(max(self.language.findData(saved_language(settings) or "de"), 0))
        self.language.currentIndexChanged.connect(self._store)

    def _store(self) -> None:
        self.settings.setValue(LANGUAGE_KEY, self.language.currentData())
        self.settings.sync()


class SettingsPage(QWidget):
    def __init__(self, context: AppContext, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.office = OfficeTab(context)
        self.rules = RulesTab(context)
        self.rent_caps = RentCapTab(context)
        self.weights = WeightsTab(context)
        self.language = LanguageTab(settings if settings is not None else window_state.ui_settings())
        self.tabs = QTabWidget()
        self.tabs.addTab(self.office, self.tr("&Office"))
        self.tabs.addTab(self.rules, self.tr("District &rules"))
        self.tabs.addTab(self.rent_caps, self.tr("Rent &caps table"))
        self.tabs.addTab(self.weights, self.tr("Matching &weights"))
        self.tabs.addTab(self.language, self.tr("&Language"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._loaded = False
        self.rent_caps.saved.connect(self.rules.load)  # switching to the own table may add a version of the rules
        context.database_switched.connect(self._forget)

    def _forget(self) -> None:
        self._loaded = False
        if self.isVisible():
            self.activate()

    def activate(self) -> None:
        if self._loaded:
            return
        for tab in (self.office, self.rules, self.rent_caps, self.weights):
            tab.load()
        self._loaded = True

    def save_record(self) -> None:
        """Ctrl+S saves the tab in front."""
        current = self.tabs.currentWidget()
        if current is self.office:
            self.office.save_office()
        elif current is self.rules:
            self.rules.save_version()
        elif current is self.rent_caps:
            self.rent_caps.save_table()
        elif current is self.weights:
            self.weights.save_weights()
