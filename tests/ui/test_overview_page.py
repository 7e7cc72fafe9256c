"""The overview on a real database: the figures, the charts, and every number a link to its list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from matcher.core import models as M
from matcher.ui.context import AppContext
from matcher.ui.overview_page import OverviewPage


@pytest.fixture
def page(qtbot, sample_db, language):
    with sample_db.session() as s:
        flat = s.exec(select(M.Flat).where(M.Flat.street == "Hauptstraße")).one()
        flat.binding_end = date.today() + timedelta(days=20)
    context = AppContext(sample_db)
    page = OverviewPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=5000)
    return page


def test_the_figures_and_charts_show_the_database(page):
    assert page.waiting.figure.text() == "3"
    assert page.waiting.caption.text() == "Haushalte warten"
    assert page.free_flats.figure.text() == "5"
    assert page.free_flats.detail.text() == "1 reserviert"
    bars = page.waiting_chart.bars()
    assert [label for label, _ in bars] == ["< 3 Monate", "3–6 Monate", "6–12 Monate", "1–2 Jahre", "> 2 Jahre"]
    assert sum(n for _, n in bars) == 3
    assert len(page.moves_chart.bars()) == 12
    assert "Wohnungen: frei 5, reserviert 1" in page.status_lines.text()


def test_a_number_opens_the_list_behind_it(page, qtbot):
    with qtbot.waitSignal(page.context.list_requested) as signal:
        qtbot.mouseClick(page.waiting, Qt.MouseButton.LeftButton)
    assert signal.args == ["household", "waiting"]


def test_a_deadline_opens_its_flat(page, qtbot):
    assert page.deadlines.rowCount() == 1
    assert page.deadlines.item(0, 1).text() == "Bindung"
    with qtbot.waitSignal(page.context.record_requested) as signal:
        page.deadlines.itemActivated.emit(page.deadlines.item(0, 2))
    assert signal.args[0] == "flat"


def test_a_change_elsewhere_reloads_the_figures(page, qtbot, sample_db):
    with sample_db.session() as s:
        household = s.exec(select(M.Household).where(M.Household.status == "parked")).one()
        household.status = "waiting"
        household.parked_until = None
    page.context.notify_changed("household")
    qtbot.waitUntil(lambda: page.waiting.figure.text() == "4", timeout=5000)
