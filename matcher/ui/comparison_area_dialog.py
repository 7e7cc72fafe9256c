"""A dialog to create or change a comparison area (Vergleichsraum) of the district's own concept: its name
and its member municipalities, ticked in a list.

The core checks and stores (`settings.save_comparison_area`); a refusal shows its German message under the
field in question and keeps the dialog open with what was entered.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from matcher.core.db import Database
from matcher.core.errors import MatcherError, ValidationFailed
from matcher.core.formatting import day
from matcher.core.services.queries import Choice
from matcher.core.services.settings import ComparisonAreaInfo, save_comparison_area
from matcher.ui.form_fields import ErrorLabel

AGS_ROLE = Qt.ItemDataRole.UserRole


class ComparisonAreaDialog(QDialog):
    """New (`area` None) or existing comparison area. `areas`: all areas of the district, to say where a
    municipality already belongs; `municipalities`: the district's municipalities by name."""

    area_saved = Signal(object)  # the stored ComparisonAreaInfo

    def __init__(
        self,
        db: Database,
        kreis_key: str,
        area: ComparisonAreaInfo | None,
        areas: list[ComparisonAreaInfo],
        municipalities: list[Choice],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.kreis_key, self.area = db, kreis_key, area
        self.stored: ComparisonAreaInfo | None = None
        self.setWindowTitle(self.tr("New comparison area") if area is None else self.tr("Change comparison area"))
        intro = QLabel(
            self.tr(
                "A comparison area groups municipalities of the district that have the same rent limits. "
                "Each municipality can belong to one comparison area only."
            )
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(area.name if area is not None else "")
        self.name.setMaxLength(120)
        self.name.setPlaceholderText(self.tr("e.g. North"))
        self.name_error = ErrorLabel()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Find a municipality…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Find a municipality"))
        self.search.textChanged.connect(self._filter)
        self.members = QListWidget()
        self.members.setAccessibleName(self.tr("Municipalities of the comparison area"))
        self.members.setMinimumHeight(self.fontMetrics().height() * 14)
        self.members_error = ErrorLabel()
        self.count = QLabel()
        self.count.setWordWrap(True)
        self.names = {choice.key: choice.name for choice in municipalities}
        self._fill(municipalities, areas)
        self.members.itemChanged.connect(self._count)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        name_label = QLabel(self.tr("&Name"))
        name_label.setBuddy(self.name)
        form.addRow(name_label, self.name)
        form.addRow("", self.name_error)
        members_label = QLabel(self.tr("&Municipalities"))
        members_label.setBuddy(self.search)
        form.addRow(members_label, self.search)
        form.addRow("", self.members)
        form.addRow("", self.count)
        form.addRow("", self.members_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)  # in the dialog before setDefault
        self.save_button = self.buttons.addButton(self.tr("&Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        if area is not None and area.used_from:
            note = QLabel(
                self.tr("Rent limits from %1 on are stored for this area. If you change its municipalities, those limits apply to the changed municipalities too.")
                .replace("%1", ", ".join(day(d) for d in area.used_from))
            )  # fmt: skip
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())

    def _fill(self, municipalities: list[Choice], areas: list[ComparisonAreaInfo]) -> None:
        owners = {ags: a.name for a in areas if self.area is None or a.id != self.area.id for ags in a.members}
        mine = set(self.area.members) if self.area is not None else set()
        muted = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for choice in municipalities:
            item = QListWidgetItem(choice.name)
            item.setData(AGS_ROLE, choice.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if choice.key in mine else Qt.CheckState.Unchecked)
            if choice.key in owners:
                item.setText(self.tr("%1 (in %2)").replace("%1", choice.name).replace("%2", owners[choice.key]))
                item.setForeground(muted)
                item.setToolTip(self.tr("Already belongs to comparison area %1.").replace("%1", owners[choice.key]))
            self.members.addItem(item)
        self._count()

    def _items(self) -> list[QListWidgetItem]:
        return [item for row in range(self.members.count()) if (item := self.members.item(row)) is not None]

    def item_of(self, ags: str) -> QListWidgetItem:
        return next(item for item in self._items() if item.data(AGS_ROLE) == ags)

    def chosen(self) -> list[str]:
        return [item.data(AGS_ROLE) for item in self._items() if item.checkState() == Qt.CheckState.Checked]

    def _count(self) -> None:
        names = [self.names[ags] for ags in self.chosen()]
        if not names:
            self.count.setText(self.tr("No municipality chosen yet."))
            return
        text = self.tr("1 municipality chosen: %2") if len(names) == 1 else self.tr("%1 municipalities chosen: %2")
        self.count.setText(text.replace("%1", str(len(names))).replace("%2", ", ".join(names)))

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row, item in enumerate(self._items()):
            self.members.setRowHidden(row, bool(needle) and needle not in item.text().casefold())

    def _make_room(self) -> None:
        """Grow to fit wrapped error lines (a minimum size does not count wrapped lines)."""
        needed = self.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def save(self) -> None:
        self.name_error.show_message("")
        self.members_error.show_message("")
        area_id = self.area.id if self.area is not None else None
        try:
            self.stored = save_comparison_area(self.db, self.kreis_key, self.name.text(), self.chosen(), area_id)
        except ValidationFailed as exc:
            self.name_error.show_message("\n".join(exc.for_field("name")))
            self.members_error.show_message("\n".join(exc.for_field("members")))
            (self.name if exc.for_field("name") else self.search).setFocus()
            self._make_room()
            return
        except MatcherError as exc:
            self.members_error.show_message(str(exc))
            self._make_room()
            return
        self.area_saved.emit(self.stored)
        self.accept()
