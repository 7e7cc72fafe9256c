"""The main window: menu bar, the areas as a navigation list on the left, the area's page in the
centre, and a status bar naming the database in use (ui.md, "Frame").

Each area is a page (decision 0007): it gets the shared AppContext, loads when first shown and takes
part in the window's standard actions by the methods it defines. The window opens databases through
core functions; it writes no SQL and holds no business rule.
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSettings, QSize, Qt, qVersion
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from matcher import APP_NAME, __version__
from matcher.core import paths
from matcher.core.db import Database, open_database
from matcher.core.formatting import number
from matcher.core.models import OfficeBase
from matcher.core.services.settings import get_office
from matcher.ui import window_state
from matcher.ui.context import AppContext, Entity
from matcher.ui.database_dialogs import open_or_explain
from matcher.ui.flats_view import FlatsPage
from matcher.ui.households_view import HouseholdsPage
from matcher.ui.icons import icon
from matcher.ui.idle_lock import IdleLock, passphrase_check
from matcher.ui.list_page import ListPage
from matcher.ui.storage_dialogs import StorageSession, change_passphrase, open_with_safety, restore_open_database

OVERVIEW, FLATS, HOUSEHOLDS, MATCHING, PLACEMENTS, DOCUMENTS, SETTINGS = range(7)
AREA_NAMES = (
    QT_TRANSLATE_NOOP("MainWindow", "Overview"),
    QT_TRANSLATE_NOOP("MainWindow", "Flats"),
    QT_TRANSLATE_NOOP("MainWindow", "Households"),
    QT_TRANSLATE_NOOP("MainWindow", "Matching"),
    QT_TRANSLATE_NOOP("MainWindow", "Placements"),
    QT_TRANSLATE_NOOP("MainWindow", "Documents"),
    QT_TRANSLATE_NOOP("MainWindow", "Settings"),
)
DEFAULT_SIZE = QSize(1280, 800)
# Which area shows records of which kind (AppContext.record_requested).
AREA_OF_ENTITY = {
    Entity.FLAT: FLATS,
    Entity.HOUSEHOLD: HOUSEHOLDS,
    Entity.PLACEMENT: PLACEMENTS,
    Entity.DOCUMENT: DOCUMENTS,
}
# Standard actions the window offers and passes to the current page when it has the method: a page
# opts in by defining e.g. `new_record()`; the action is disabled on pages without it.
PAGE_COMMANDS = ("new_record", "save_record", "delete_record", "print_current", "export_current")
IMPORT_KINDS = (
    ("flats", QT_TRANSLATE_NOOP("MainWindow", "&Flats…")),
    ("households", QT_TRANSLATE_NOOP("MainWindow", "&Households…")),
    ("landlords", QT_TRANSLATE_NOOP("MainWindow", "&Landlords…")),
)


def area_name(area: int) -> str:
    return QCoreApplication.translate("MainWindow", AREA_NAMES[area])


class MainWindow(QMainWindow):
    """Owns the open database from the moment it is handed over; switching disposes the old one."""

    def __init__(self, db: Database, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._built = {FLATS, HOUSEHOLDS}
        self.storage: StorageSession | None = None  # lock and scheduled backups of the open file
        self.context = AppContext(db, self)
        self._settings = settings if settings is not None else window_state.ui_settings()
        self.flats = FlatsPage(self.context)
        self.households = HouseholdsPage(self.context)
        # In the order of the area numbers OVERVIEW … SETTINGS. The lists exist from the start; the other
        # areas are built (and their modules imported) when first shown, which keeps the start fast.
        self.pages: list[QWidget] = [QWidget() for _ in AREA_NAMES]
        self.pages[FLATS], self.pages[HOUSEHOLDS] = self.flats, self.households
        self._build_central()
        self._build_menus()
        self._build_status_bar()
        self._connect_pages()
        self._apply_icons()
        self._restore_state()
        self._show_database()
        self.idle_lock = IdleLock(self, self._idle_minutes(), user=db.user, verify=passphrase_check(db))
        self.context.data_changed.connect(self._data_changed)

    @property
    def database(self) -> Database:
        return self.context.db

    # --- building ------------------------------------------------------------------------------------

    def _build_central(self) -> None:
        self.navigation = QListWidget()
        metrics = self.navigation.fontMetrics()
        self.navigation.setIconSize(QSize(metrics.height(), metrics.height()))
        for area in range(len(AREA_NAMES)):
            item = QListWidgetItem(area_name(area), self.navigation)
            item.setSizeHint(QSize(0, metrics.height() + 12))
        widest = max(metrics.horizontalAdvance(area_name(area)) for area in range(len(AREA_NAMES)))
        self.navigation.setFixedWidth(widest + metrics.height() + 4 * metrics.averageCharWidth() + 14)
        self.navigation.setAccessibleName(self.tr("Areas"))
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.navigation.currentRowChanged.connect(self.show_area)

    def _build_menus(self) -> None:
        self._build_file_menu()
        self._build_edit_menu()
        self._build_view_menu()
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&About Wohnraum-Matcher"), self.show_about)
        self._action(help_menu, self.tr("About &Qt"), QApplication.aboutQt)

    def _build_file_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&File"))
        self.page_actions = {
            "new_record": self._action(
                menu, self.tr("&New"), self._page_command("new_record"), QKeySequence.StandardKey.New
            ),
            "save_record": self._action(
                menu, self.tr("&Save"), self._page_command("save_record"), QKeySequence.StandardKey.Save
            ),
            "print_current": self._action(
                menu, self.tr("&Print…"), self._page_command("print_current"), QKeySequence.StandardKey.Print
            ),
        }
        menu.addSeparator()
        imports = self.import_menu = menu.addMenu(self.tr("&Import"))
        self.import_actions = [
            self._action(
                imports, QCoreApplication.translate("MainWindow", text), lambda _=False, k=kind: self.import_file(k)
            )
            for kind, text in IMPORT_KINDS
        ]
        self.page_actions["export_current"] = self._action(
            menu, self.tr("&Export list…"), self._page_command("export_current")
        )
        menu.addSeparator()
        self._action(menu, self.tr("&Open database…"), self.choose_database, QKeySequence.StandardKey.Open)
        self._action(menu, self.tr("Open &demo database"), self.open_demo_database)
        self.restore_action = self._action(menu, self.tr("&Restore from backup…"), self.restore_from_backup)
        self.passphrase_action = self._action(menu, self.tr("Change &passphrase…"), self.change_passphrase)
        privacy = menu.addMenu(self.tr("Data pro&tection"))
        self.privacy_actions = [
            self._action(
                privacy, self.tr("&Information for a household (Art. 15 GDPR)…"), self.subject_access_for_household
            ),
            self._action(privacy, self.tr("&Delete a household for good (Art. 17 GDPR)…"), self.erase_household),
            self._action(privacy, self.tr("&Retention period: anonymise closed cases…"), self.show_retention),
        ]
        menu.addSeparator()
        quit_action = self._action(menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        if not quit_action.shortcuts() and sys.platform != "win32":  # some platforms bind nothing to Quit
            quit_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))

    def _build_edit_menu(self) -> None:
        edit = self.menuBar().addMenu(self.tr("&Edit"))
        stack = self.context.undo_stack
        self.undo_action = stack.createUndoAction(self, self.tr("Undo:"))
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, self.tr("Redo:"))
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        self.page_actions["delete_record"] = self._action(
            edit, self.tr("&Delete"), self._page_command("delete_record"), QKeySequence.StandardKey.Delete
        )
        self.page_actions["delete_record"].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.stack.addAction(self.page_actions["delete_record"])  # Delete only acts inside the page
        self.find_action = self._action(edit, self.tr("&Find"), self.focus_search, QKeySequence.StandardKey.Find)

    def _page_command(self, name: str) -> Callable[[], None]:
        def run() -> None:
            command = getattr(self.stack.currentWidget(), name, None)
            if callable(command):
                command()

        return run

    def import_file(self, kind: str) -> None:
        """File → Import: the import dialog for flats, households or landlords."""
        from matcher.ui.import_dialog import ImportDialog  # late: openpyxl only when importing

        ImportDialog(self.context, kind, self).exec()

    def _update_page_actions(self) -> None:
        page = self.stack.currentWidget()
        for name, action in self.page_actions.items():
            writes = name != "print_current"  # an export writes its audit entry
            action.setEnabled(callable(getattr(page, name, None)) and not (writes and self.database.read_only))

    def _build_view_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&View"))
        self.area_actions = QActionGroup(self)
        for area in range(len(AREA_NAMES)):
            action = self._action(menu, area_name(area), lambda _=False, a=area: self.show_area(a))
            action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key(Qt.Key.Key_1 + area)))
            action.setCheckable(True)
            self.area_actions.addAction(action)
        menu.addSeparator()
        self._action(menu, self.tr("&Reload"), self.reload, QKeySequence.StandardKey.Refresh)

    def _action(
        self,
        menu: QWidget,
        text: str,
        slot: Callable[..., object],
        shortcut: QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _apply_icons(self) -> None:
        """Icons in the palette's colours (again after the system switches light and dark)."""
        for area, name in enumerate(AREA_NAMES):
            self.navigation.item(area).setIcon(icon(name.lower()))
        for name, file in (("new_record", "new"), ("save_record", "save"), ("print_current", "print")):
            self.page_actions[name].setIcon(icon(file))
        self.page_actions["export_current"].setIcon(icon("export"))
        self.import_menu.setIcon(icon("import"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_icons()
        super().changeEvent(event)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.database_label = QLabel()
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.read_only_label = QLabel(self.tr("Read-only: changes cannot be saved"))
        self.user_label = QLabel()
        self.count_label = QLabel()
        for label in (self.database_label, self.read_only_label, self.user_label, self.count_label):
            label.setContentsMargins(6, 0, 6, 0)
        bar.addWidget(self.database_label, 1)
        bar.addWidget(self.read_only_label)
        bar.addPermanentWidget(self.count_label)
        bar.addPermanentWidget(self.user_label)

    def _connect_pages(self) -> None:
        for page in (self.flats, self.households):
            page.counts_changed.connect(self._show_counts)
            page.demo_requested.connect(self.open_demo_database)
        self.context.record_requested.connect(self.show_record)
        self.context.list_requested.connect(self.show_list)
        self.context.selection_requested.connect(self.show_selection)

    def _idle_minutes(self) -> int:
        """The office's idle time before the lock; its default when the office cannot be read (a server
        that does not answer): locking too early is better than never."""
        try:
            return get_office(self.database).idle_lock_minutes
        except Exception:  # any failure to read means: use the safe default
            return OfficeBase.model_fields["idle_lock_minutes"].default

    def _data_changed(self, entity: str) -> None:
        if entity == Entity.SETTINGS:
            self.idle_lock.set_minutes(self._idle_minutes())

    def show_list(self, entity: str, status: str) -> None:
        """Switch to the list of this kind of record, showing only `status` when the page can filter."""
        self._show_in_area(entity, "show_status", status)

    def show_selection(self, entity: str, ids: list[int], caption: str) -> None:
        """Switch to the list of this kind of record, showing only these records when the page can."""
        self._show_in_area(entity, "show_only", ids, caption)

    def show_record(self, entity: str, record_id: int) -> None:
        """Switch to the area that shows this kind of record and let its page select the record."""
        self._show_in_area(entity, "show_record", record_id)

    def _show_in_area(self, entity: str, method: str, *args: object) -> None:
        """Switch to the area of this kind of record and call the page's `method` if it has one."""
        area = AREA_OF_ENTITY.get(Entity(entity))
        if area is None:
            return
        self.show_area(area)
        show = getattr(self.page(area), method, None)
        if callable(show):
            show(*args)

    # --- areas ----------------------------------------------------------------------------------------

    def current_area(self) -> int:
        return self.stack.currentIndex()

    def _build_page(self, area: int) -> QWidget:
        """The page of an area other than the two lists; imported late (see __init__)."""
        if area == OVERVIEW:
            from matcher.ui.overview_page import OverviewPage

            return OverviewPage(self.context)
        if area == MATCHING:
            from matcher.ui.matching_page import MatchingPage

            return MatchingPage(self.context)
        if area == PLACEMENTS:
            from matcher.ui.placements_page import PlacementsPage

            return PlacementsPage(self.context)
        if area == DOCUMENTS:
            from matcher.ui.documents_page import DocumentsPage

            return DocumentsPage(self.context)
        from matcher.ui.settings_page import SettingsPage

        return SettingsPage(self.context, self._settings)

    def page(self, area: int) -> QWidget:
        """The area's page, built on first use."""
        if area in self._built:
            return self.pages[area]
        page = self._build_page(area)
        placeholder = self.pages[area]
        self.stack.insertWidget(area, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.pages[area] = page
        self._built.add(area)
        if callable(getattr(page, "restore_state", None)):
            page.restore_state(self._settings)
        return page

    def show_area(self, area: int) -> None:
        if not 0 <= area < len(self.pages):
            return
        self.page(area)
        self.stack.setCurrentIndex(area)
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(area)
        self.navigation.blockSignals(False)
        self.area_actions.actions()[area].setChecked(True)
        page = self.pages[area]
        self.find_action.setEnabled(isinstance(page, ListPage) or callable(getattr(page, "focus_search", None)))
        if isinstance(page, ListPage):
            page.ensure_loaded()
        activate = getattr(page, "activate", None)
        if callable(activate):
            activate()
        self._update_page_actions()
        self._show_counts()

    def _current_list(self) -> ListPage | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, ListPage) else None

    def focus_search(self) -> None:
        focus = getattr(self.stack.currentWidget(), "focus_search", None)
        if callable(focus):
            focus()

    def reload(self) -> None:
        if page := self._current_list():
            page.reload()

    # --- database -------------------------------------------------------------------------------------

    def choose_database(self) -> None:
        folder = self.database.path.parent if self.database.path else paths.user_data_dir()
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open database"), str(folder), self.tr("Databases (*.sqlite *.db);;All files (*)")
        )
        if path:
            user = self.database.user
            self.open_file(
                Path(path),
                lambda key, ro: open_database(path=Path(path), user=user, passphrase=key, read_only=ro),
            )

    def open_demo_database(self) -> None:
        def opener(key: str | None, read_only: bool) -> Database:
            from matcher.core.demo import open_demo_database  # late: only needed on request

            return open_demo_database(paths.demo_db_path())

        self.open_file(paths.demo_db_path(), opener)

    def attach_storage(self, storage: StorageSession) -> None:
        """Start-up hands over the lock and scheduled backups of the file it opened."""
        self.storage = storage
        storage.watch(self, lambda: self.database)

    def open_file(self, path: Path, opener: Callable[[str | None, bool], Database]) -> None:
        """Another SQLite file, opened as at start-up: instance lock, passphrase, restore offer, backup."""
        if self.database.path is not None and self.database.path.resolve() == path.resolve():
            return  # already open here
        session = open_with_safety(opener, path, self.database.user, self)
        if session is None:
            return
        previous = self.storage
        self.switch_database(lambda: session.db)
        if self.database is session.db:
            if previous is not None:
                previous.close()  # releases the old file's lock
            self.attach_storage(session)
        else:
            session.close()

    # --- data protection (privacy_dialogs.py) ---------------------------------------------------------

    def subject_access_for_household(self) -> None:
        if self._household_chosen():
            self.households.subject_access_current()

    def erase_household(self) -> None:
        if self._household_chosen():
            self.households.delete_record()

    def show_retention(self) -> None:
        from matcher.ui.privacy_dialogs import open_retention_dialog

        self.retention_dialog = open_retention_dialog(self, self.context)

    def _household_chosen(self) -> bool:
        """Show the households; True when one is selected, else say how to choose one."""
        self.show_area(HOUSEHOLDS)
        if self.households.current_id() is not None:
            return True
        title = self.tr("Data protection")
        QMessageBox.information(self, title, self.tr("Please select a household in the list first."))
        return False

    def restore_from_backup(self) -> None:
        db = restore_open_database(self, self.database)
        if db is not None:
            self.switch_database(lambda: db)

    def change_passphrase(self) -> None:
        if change_passphrase(self, self.database):
            self.idle_lock.set_verify(passphrase_check(self.database))
            self.statusBar().showMessage(self.tr("The passphrase was changed."), 8000)

    def switch_database(self, opener: Callable[[], Database]) -> None:
        """Open another database; on failure the message says why and the current one stays open."""
        db = open_or_explain(opener, self)
        if db is None:
            return
        old = self.context.switch_database(db)
        if old is not db:
            old.dispose()
        self.idle_lock.set_verify(passphrase_check(db))
        self.idle_lock.set_minutes(self._idle_minutes())
        for page in (self.flats, self.households):
            page.invalidate()
        self._show_database()
        self.show_area(self.current_area())

    def _show_database(self) -> None:
        db = self.database
        self.setWindowTitle(f"{APP_NAME} – {db.path.name if db.path else db.display_name}")
        self.database_label.setText(self.tr("Database: %1").replace("%1", db.display_name))
        self.database_label.setToolTip(db.display_name)
        self.read_only_label.setVisible(db.read_only)
        for action in self.import_actions + self.privacy_actions:  # each writes, if only an audit entry
            action.setEnabled(not db.read_only)
        self.restore_action.setEnabled(db.path is not None and not db.read_only)
        self.passphrase_action.setEnabled(db.encrypted and not db.read_only)
        self.user_label.setText(self.tr("User: %1").replace("%1", db.user))

    def _show_counts(self) -> None:
        page = self._current_list()
        if page is None:
            self.count_label.clear()
            return
        shown, total = page.counts()
        text = self.tr("%1: %2 of %3 shown") if shown != total else self.tr("%1: %3")
        name = area_name(self.current_area())
        self.count_label.setText(
            text.replace("%1", name).replace("%2", number(shown, 0)).replace("%3", number(total, 0))
        )

    # --- help ------------------------------------------------------------------------------------------

    def show_about(self) -> None:
        versions = f"Python {platform.python_version()} · PySide6 {pyside_version} · Qt {qVersion()}"
        purpose = self.tr("Places refugee households from collective accommodation into flats.")
        licence = self.tr("Licence: GNU General Public License, version 3 or later.")
        text = f"<h3>{APP_NAME} {__version__}</h3><p>{purpose}</p><p>{licence}</p><p>{versions}</p>"
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About Wohnraum-Matcher"), text, parent=self)
        box.addButton(self.tr("Close"), QMessageBox.ButtonRole.RejectRole)
        box.exec()

    # --- window state ---------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        settings = self._settings
        window_state.restore_geometry(settings, "window/geometry", self, DEFAULT_SIZE)
        for page in self.pages:
            if callable(getattr(page, "restore_state", None)):
                page.restore_state(settings)
        area = settings.value("window/area", FLATS, type=int)
        self.show_area(area if 0 <= area < len(self.pages) else FLATS)

    def save_state(self) -> None:
        settings = self._settings
        window_state.save_geometry(settings, "window/geometry", self)
        for page in self.pages:
            if callable(getattr(page, "save_state", None)):
                page.save_state(settings)
        settings.setValue("window/area", self.current_area())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.save_state()
        self.idle_lock.uninstall()
        if self.storage is not None:
            self.storage.close()
            self.storage = None
        super().closeEvent(event)
