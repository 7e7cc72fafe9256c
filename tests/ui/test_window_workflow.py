"""The caseworker's whole job in the window, on a real database (issue 6, "Done when"): register a flat
and a household through the forms, find the best match, offer it, record the viewing and the
acceptance, draft and print the lease, the Jobcenter paper and the registration confirmation, mark the
move-in — without leaving the window. Each step clicks the real widgets; the database is checked after.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, QSettings, Qt, QTime
from sqlmodel import select

from matcher.core import models as M
from matcher.core.demo import create_demo
from matcher.core.enums import DocumentKind, FlatStatus, HouseholdStatus
from matcher.core.enums import PlacementState as S
from matcher.core.services import placement_views
from matcher.ui.main_window import DOCUMENTS, FLATS, HOUSEHOLDS, MATCHING, PLACEMENTS, MainWindow
from tests.ui.test_flat_form import choose
from tests.ui.test_household_form import fill_new_household
from tests.ui.test_placements_page import click_step, confirm

PAPENBURG = "03454041"
CASE = "50.2-2026-4711"
START = date.today() + timedelta(days=40)


def pdf_text(pdf: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "pdftotext fehlt: apt-get install poppler-utils"
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


@pytest.fixture
def window(qtbot, db, tmp_path, language):
    create_demo(db, households=30, seed=4)  # an office with letterhead, district rules and landlords
    window = MainWindow(db, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def register_flat(qtbot, window: MainWindow) -> int:
    window.show_area(FLATS)
    page = window.flats
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    window.page_actions["new_record"].trigger()
    form = page.form
    widgets = form.fields.widgets
    choose(widgets["landlord_id"], private_landlord(window))
    qtbot.keyClicks(widgets["street"], "Deverweg")
    qtbot.keyClicks(widgets["house_number"], "17b")
    qtbot.keyClicks(widgets["postcode"], "26871")
    widgets["ags"].set_value(PAPENBURG)
    widgets["living_area_m2"].setValue(64.0)
    widgets["rooms"].setValue(3)
    widgets["bedrooms"].setValue(2)
    widgets["net_rent_cents"].setValue(330)
    widgets["operating_costs_cents"].setValue(90)
    widgets["heating_costs_cents"].setValue(70)
    widgets["deposit_cents"].setValue(660)
    qtbot.keyClicks(widgets["energy_certificate_kind"], "Verbrauchsausweis")
    widgets["energy_kwh_per_m2"].setValue(118)
    qtbot.keyClicks(widgets["energy_class"], "D")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    with window.database.read_session() as session:
        flat = session.exec(select(M.Flat).where(M.Flat.street == "Deverweg")).one()
    assert flat.status == FlatStatus.AVAILABLE
    return flat.id


def private_landlord(window: MainWindow) -> str:
    with window.database.read_session() as session:
        landlord = session.exec(select(M.Landlord).where(M.Landlord.kind == "private").order_by(M.Landlord.id)).first()
    return landlord.name


def register_household(qtbot, window: MainWindow) -> int:
    window.show_area(HOUSEHOLDS)
    page = window.households
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    window.page_actions["new_record"].trigger()
    form = page.form
    fill_new_household(qtbot, form, CASE)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    with window.database.read_session() as session:
        household = session.exec(select(M.Household).where(M.Household.case_number == CASE)).one()
    assert household.status == HouseholdStatus.WAITING
    return household.id


def offer_best_match(qtbot, window: MainWindow, flat_id: int, household_id: int) -> int:
    window.show_area(MATCHING)
    page = window.pages[MATCHING]
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)
    page.show_flat(flat_id)
    pane = page.flat_pane
    n = pane.ranked.row_number_of(lambda row: row.household.id == household_id)
    row = pane.ranked.row_at(n)
    assert row.feasible, "the new household may live in the new flat"
    pane.ranked_table.selectRow(n)
    qtbot.mouseClick(pane.accept_button, Qt.MouseButton.LeftButton)
    placement_id = page.last_placement_id
    qtbot.mouseClick(page.message.action, Qt.MouseButton.LeftButton)  # "Vorgang öffnen"
    assert window.current_area() == PLACEMENTS
    return placement_id


def produce(qtbot, window: MainWindow, placement_id: int, kind: DocumentKind) -> int:
    window.show_area(DOCUMENTS)
    page = window.pages[DOCUMENTS]
    before = page.current.id if page.current is not None else None
    page.choose(placement_id, kind)
    qtbot.mouseClick(page.produce, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.current is not None and page.current.id != before, timeout=30_000)
    qtbot.waitUntil(lambda: page.preview.page_count() > 0, timeout=10_000)
    return page.current.id


@pytest.mark.slow
def test_the_whole_job_without_leaving_the_window(qtbot, window, tmp_path):
    flat_id = register_flat(qtbot, window)
    household_id = register_household(qtbot, window)
    placement_id = offer_best_match(qtbot, window, flat_id, household_id)

    page = window.pages[PLACEMENTS]
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == placement_id, timeout=10_000)
    confirm(qtbot, click_step(qtbot, page, S.OFFERED))
    dialog = click_step(qtbot, page, S.VIEWING)
    dialog.viewing_at.setDateTime(QDateTime(QDate.currentDate().addDays(3), QTime(10, 0)))
    confirm(qtbot, dialog)
    confirm(qtbot, click_step(qtbot, page, S.ACCEPTED))
    dialog = click_step(qtbot, page, S.LEASE_DRAFTED)
    dialog.lease.lease_start.set_value(START)
    dialog.lease.planned_move_in.set_value(START)
    confirm(qtbot, dialog)
    assert placement_views.placement_detail(window.database, placement_id).state == "lease_drafted"

    papers = {}
    for kind in (DocumentKind.LEASE, DocumentKind.RENT_CERTIFICATE, DocumentKind.REGISTRATION_CONFIRMATION):
        papers[kind] = produce(qtbot, window, placement_id, kind)
    with window.database.read_session() as session:
        stored = {d.kind: d for d in session.exec(select(M.Document).where(M.Document.placement_id == placement_id))}
    assert set(stored) == {k.value for k in papers}
    lease = pdf_text(stored["lease"].pdf, tmp_path)
    assert "Mietvertrag über Wohnraum" in lease and "Yousef" in lease and "Deverweg 17b" in lease
    assert "Yousef" in pdf_text(stored["registration_confirmation"].pdf, tmp_path)
    assert "330,00 €" in pdf_text(stored["rent_certificate"].pdf, tmp_path)

    window.show_area(PLACEMENTS)
    page.show_record(placement_id)
    confirm(qtbot, click_step(qtbot, page, S.SIGNED))
    confirm(qtbot, click_step(qtbot, page, S.MOVED_IN))
    with window.database.read_session() as session:
        assert session.get(M.Placement, placement_id).state == "moved_in"
        assert session.get(M.Flat, flat_id).status == FlatStatus.LET
        assert session.get(M.Household, household_id).status == HouseholdStatus.HOUSED
