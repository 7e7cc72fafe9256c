"""Einstellungen: the office and its letterhead, the district's rules (a new version from a date on),
the matching weights, and the interface language.

Every tab saves through `core.services.settings`; a refused save shows the core's German messages at
the fields and keeps what was typed. The language is a setting of this computer (QSettings), used from
the next start.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
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
from matcher.ui.context import AppContext, Entity
from matcher.ui.form_fields import FloatField
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
        self.weights = WeightsTab(context)
        self.language = LanguageTab(settings if settings is not None else window_state.ui_settings())
        self.tabs = QTabWidget()
        self.tabs.addTab(self.office, self.tr("&Office"))
        self.tabs.addTab(self.rules, self.tr("District &rules"))
        self.tabs.addTab(self.weights, self.tr("Matching &weights"))
        self.tabs.addTab(self.language, self.tr("&Language"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._loaded = False
        context.database_switched.connect(self._forget)

    def _forget(self) -> None:
        self._loaded = False
        if self.isVisible():
            self.activate()

    def activate(self) -> None:
        if self._loaded:
            return
        for tab in (self.office, self.rules, self.weights):
            tab.load()
        self._loaded = True

    def save_record(self) -> None:
        """Ctrl+S saves the tab in front."""
        current = self.tabs.currentWidget()
        if current is self.office:
            self.office.save_office()
        elif current is self.rules:
            self.rules.save_version()
        elif current is self.weights:
            self.weights.save_weights()
