"""Flats: create and edit with every field and domain rule checked, status with its history, distances.

A flat form shows all problems at once, so one call collects the field errors of the model *and* the
domain checks (municipality, landlord, deposit limit, rooms, head lease dates, funding binding,
cooperative shares, postcode) into a single `ValidationFailed`. Each change runs in one transaction together
with its audit entry; audit texts name fields and codes, never addresses or names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import create_model
from sqlmodel import Session, SQLModel, col, delete, select

from matcher.core import enums as E
from matcher.core import lease_rules
from matcher.core import models as M
from matcher.core.db import Database
from matcher.core.errors import FieldError, InvalidTransition, ValidationFailed
from matcher.core.formatting import area, day, euros
from matcher.core.services import audit
from matcher.core.services.common import apply, check_version, get_or_fail, merged
from matcher.core.services.placements import HOLDING_STATES
from matcher.core.services.validation import label_of, require, valid_values, validate

WHAT = "Die Wohnung"
NOT_FOUND = "Wohnung"
MAX_ROW_ID = 2**31 - 1  # INTEGER keys: a larger number cannot exist and would make PostgreSQL raise

POSTCODE = re.compile(r"^\d{5}$")
POSTCODE_MESSAGE = "Bitte geben Sie die fünfstellige Postleitzahl ein (nur Ziffern, z. B. 26871)."
UNKNOWN_MUNICIPALITY = "Unbekannte Gemeinde. Bitte wählen Sie die Gemeinde aus der Liste."
UNKNOWN_LANDLORD = "Diesen Vermieter gibt es nicht (mehr). Bitte wählen Sie den Vermieter aus der Liste."
UNKNOWN_OWNER = "Diesen Eigentümer gibt es nicht (mehr). Bitte wählen Sie den Eigentümer aus der Liste."
CREATED_NOTE = "Wohnung angelegt"
EDITED_NOTE = "beim Bearbeiten der Wohnung geändert"

Values = Mapping[str, Any]
"""Typed values of the flat fields that passed field validation (failed fields are absent)."""


def _input_model(name: str, table: type[SQLModel], titles: Mapping[str, str]) -> type[M.CleanText]:
    """A validating model for some columns of a table class, reusing the table's own bounds (one truth),
    with text hygiene and German titles that plain history tables such as FlatStatusChange lack."""
    fields: dict[str, Any] = {}
    for field, title in titles.items():
        info = copy(table.model_fields[field])
        info.title = title
        fields[field] = (info.annotation, info)
    return create_model(name, __base__=M.CleanText, **fields)


StatusInput = _input_model("StatusInput", M.FlatStatusChange, {"status": "Status", "note": "Bemerkung"})


# --------------------------------------------------------------------------------------------------
# Checking input: field validation plus domain rules, all errors at once
# --------------------------------------------------------------------------------------------------


def _error(field: str, message: str) -> FieldError:
    return FieldError(field, message, label_of(M.FlatBase, field))


def _reworded(errors: list[FieldError]) -> list[FieldError]:
    """One clear postcode message instead of the generic length messages."""
    return [
        _error("postcode", POSTCODE_MESSAGE) if e.field == "postcode" and "Zeichen eingeben" in e.message else e
        for e in errors
    ]


def _has(values: Values, *names: str) -> bool:
    return all(name in values for name in names)


def _postcode_errors(values: Values) -> list[FieldError]:
    if _has(values, "postcode") and not POSTCODE.match(values["postcode"]):
        return [_error("postcode", POSTCODE_MESSAGE)]
    return []


def _deposit_errors(values: Values) -> list[FieldError]:
    if not _has(values, "deposit_cents", "net_rent_cents"):
        return []
    message = lease_rules.deposit_error(values["deposit_cents"], values["net_rent_cents"])
    return [_error("deposit_cents", message)] if message else []


def _room_errors(values: Values) -> list[FieldError]:
    if _has(values, "bedrooms", "rooms") and values["bedrooms"] > values["rooms"]:
        message = (
            "Es sind mehr Schlafzimmer als Zimmer angegeben. Bitte verringern Sie die Zahl der Schlafzimmer "
            "oder erhöhen Sie die Zimmerzahl."
        )
        return [_error("bedrooms", message)]
    return []


def _head_lease_errors(values: Values) -> list[FieldError]:
    """A head lease (Generalmietvertrag) has a start; its end and notice date lie within it."""
    names = ("head_lease_start", "head_lease_end", "head_lease_notice_date", "head_lease_monthly_cost_cents")
    if not _has(values, *names):
        return []
    start, end, notice = values["head_lease_start"], values["head_lease_end"], values["head_lease_notice_date"]
    if start is None:
        if any(values[name] is not None for name in names[1:]):
            message = (
                "Bitte geben Sie an, seit wann die Gemeinde die Wohnung angemietet hat: Ende, Kündigungstermin "
                "oder Kosten der Anmietung sind bereits eingetragen."
            )
            return [_error("head_lease_start", message)]
        return []
    errors = []
    if end is not None and end < start:
        message = f"Das Ende der Anmietung liegt vor ihrem Beginn ({day(start)}). Bitte prüfen Sie die Daten."
        errors.append(_error("head_lease_end", message))
    elif notice is not None and (notice < start or (end is not None and notice > end)):
        span = f"{day(start)} bis {day(end)}" if end is not None else f"ab {day(start)}"
        message = f"Der Kündigungstermin muss innerhalb der Anmietung liegen ({span}). Bitte prüfen Sie das Datum."
        errors.append(_error("head_lease_notice_date", message))
    return errors


def _funding_errors(values: Values) -> list[FieldError]:
    """NBank bindings (domain.md 6): a funded flat has a binding end and keeps to the permitted rent."""
    if not _has(values, "funded") or not values["funded"]:
        return []
    errors = []
    if _has(values, "binding_end") and values["binding_end"] is None:
        message = (
            "Bei einer geförderten Wohnung ist das Ende der Bindung anzugeben. Bitte tragen Sie das Datum aus "
            "dem Förderbescheid ein."
        )
        errors.append(_error("binding_end", message))
    if _has(values, "permitted_rent_cents_per_m2", "living_area_m2", "net_rent_cents"):
        per_m2 = values["permitted_rent_cents_per_m2"]
        if per_m2 is not None:
            errors += _permitted_rent_errors(per_m2, values["living_area_m2"], values["net_rent_cents"])
    return errors


def _permitted_rent_errors(per_m2: int, living_area_m2: float, net_rent_cents: int) -> list[FieldError]:
    limit = lease_rules.funded_rent_limit_cents(per_m2, living_area_m2)
    if net_rent_cents <= limit:
        return []
    message = (
        f"Die Nettokaltmiete liegt {euros(net_rent_cents - limit)} über der nach der Förderung zulässigen Miete "
        f"({euros(per_m2)} je m² × {area(living_area_m2)} = {euros(limit)}). "
        f"Bitte senken Sie die Nettokaltmiete auf höchstens {euros(limit)}."
    )
    return [_error("net_rent_cents", message)]


def _has_shares(values: Values) -> bool:
    return bool(values.get("cooperative_shares")) or bool(values.get("cooperative_share_cents"))


def _share_completeness_errors(values: Values) -> list[FieldError]:
    """A Dauernutzungsvertrag states shares as number × amount (domain.md 5); one without the other is
    a gap the document could not fill."""
    if not _has(values, "cooperative_shares", "cooperative_share_cents"):
        return []
    shares, amount = values["cooperative_shares"], values["cooperative_share_cents"]
    if shares and not amount:
        return [_error("cooperative_share_cents", "Bitte geben Sie auch den Betrag je Anteil an.")]
    if amount and not shares:
        return [_error("cooperative_shares", "Bitte geben Sie auch die Anzahl der Anteile an.")]
    return []


RULES: tuple[Callable[[Values], list[FieldError]], ...] = (
    _postcode_errors,
    _deposit_errors,
    _room_errors,
    _head_lease_errors,
    _funding_errors,
    _share_completeness_errors,
)


def _exists(session: Session, table: type[SQLModel], key: Any) -> Any:
    if isinstance(key, int) and not 0 < key <= MAX_ROW_ID:
        return None
    return session.get(table, key)


def _reference_errors(session: Session, values: Values) -> list[FieldError]:
    """Checks against stored data: municipality, landlord, owner, shares only with a cooperative."""
    errors = []
    if _has(values, "ags") and _exists(session, M.Municipality, values["ags"]) is None:
        errors.append(_error("ags", UNKNOWN_MUNICIPALITY))
    landlord = _exists(session, M.Landlord, values["landlord_id"]) if _has(values, "landlord_id") else None
    if _has(values, "landlord_id") and landlord is None:
        errors.append(_error("landlord_id", UNKNOWN_LANDLORD))
    owner_id = values.get("owner_id")
    if owner_id is not None and _exists(session, M.Landlord, owner_id) is None:
        errors.append(_error("owner_id", UNKNOWN_OWNER))
    if landlord is not None and landlord.kind != E.LandlordKind.COOPERATIVE and _has_shares(values):
        message = (
            "Genossenschaftsanteile gibt es nur, wenn eine Genossenschaft vermietet. Bitte entfernen Sie die "
            "Anteile oder wählen Sie den richtigen Vermieter."
        )
        errors.append(_error("cooperative_shares", message))
    return errors


def _checked(session: Session, data: Mapping[str, Any]) -> M.FlatBase:
    """Validate a whole flat; raise one ValidationFailed with every field and domain error."""
    raw = dict(data)
    validated: M.FlatBase | None = None
    try:
        validated = validate(M.FlatBase, raw)
        values: Values = validated.model_dump()
        errors: list[FieldError] = []
    except ValidationFailed as exc:
        errors = _reworded(exc.errors)
        values = valid_values(M.FlatBase, raw, {e.field for e in exc.errors})
    for rule in RULES:
        errors += rule(values)
    errors += _reference_errors(session, values)
    require(errors)
    assert validated is not None  # no errors means the model validated
    if validated.owner_id == validated.landlord_id:
        validated.owner_id = None  # "Eigentümer (falls abweichend)": the same person is no separate owner
    return validated


# --------------------------------------------------------------------------------------------------
# Services
# --------------------------------------------------------------------------------------------------


def _record_status(session: Session, user: str, flat: M.Flat, note: str) -> None:
    assert flat.id is not None
    session.add(M.FlatStatusChange(flat_id=flat.id, status=flat.status, user=user, note=note))


def _status_label(status: str) -> str:
    return E.FlatStatus(status).label


def create_flat(db: Database, data: Mapping[str, Any]) -> M.Flat:
    """Store a new flat with its initial status in the history."""
    with db.session() as session:
        validated = _checked(session, data)
        flat = M.Flat.model_validate(validated.model_dump())
        session.add(flat)
        session.flush()
        _record_status(session, db.user, flat, CREATED_NOTE)
        description = f"Gemeinde {flat.ags}, Status: {_status_label(flat.status)}"
        audit.record(session, db.user, "create", "flat", flat.id, description)
    return flat


def update_flat(db: Database, flat_id: int, changes: Mapping[str, Any], expected_version: int | None = None) -> M.Flat:
    """Change some fields; a status changed here is written to the history like `set_flat_status`."""
    with db.session() as session:
        flat = get_or_fail(session, M.Flat, flat_id, NOT_FOUND)
        check_version(flat, expected_version, WHAT)
        validated = _checked(session, merged(flat, changes, M.FlatBase))
        old_status = flat.status
        _refuse_if_held(session, flat, validated.status)
        apply(flat, validated)
        session.flush()
        if flat.status != old_status:
            _record_status(session, db.user, flat, EDITED_NOTE)
        audit.record(session, db.user, "update", "flat", flat.id, "Felder: " + ", ".join(sorted(changes)))
    return flat


def get_flat(db: Database, flat_id: int) -> M.Flat:
    with db.read_session() as session:
        return get_or_fail(session, M.Flat, flat_id, NOT_FOUND)


def _refuse_if_held(session: Session, flat: M.Flat, new_status: str) -> None:
    """A flat reserved or let through a placement changes status only through that placement's workflow
    (decline, cancel, move in): otherwise the flat and the placement would contradict each other."""
    if new_status == flat.status:
        return
    holding = session.exec(
        select(M.Placement.id).where(M.Placement.flat_id == flat.id, col(M.Placement.state).in_(sorted(HOLDING_STATES)))
    ).first()
    if holding is not None:
        message = (
            f"Die Wohnung ist durch die Vermittlung Nr. {holding} reserviert. Bitte ändern Sie den Status "
            "über diesen Vorgang (Absage, Abbruch oder Einzug)."
        )
        raise ValidationFailed([_error("status", message)])


def set_flat_status(
    db: Database, flat_id: int, status: E.FlatStatus | str, note: str = "", expected_version: int | None = None
) -> M.Flat:
    """Change the status and append it to the history; the note stays in the history, not in the audit."""
    change = validate(StatusInput, {"status": status, "note": note})
    with db.session() as session:
        flat = get_or_fail(session, M.Flat, flat_id, NOT_FOUND)
        check_version(flat, expected_version, WHAT)
        old_status = flat.status
        _refuse_if_held(session, flat, change.status)  # type: ignore[attr-defined]
        flat.status = change.status  # type: ignore[attr-defined]
        flat.updated_at = M.utcnow()
        session.flush()
        _record_status(session, db.user, flat, change.note)  # type: ignore[attr-defined]
        description = f"Status: {_status_label(old_status)} → {_status_label(flat.status)}"
        audit.record(session, db.user, "status", "flat", flat.id, description)
    return flat


def flat_status_history(db: Database, flat_id: int) -> list[M.FlatStatusChange]:
    """Every status the flat has had, oldest first."""
    with db.read_session() as session:
        get_or_fail(session, M.Flat, flat_id, NOT_FOUND)
        query = (
            select(M.FlatStatusChange)
            .where(M.FlatStatusChange.flat_id == flat_id)
            .order_by(M.FlatStatusChange.changed_at, M.FlatStatusChange.id)  # type: ignore[arg-type]
        )
        return list(session.exec(query).all())


# --------------------------------------------------------------------------------------------------
# Distances to facilities
# --------------------------------------------------------------------------------------------------

Distance = tuple[float | None, int | None]
"""(km, minutes); (None, None) removes the entry."""


def _checked_distance(flat_id: int, key: Any, value: Any) -> tuple[M.FlatDistance | None, list[FieldError]]:
    """Validate one (km, minutes) pair against the FlatDistance bounds; errors name the facility."""
    prefix, label = str(key), str(key)
    if key in set(E.Facility):
        prefix, label = E.Facility(key).value, E.Facility(key).label
    if not isinstance(value, tuple | list) or len(value) != 2:
        return None, [FieldError(prefix, "Bitte Entfernung (km) und Fahrzeit (Minuten) angeben.", label)]
    data = {"flat_id": flat_id, "facility": key, "km": value[0], "minutes": value[1]}
    try:
        return validate(M.FlatDistance, data), []
    except ValidationFailed as exc:
        if any(e.field == "facility" for e in exc.errors):
            choices = ", ".join(f.label for f in E.Facility)
            return None, [FieldError(prefix, f"Unbekannte Einrichtung. Erlaubt sind: {choices}.", "Einrichtung")]
        return None, [FieldError(f"{prefix}.{e.field}", e.message, f"{label}: {e.label}") for e in exc.errors]


def _validated_distances(flat_id: int, distances: Mapping[Any, Any]) -> list[M.FlatDistance]:
    checked: list[M.FlatDistance] = []
    errors: list[FieldError] = []
    for key, value in distances.items():
        row, problems = _checked_distance(flat_id, key, value)
        errors += problems
        if row is not None:
            checked.append(row)
    require(errors)
    return checked


def set_distances(
    db: Database, flat_id: int, distances: Mapping[E.Facility | str, Distance]
) -> dict[E.Facility, M.FlatDistance]:
    """Store entered distances per facility (an entered value replaces a derived one); facilities not
    named stay as they are, (None, None) removes one. All or nothing."""
    checked = _validated_distances(flat_id, distances)
    with db.session() as session:
        get_or_fail(session, M.Flat, flat_id, NOT_FOUND)
        if not checked:
            return _distances(session, flat_id)
        for entered in checked:
            existing = session.get(M.FlatDistance, (flat_id, entered.facility))
            removed = entered.km is None and entered.minutes is None
            if existing is None and not removed:
                session.add(entered)
            elif existing is not None and removed:
                session.delete(existing)
            elif existing is not None:
                existing.km, existing.minutes, existing.source = entered.km, entered.minutes, entered.source
        session.flush()
        names = ", ".join(sorted(str(row.facility) for row in checked))
        audit.record(session, db.user, "update", "flat_distance", flat_id, f"Einrichtungen: {names}")
        return _distances(session, flat_id)


def _distances(session: Session, flat_id: int) -> dict[E.Facility, M.FlatDistance]:
    rows = session.exec(select(M.FlatDistance).where(M.FlatDistance.flat_id == flat_id)).all()
    return {E.Facility(row.facility): row for row in sorted(rows, key=lambda r: list(E.Facility).index(r.facility))}


def get_distances(db: Database, flat_id: int) -> dict[E.Facility, M.FlatDistance]:
    with db.read_session() as session:
        get_or_fail(session, M.Flat, flat_id, NOT_FOUND)
        return _distances(session, flat_id)


# --------------------------------------------------------------------------------------------------
# Deleting a flat recorded by mistake, and restoring it (the window's undo)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlatSnapshot:
    """Everything that belongs only to one flat, as plain values: enough to put it back as it was.

    `fields` are the FlatBase fields; distances, status history and the households' exclusions of the flat
    come back with it. Placements and archived documents are not part of it: a flat that has them is
    never deleted.
    """

    flat_id: int
    version: int
    created_at: datetime
    updated_at: datetime
    fields: dict[str, Any]
    distances: tuple[tuple[str, float | None, int | None, str], ...]  # facility, km, minutes, source
    history: tuple[tuple[str, datetime, str, str], ...]  # status, changed_at, user, note (oldest first)
    exclusions: tuple[tuple[int, str, str, datetime], ...]  # household_id, reason, user, created_at


def _snapshot(session: Session, flat: M.Flat) -> FlatSnapshot:
    assert flat.id is not None
    flat_id = flat.id
    history = session.exec(
        select(M.FlatStatusChange)
        .where(M.FlatStatusChange.flat_id == flat_id)
        .order_by(col(M.FlatStatusChange.changed_at), col(M.FlatStatusChange.id))
    ).all()
    exclusions = session.exec(
        select(M.PairExclusion).where(M.PairExclusion.flat_id == flat_id).order_by(col(M.PairExclusion.household_id))
    ).all()
    return FlatSnapshot(
        flat_id=flat_id,
        version=flat.version,
        created_at=flat.created_at,
        updated_at=flat.updated_at,
        fields={name: getattr(flat, name) for name in M.FlatBase.model_fields},
        distances=tuple(
            (str(d.facility), d.km, d.minutes, str(d.source)) for d in _distances(session, flat_id).values()
        ),
        history=tuple((str(h.status), h.changed_at, h.user, h.note) for h in history),
        exclusions=tuple((e.household_id, e.reason, e.user, e.created_at) for e in exclusions),
    )


def flat_snapshot(db: Database, flat_id: int) -> FlatSnapshot:
    """The flat with what belongs only to it, as `delete_flat` would remove it."""
    with db.read_session() as session:
        return _snapshot(session, get_or_fail(session, M.Flat, flat_id, NOT_FOUND))


def _head_lease_running(flat: M.Flat, today: date) -> bool:
    return flat.head_lease_start is not None and (flat.head_lease_end is None or flat.head_lease_end >= today)


def _refuse_delete(session: Session, flat: M.Flat) -> None:
    """A flat is deleted only when nothing of the office's work hangs on it (see `delete_flat`)."""
    placements = session.exec(
        select(M.Placement.id).where(M.Placement.flat_id == flat.id).order_by(col(M.Placement.id))
    ).all()
    if placements:
        numbers = ", ".join(str(n) for n in placements[:5]) + (" …" if len(placements) > 5 else "")
        noun = "die Vermittlung Nr." if len(placements) == 1 else "die Vermittlungen Nr."
        raise InvalidTransition(
            f"Die Wohnung kann nicht gelöscht werden, weil es für sie {noun} {numbers} gibt (laufend oder "
            "abgeschlossen); deren Verlauf muss erhalten bleiben. Wenn die Wohnung nicht mehr vermittelt werden "
            "soll, setzen Sie ihren Status auf „gesperrt“."
        )
    document = session.exec(select(M.Document.id).where(M.Document.flat_id == flat.id)).first()
    if document is not None:
        raise InvalidTransition(
            "Die Wohnung kann nicht gelöscht werden, weil zu ihr archivierte Dokumente gehören, die erhalten "
            "bleiben müssen. Wenn die Wohnung nicht mehr vermittelt werden soll, setzen Sie ihren Status auf "
            "„gesperrt“."
        )
    if _head_lease_running(flat, date.today()):
        raise InvalidTransition(
            "Die Wohnung kann nicht gelöscht werden, weil die Gemeinde sie angemietet hat (Generalmietvertrag "
            "ohne Ende oder mit einem Ende in der Zukunft): Anmietung und Kosten müssen nachvollziehbar bleiben. "
            "Wurde die Wohnung versehentlich erfasst, entfernen Sie zuerst die Angaben zur Anmietung; sonst "
            "setzen Sie ihren Status auf „gesperrt“."
        )


