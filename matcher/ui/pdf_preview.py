"""Showing and printing a PDF inside the program: QtPdf's QPdfView over the archived bytes.

The bytes are handed over in memory (a QBuffer), never through a temporary file: a lease names
people, and a stray file in a temp folder is a data leak. Printing is split in two so it can be
tested without a dialog: `ask_printer` shows the system print dialog and returns the chosen
printer; `print_pdf` sends a document to any QPrinter. A printer that writes a PDF file ("print to
file") gets the archived bytes themselves — text stays text, and the file is exactly what the archive
holds; a real printer gets each page rendered at up to PRINT_DPI.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from matcher.core.errors import MatcherError

PRINT_DPI = 300
"""Enough for text on an office laser printer, and an A4 page stays a ~35 MB image, not 500 MB at 1200 dpi."""
ZOOM_STEP = 1.25


class PrintFailed(MatcherError):
    """The printer could not be opened (no paper tray, no permission, the file not writable)."""


def load_pdf(document: QPdfDocument, data: bytes, owner: QWidget | None = None) -> QBuffer:
    """Load `data` into `document` from memory; returns the buffer, which must live as long as the document."""
    buffer = QBuffer(owner)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return buffer


def ask_printer(parent: QWidget | None, title: str) -> QPrinter | None:
    """The system print dialog; the chosen printer, or None when the caseworker cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None


def print_pdf(data: bytes, document: QPdfDocument, printer: QPrinter, *, raster: bool = False) -> None:
    """Print the PDF `data` (loaded in `document`) on `printer`. See the module docstring for the two ways."""
    to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName()
    whole = printer.printRange() == QPrinter.PrintRange.AllPages and printer.copyCount() == 1
    if to_file and whole and not raster:
        from matcher.core.documents.archive import write_pdf  # reportlab loads only when needed

        write_pdf(data, Path(printer.outputFileName()))
        return
    _print_pages(document, printer)


def _pages(document: QPdfDocument, printer: QPrinter) -> range:
    count = document.pageCount()
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        return range(printer.fromPage() - 1, min(printer.toPage(), count))
    return range(count)


def _print_pages(document: QPdfDocument, printer: QPrinter) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(
            QCoreApplication.translate(
                "PdfPreview",
                "The printer could not be opened. Check that it is switched on and connected, or choose another "
                "printer.",
            )
        )
    try:
        dpi = min(printer.resolution(), PRINT_DPI)
        for number, page in enumerate(_pages(document, printer)):
            if number:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)))
            area = painter.viewport()
            scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.topLeft(), scaled), image)
    finally:
        painter.end()


class PdfPreview(QWidget):
    """A scrolling view of all pages with zoom buttons and a page count; empty until `show_pdf`."""

    loaded = Signal(int)  # page count, once the document is ready

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self._data = b""
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.pages_label = QLabel()
        self.fit_width = self._tool(self.tr("Fit width"), self._fit_width)
        self.zoom_out = self._tool(self.tr("Smaller"), lambda: self._zoom(1 / ZOOM_STEP))
        self.zoom_in = self._tool(self.tr("Larger"), lambda: self._zoom(ZOOM_STEP))
        self.zoom_in.setToolTip(self.tr("Show the pages larger"))
        self.zoom_out.setToolTip(self.tr("Show the pages smaller"))
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.pages_label)
        bar.addStretch(1)
        for button in (self.zoom_out, self.zoom_in, self.fit_width):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.document.statusChanged.connect(self._status_changed)
        self._set_controls(False)

    def _tool(self, text: str, slot: object) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    @property
    def data(self) -> bytes:
        return self._data

    def show_pdf(self, data: bytes) -> None:
        self.clear()
        self._data = data
        self._buffer = load_pdf(self.document, data, self)

    def clear(self) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        self._data = b""
        self.pages_label.clear()
        self._set_controls(False)

    def page_count(self) -> int:
        return self.document.pageCount()

    def print_to(self, printer: QPrinter, *, raster: bool = False) -> None:
        print_pdf(self._data, self.document, printer, raster=raster)

    def _status_changed(self, status: QPdfDocument.Status) -> None:
        if status != QPdfDocument.Status.Ready:
            return
        count = self.document.pageCount()
        self.pages_label.setText(self.tr("Pages: %1").replace("%1", str(count)))
        self._set_controls(True)
        self.loaded.emit(count)

    def _set_controls(self, on: bool) -> None:
        for button in (self.fit_width, self.zoom_in, self.zoom_out):
            button.setEnabled(on)

    def _fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _zoom(self, factor: float) -> None:
        current = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            # Fit-to-width keeps its own factor; start from what is on the screen now.
            page = self.document.pagePointSize(0)
            width = self.view.viewport().width() - 2 * self.view.documentMargins().left()
            current = max(0.1, width / max(1.0, page.width() * self.logicalDpiX() / 72))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(4.0, current * factor)))


__all__ = ["PdfPreview", "PrintFailed", "ask_printer", "load_pdf", "print_pdf"]