def deletable_version(db: Database, flat_id: int) -> int:
    """The flat's version if it may be deleted, else the refusal `delete_flat` would give (InvalidTransition,
    NotFound): the window checks before asking, so nobody confirms a deletion only to be told no."""
    with db.read_session() as session:
        flat = get_or_fail(session, M.Flat, flat_id, NOT_FOUND)
        _refuse_delete(session, flat)
        return flat.version


def delete_flat(db: Database, flat_id: int, expected_version: int | None = None) -> FlatSnapshot:
    """Delete a flat recorded by mistake with its distances, status history and the households' exclusions
    of it; return what was deleted, so `restore_flat` can put it back (the window's undo).

    Refused (InvalidTransition, German) while anything of the office's work hangs on the flat:
    - any placement, running or past: its timeline names the flat and must stay;
    - any archived document: it is kept exactly as printed and refers to the flat;
    - a running head lease (Generalmietvertrag without end or ending in the future): the municipality
      pays for the flat and the overview counts those costs; a mistaken entry loses its head lease data first.
    A funding binding does not stop the deletion: it binds the landlord towards NBank, not the office, and
    it is recorded here only to check the rent.
    Import records that name the flat are removed too (an import undone later leaves the flat alone).
    """
    with db.session() as session:
        flat = session.get(M.Flat, flat_id, with_for_update=True) if 0 < flat_id <= MAX_ROW_ID else None
        if flat is None:
            flat = get_or_fail(session, M.Flat, flat_id, NOT_FOUND)  # the German NotFound
        check_version(flat, expected_version, WHAT)
        _refuse_delete(session, flat)
        snapshot = _snapshot(session, flat)
        session.exec(delete(M.FlatDistance).where(col(M.FlatDistance.flat_id) == flat_id))
        session.exec(delete(M.FlatStatusChange).where(col(M.FlatStatusChange.flat_id) == flat_id))
        session.exec(delete(M.PairExclusion).where(col(M.PairExclusion.flat_id) == flat_id))
        session.exec(
            delete(M.ImportBatchItem).where(
                col(M.ImportBatchItem.entity) == "flat", col(M.ImportBatchItem.entity_id) == flat_id
            )
        )
        session.delete(flat)
        session.flush()
        description = (
            f"Gemeinde {snapshot.fields['ags']}, Status: {_status_label(snapshot.fields['status'])}; "
            f"mit Entfernungen {len(snapshot.distances)}, Statuseinträgen {len(snapshot.history)}, "
            f"Ausschlüssen {len(snapshot.exclusions)}"
        )
        audit.record(session, db.user, "delete", "flat", flat_id, description)
    return snapshot


def _restore_reference_errors(session: Session, values: Values) -> list[FieldError]:
    """What a restored flat needs to exist: its municipality, landlord and owner."""
    errors = []
    if session.get(M.Municipality, values["ags"]) is None:
        errors.append(_error("ags", UNKNOWN_MUNICIPALITY))
    if session.get(M.Landlord, values["landlord_id"]) is None:
        errors.append(_error("landlord_id", UNKNOWN_LANDLORD))
    if values.get("owner_id") is not None and session.get(M.Landlord, values["owner_id"]) is None:
        errors.append(_error("owner_id", UNKNOWN_OWNER))
    return errors


def restore_flat(db: Database, snapshot: FlatSnapshot) -> M.Flat:
    """Put a deleted flat back as `delete_flat` left it: same fields, version, distances, status history and
    exclusions (of households that still exist). It gets its old number when that is still free (so earlier
    steps of the undo history still find it), else a new one.

    The fields are checked like any input, but not against today's domain rules: they are the values the
    office had stored, and a rule introduced since must not stop taking a mistaken deletion back.
    """
    validated = validate(M.FlatBase, snapshot.fields)
    with db.session() as session:
        require(_restore_reference_errors(session, validated.model_dump()))
        same_id = session.get(M.Flat, snapshot.flat_id) is None
        flat = M.Flat.model_validate(validated.model_dump())
        if same_id:
            flat.id = snapshot.flat_id
        flat.created_at, flat.updated_at = snapshot.created_at, snapshot.updated_at
        session.add(flat)
        session.flush()
        assert flat.id is not None
        flat_id = flat.id
        # The mapper sets a new row's version to 1; the stored one keeps the optimistic locking of earlier
        # edits working (whoever loaded this version before the deletion saw exactly these values).
        table = M.Flat.__table__  # type: ignore[attr-defined]
        session.execute(sa.update(table).where(table.c.id == flat_id).values(version=snapshot.version))
        for facility, km, minutes, source in snapshot.distances:
            row = M.FlatDistance(
                flat_id=flat_id, facility=E.Facility(facility), km=km, minutes=minutes, source=E.DistanceSource(source)
            )
            session.add(row)
        for status, changed_at, user, note in snapshot.history:
            change = M.FlatStatusChange(
                flat_id=flat_id, status=E.FlatStatus(status), changed_at=changed_at, user=user, note=note
            )
            session.add(change)
        kept = 0
        for household_id, reason, user, created_at in snapshot.exclusions:
            if session.get(M.Household, household_id) is not None:
                session.add(
                    M.PairExclusion(
                        household_id=household_id, flat_id=flat_id, reason=reason, user=user, created_at=created_at
                    )
                )
                kept += 1
        session.flush()
        session.refresh(flat)
        description = f"Gemeinde {flat.ags}, Status: {_status_label(flat.status)}; nach dem Löschen zurückgeholt"
        if not same_id:
            description += f", vorher Nr. {snapshot.flat_id}"
        if kept < len(snapshot.exclusions):
            description += f"; Ausschlüsse gelöschter Haushalte entfallen: {len(snapshot.exclusions) - kept}"
        audit.record(session, db.user, "restore", "flat", flat_id, description[:500])
    return flat
