"""Importing flats and households from a spreadsheet: a dry run first, then one all-or-nothing commit.

    table = read_table("gbh_wohnungen.xlsx")
    mapping = suggested_mapping(db, "flats", table.headers)           # remembered, else guessed
    report = run_import(db, table, "flats", mapping, commit=False)    # dry run: what would happen, per row
    report = run_import(db, table, "flats", mapping, commit=True)     # the same, saved in one transaction
    undo_import(db, report.batch_id)

Every row is checked by the very checks the forms use (`services.flats` and `services.households`:
field bounds, German messages, domain rules, municipality and landlord exist, case number free) and the
dry run even writes the rows and rolls back, so the database's own constraints are tried too: what the
dry run accepts, the commit accepts. Each row becomes one of

- create: a new record;
- update: an existing record found by its key — the landlord's own flat number (`landlord_reference`,
  per landlord) or the household's Aktenzeichen — gets the file's values for the mapped columns;
- duplicate: no key matches, but the same flat (address and flat number) or the same person (name and
  birth date, see `duplicates.py`) is already stored or came earlier in the file. Not created twice:
  skipped, or with `merge_duplicates` merged into the stored record like an update;
- reject: with a German reason per field, naming the column as the file names it.

A commit with rejected rows saves nothing (`ImportRejected`) unless `skip_rejected` says to leave those
rows out. A `progress(done, total)` callback reports progress; raising from it cancels, and nothing is
saved. A committed import is an `ImportBatch` with one item per record created or updated (the fields
before an update kept for the undo) and one audit entry with counts only — no names, no addresses.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import delete, insert
from sqlmodel import Session, col, select

from matcher.core import models as M
from matcher.core import reference
from matcher.core.db import Database
from matcher.core.errors import FieldError, MatcherError, NotFound, ValidationFailed
from matcher.core.exchange import values as V
from matcher.core.exchange.duplicates import FlatIndex, FlatKey, PersonIndex, PersonKey, flat_key, fold, person_key
from matcher.core.exchange.mapping import (
    KIND_LABELS,
    MEMBER,
    MappingError,
    Target,
    check_mapping,
    guess_mapping,
    missing_required,
    remember_mapping,
    remembered_mapping,
    targets,
)
from matcher.core.exchange.reading import Cell, Table
from matcher.core.formatting import number
from matcher.core.services import audit
from matcher.core.services import flats as flat_service
from matcher.core.services import households as household_service
from matcher.core.services import landlords as landlord_service
from matcher.core.services.common import apply, merged

Action = Literal["create", "update", "unchanged", "duplicate", "reject"]
ACTIONS: tuple[Action, ...] = ("create", "update", "unchanged", "duplicate", "reject")
Progress = Callable[[int, int], None]
ACTION_LABELS: dict[str, str] = {
    "create": "neu",
    "update": "aktualisieren",
    "unchanged": "unverändert",
    "duplicate": "Dublette",
    "reject": "abgelehnt",
}
PROGRESS_EVERY = 200
REPEATING = frozenset({"bool", "date", "enum", "municipality"})
DELETE_CHUNK = 500
FLAT_CREATED_NOTE = "Wohnung importiert"
FLAT_UPDATED_NOTE = "beim Import geändert"
NOUNS = {"flats": "Wohnung", "households": "Haushalt", "landlords": "Vermieter"}
FIELD_TARGETS = {"landlord_id": "landlord"}
"""Model fields filled from a differently named import target."""
FAILS_ALSO: dict[str, tuple[str, ...]] = {
    "landlord": ("landlord_id",),
    "street_and_number": ("street", "house_number"),
}
"""A target that failed to convert also silences the service's messages about the fields it fills."""


class ImportRejected(MatcherError):
    """A commit refused because rows were rejected; nothing was saved. Carries the report."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        rejected = report.count("reject")
        super().__init__(
            f"{number(rejected, 0)} von {number(len(report.records), 0)} Datensätzen sind fehlerhaft; es wurde "
            "nichts gespeichert. Bitte korrigieren Sie die Datei oder lassen Sie die fehlerhaften Zeilen weg."
        )


class _RollBack(Exception):
    """Ends the dry run's transaction without saving."""


@dataclass(frozen=True)
class RowError:
    """One reason a record was rejected: spreadsheet row, field, the column as the file names it, message."""

    row: int
    field: str
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Zeile {self.row}"
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class RecordResult:
    """What happens to one record (a flat: one row; a household: the rows of its people)."""

    rows: list[int]
    action: Action = "create"
    errors: list[RowError] = field(default_factory=list)
    existing_id: int | None = None
    """The stored record updated or duplicated."""
    duplicate_of_row: int | None = None
    """The earlier row of the same file this one duplicates."""
    entity_id: int | None = None
    """After a commit: the record created or updated."""
    note: str = ""

    @property
    def first_row(self) -> int:
        return self.rows[0]

    def describe(self, kind: str) -> str:
        """German one-liner for the report."""
        noun = NOUNS.get(kind, "")
        if self.action == "update":
            return f"aktualisiert {noun} {self.existing_id}" + (f" ({self.note})" if self.note else "")
        if self.action == "unchanged":
            return f"{noun} {self.existing_id} unverändert"
        if self.action == "duplicate":
            where = f"{noun} {self.existing_id}" if self.existing_id else f"Zeile {self.duplicate_of_row}"
            return f"Dublette von {where}" + (f" – {self.note}" if self.note else "")
        if self.action == "reject":
            return "; ".join(str(error) for error in self.errors)
        return f"neu{f' ({self.note})' if self.note else ''}"


@dataclass
class ImportReport:
    kind: str
    source_name: str
    sha256: str
    mapping: dict[str, str | None]
    records: list[RecordResult] = field(default_factory=list)
    committed: bool = False
    batch_id: int | None = None
    merge_duplicates: bool = False

    def count(self, action: Action) -> int:
        return sum(1 for record in self.records if record.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in ACTIONS}

    @property
    def rejected(self) -> list[RecordResult]:
        return [record for record in self.records if record.action == "reject"]

    def summary(self) -> str:
        c = self.counts
        duplicates = "zusammengeführt" if self.merge_duplicates else "übersprungen"
        return (
            f"{KIND_LABELS[self.kind]}: {number(c['create'], 0)} neu, {number(c['update'], 0)} aktualisiert, "
            f"{number(c['unchanged'], 0)} unverändert, {number(c['duplicate'], 0)} Dubletten ({duplicates}), "
            f"{number(c['reject'], 0)} abgelehnt"
        )

    def as_json_ready(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "source": self.source_name,
            "sha256": self.sha256,
            "committed": self.committed,
            "batch_id": self.batch_id,
            "counts": self.counts,
            "mapping": self.mapping,
            "records": [
                {
                    "rows": r.rows,
                    "action": r.action,
                    "existing_id": r.existing_id,
                    "duplicate_of_row": r.duplicate_of_row,
                    "entity_id": r.entity_id,
                    "note": r.note,
                    "errors": [
                        {"row": e.row, "field": e.field, "column": e.column, "message": e.message} for e in r.errors
                    ],
                }
                for r in self.records
            ],
        }


@dataclass(frozen=True)
class ImportOptions:
    default_landlord_id: int | None = None
    """Landlord of every flat when the file has no landlord column (or the cell is empty)."""
    merge_duplicates: bool = False
    skip_rejected: bool = False


# --------------------------------------------------------------------------------------------------
# Mapping for a file
# --------------------------------------------------------------------------------------------------


def suggested_mapping(db: Database, kind: str, headers: Sequence[str]) -> dict[str, str | None]:
    """The mapping remembered for files with these columns, else the guess from the header names."""
    with db.read_session() as session:
        remembered = remembered_mapping(session, kind, headers)
    return remembered if remembered is not None else guess_mapping(kind, headers)


def check_columns(kind: str, headers: Sequence[str], mapping: Mapping[str, str | None], options: ImportOptions) -> None:
    """Refuse a file whose columns cannot make a record (wrong file, wrong kind, wrong mapping)."""
    check_mapping(kind, headers, mapping)
    missing = missing_required(kind, mapping, landlord_given=options.default_landlord_id is not None)
    if missing:
        names = ", ".join(f"„{target.label}“" for target in missing)
        raise MappingError(
            f"Diese Pflichtangaben fehlen in der Datei oder sind keiner Spalte zugeordnet: {names}. Bitte ordnen Sie "
            f"die Spalten zu oder prüfen Sie, ob die Datei {KIND_LABELS[kind]} enthält."
        )


# --------------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------------


def run_import(
    db: Database,
    table: Table,
    kind: str,
    mapping: Mapping[str, str | None],
    *,
    commit: bool,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Check every row and, with `commit`, save all in one transaction (or nothing)."""
    options = options or ImportOptions()
    full_mapping = check_mapping(kind, table.headers, mapping)
    check_columns(kind, table.headers, full_mapping, options)
    report = ImportReport(
        kind, table.source_name, table.sha256, full_mapping, merge_duplicates=options.merge_duplicates
    )
    importer_cls = IMPORTERS[kind]
    try:
        with db.session() as session:
            importer = importer_cls(session, db.user, table, full_mapping, options, report, progress)
            importer.run()
            if not commit:
                raise _RollBack
            if report.rejected and not options.skip_rejected:
                raise ImportRejected(report)
            _record_batch(session, db.user, table, kind, full_mapping, report, importer.items)
    except _RollBack:
        _forget_ids(report)
        return report
    except ImportRejected:
        _forget_ids(report)
        raise
    report.committed = True
    return report


def _forget_ids(report: ImportReport) -> None:
    """Ids handed out in a rolled-back transaction belong to nothing."""
    for record in report.records:
        record.entity_id = None


def _record_batch(
    session: Session,
    user: str,
    table: Table,
    kind: str,
    mapping: Mapping[str, str | None],
    report: ImportReport,
    items: list[dict[str, Any]],
) -> None:
    counts = report.counts
    merged_count = counts["duplicate"] if report.merge_duplicates else 0
    batch = M.ImportBatch(
        kind=kind,
        source_name=table.source_name[:255],
        file_sha256=table.sha256,
        created_by=user,
        created_count=counts["create"],
        updated_count=counts["update"] + merged_count,
        skipped_count=counts["duplicate"] - merged_count,
        rejected_count=counts["reject"],
    )
    session.add(batch)
    session.flush()
    assert batch.id is not None
    if items:
        session.execute(insert(M.ImportBatchItem), [{**item, "batch_id": batch.id} for item in items])
    remember_mapping(session, kind, table.headers, mapping, table.source_name)
    description = f"Import {report.summary()}"
    audit.record(session, user, "import", "import_batch", batch.id, description[:500])
    report.batch_id = batch.id


# --------------------------------------------------------------------------------------------------
# Shared machinery: converting cells, collecting errors
# --------------------------------------------------------------------------------------------------


class _Importer:
    kind = ""

    def __init__(
        self,
        session: Session,
        user: str,
        table: Table,
        mapping: Mapping[str, str | None],
        options: ImportOptions,
        report: ImportReport,
        progress: Progress | None,
    ) -> None:
        self.session, self.user, self.table, self.options, self.report = session, user, table, options, report
        self.progress = progress
        self.targets = targets(self.kind)
        self.columns: dict[str, str] = {target: header for header, target in mapping.items() if target}
        self.positions = {header: index for index, header in enumerate(table.headers)}
        self.style = V.number_style(self._numeric_cells())
        self.enum_indexes = {
            name: V.enum_index(enum_cls) for name, t in self.targets.items() if (enum_cls := t.enum_cls) is not None
        }
        self.items: list[dict[str, Any]] = []
        self._converted: dict[tuple[str, Cell], tuple[Any, V.Invalid | None]] = {}
        self._plans: dict[tuple[str, ...], list[tuple[Target, int, str]]] = {}
        self._municipalities: dict[tuple[str, str], str | None] = {}
        # Held here so the identity map keeps them: the form's checks look each row's municipality and
        # landlord up by key, which then costs no query.
        self._pinned = [*session.exec(select(M.Municipality)).all(), *session.exec(select(M.Landlord)).all()]

    def _numeric_cells(self) -> Iterable[Cell]:
        for target, header in self.columns.items():
            if self.targets[target].value_type in ("int", "float", "money"):
                yield from self.table.column(header)

    def _tick(self, done: int, total: int) -> None:
        if self.progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            self.progress(done, total)

    def column_of(self, target: str) -> str:
        header = self.columns.get(target)
        if header is not None:
            return header
        known = self.targets.get(target)
        return known.label if known else ""

    def row_error(self, row: int, error: FieldError, target_prefix: str = "") -> RowError:
        target = FIELD_TARGETS.get(error.field, target_prefix + error.field)
        column = self.columns.get(target) or error.label or self.column_of(target)
        return RowError(row, target, column, error.message)

    def cell(self, cells: Sequence[Cell], target: str) -> Cell:
        header = self.columns.get(target)
        return None if header is None else cells[self.positions[header]]

    def convert(self, target: Target, cell: Cell) -> Any:
        """The field value of a non-empty cell, or raise values.Invalid. Lists repeat the same yes/no,
        dates, towns and value list entries thousands of times: those conversions are remembered."""
        if target.value_type not in REPEATING:
            return self._convert(target, cell)
        key = (target.name, cell)
        found = self._converted.get(key)
        if found is None:
            try:
                found = self._converted[key] = (self._convert(target, cell), None)
            except V.Invalid as exc:
                found = self._converted[key] = (None, exc)
        if found[1] is not None:
            raise found[1]
        return found[0]

    def _convert(self, target: Target, cell: Cell) -> Any:
        kind = target.value_type
        if kind == "money":
            return V.parse_money(cell, self.style)
        if kind == "int":
            return V.parse_floor(cell, self.style) if target.field == "floor" else V.parse_int(cell, self.style)
        if kind == "float":
            return V.parse_float(cell, self.style)
        if kind == "bool":
            return V.parse_bool(cell)
        if kind == "date":
            return V.parse_date(cell, immediately_is_today=target.field == "available_from")
        if kind == "enum":
            assert target.enum_cls is not None
            return V.parse_enum(cell, target.enum_cls, self.enum_indexes[target.name])
        if kind == "municipality":
            return V.as_text(cell, digits=8)
        if target.field == "postcode":
            return V.as_text(cell, digits=5)
        return V.as_text(cell)

    def converted(self, cells: Sequence[Cell], row: int, names: Iterable[str]) -> tuple[dict[str, Any], list[RowError]]:
        """Values of the mapped, non-empty cells of these targets; conversion errors per field."""
        data: dict[str, Any] = {}
        errors: list[RowError] = []
        for target, position, header in self._plan(names):
            cell = cells[position]
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            try:
                data[target.field] = self.convert(target, cell)
            except V.Invalid as exc:
                errors.append(RowError(row, target.name, header, str(exc)))
        return data, errors

    def _plan(self, names: Iterable[str]) -> list[tuple[Target, int, str]]:
        """(target, cell position, header) of the mapped ones among `names`, worked out once per list."""
        key = tuple(names)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = [
                (self.targets[name], self.positions[self.columns[name]], self.columns[name])
                for name in key
                if name in self.columns
            ]
        return plan

    def municipality(self, text: str | None, postcode: str | None) -> tuple[str | None, str | None]:
        """(AGS, German error): an AGS as given; a name resolved (with the postcode if the name is ambiguous);
        without a name, the one municipality of the postcode."""
        key = (text or "", postcode or "")
        if key in self._municipalities:
            found = self._municipalities[key]
        else:
            found = self._resolve_municipality(text, postcode)
            self._municipalities[key] = found
        if found is not None:
            return found, None
        if text:
            return None, (
                f"Die Gemeinde „{text}“ ist nicht bekannt oder nicht eindeutig. Bitte geben Sie den amtlichen "
                "Namen oder den Gemeindeschlüssel (8 Ziffern) an."
            )
        if postcode:
            return None, (
                f"Zur PLZ {postcode} ist die Gemeinde nicht eindeutig bekannt. Bitte ergänzen Sie eine Spalte "
                "„Gemeinde“."
            )
        return None, None

    def _resolve_municipality(self, text: str | None, postcode: str | None) -> str | None:
        if text and len(text) == 8 and text.isdigit():
            return text
        by_postcode = reference.find_municipalities(self.session, postcode) if postcode else []
        if not text:
            return by_postcode[0].ags if len(by_postcode) == 1 else None
        by_name = reference.find_municipalities(self.session, text)
        if len(by_name) > 1 and by_postcode:
            codes = {ref.ags for ref in by_postcode}
            by_name = [ref for ref in by_name if ref.ags in codes]
        return by_name[0].ags if len(by_name) == 1 else None

    def update(self, record: RecordResult, entity: str, row: Any, base: type[BaseModel], validated: BaseModel) -> None:
        """Apply validated values to a stored record, keeping its fields before for the undo. A record the
        file does not change is left alone (no new version, nothing to undo)."""
        record.entity_id = row.id
        fields = set(base.model_fields)
        before = {name: getattr(row, name) for name in fields}
        if validated.model_dump() == before:
            record.action = "unchanged"
            return
        apply(row, validated)
        self.session.flush()
        self.item(entity, row, "updated", json.dumps(before, ensure_ascii=False, default=str))

    def item(self, entity: str, row: Any, action: str, previous_json: str | None = None) -> None:
        self.items.append(
            {
                "entity": entity,
                "entity_id": row.id,
                "action": action,
                "version_after": row.version,
                "previous_json": previous_json,
            }
        )


# --------------------------------------------------------------------------------------------------
# Flats
# --------------------------------------------------------------------------------------------------


class _FlatImporter(_Importer):
    kind = "flats"

    def run(self) -> None:
        self.index = FlatIndex.load(self.session)
        self.landlords = self._landlord_names()
        seen_references: dict[tuple[int, str], int] = {}
        seen_addresses: dict[FlatKey, int] = {}
        new_flats: list[tuple[dict[str, Any], RecordResult]] = []
        total = len(self.table)
        field_names = [name for name in self.targets if name not in ("landlord", "street_and_number")]
        for done, (row, cells) in enumerate(zip(self.table.row_numbers, self.table.rows, strict=True), start=1):
            record = RecordResult([row])
            self.report.records.append(record)
            data, errors = self.converted(cells, row, field_names)
            landlord_id = self._landlord(cells, row, errors)
            self._address(cells, row, data, errors)
            self._derive_municipality(data, row, errors)
            if row in self.table.problems:
                errors.insert(0, RowError(row, "", "", self.table.problems[row]))
            data["landlord_id"] = landlord_id if landlord_id is not None else 0
            reference_key, address_key = self._place(record, data, landlord_id, seen_references, seen_addresses)
            flat = self._validate_and_apply(record, data, errors)
            if flat is not None:
                new_flats.append((flat, record))
            if record.action != "reject" and record.duplicate_of_row is None:
                # Only rows that pass: a rejected row must not make a later, correct row its duplicate.
                if reference_key is not None:
                    seen_references.setdefault(reference_key, row)
                seen_addresses.setdefault(address_key, row)
            self._tick(done, total)
        self._insert(new_flats)

    # ---- looking things up ----

    def _landlord_names(self) -> dict[str, list[int]]:
        names: dict[str, list[int]] = {}
        for landlord_id, name in self.session.exec(select(M.Landlord.id, M.Landlord.name)):
            assert landlord_id is not None
            names.setdefault(fold(name), []).append(landlord_id)
        return names

    def _landlord(self, cells: Sequence[Cell], row: int, errors: list[RowError]) -> int | None:
        cell = self.cell(cells, "landlord")
        if V.is_empty(cell):
            return self.options.default_landlord_id
        text = V.as_text(cell)
        if text.isdigit():
            return int(text)
        found = self.landlords.get(fold(text), [])
        if len(found) == 1:
            return found[0]
        column = self.columns["landlord"]
        if not found:
            message = (
                f"Den Vermieter „{text}“ gibt es noch nicht. Bitte legen Sie ihn zuerst an (oder geben Sie den "
                "Vermieter für die ganze Datei vor)."
            )
        else:
            message = f"Es gibt {len(found)} Vermieter namens „{text}“. Bitte geben Sie die Nummer des Vermieters an."
        errors.append(RowError(row, "landlord", column, message))
        return None

    def _address(self, cells: Sequence[Cell], row: int, data: dict[str, Any], errors: list[RowError]) -> None:
        cell = self.cell(cells, "street_and_number")
        if V.is_empty(cell):
            return
        try:
            street, house_number = V.split_address(cell)
        except V.Invalid as exc:
            errors.append(RowError(row, "street_and_number", self.columns["street_and_number"], str(exc)))
            return
        data.setdefault("street", street)
        data.setdefault("house_number", house_number)

    def _derive_municipality(self, data: dict[str, Any], row: int, errors: list[RowError]) -> None:
        if any(e.field == "ags" for e in errors):
            return
        ags, message = self.municipality(data.get("ags"), data.get("postcode"))
        if ags is not None:
            data["ags"] = ags
        elif message is not None:
            data.pop("ags", None)
            errors.append(RowError(row, "ags", self.column_of("ags"), message))

    def _place(
        self,
        record: RecordResult,
        data: dict[str, Any],
        landlord_id: int | None,
        seen_references: dict[tuple[int, str], int],
        seen_addresses: dict[FlatKey, int],
    ) -> tuple[tuple[int, str] | None, FlatKey]:
        """Decide create, update or duplicate, before validation (an update validates merged values).
        Returns the row's keys, for the caller to remember once the row passed."""
        reference_key = (landlord_id or 0, fold(data.get("landlord_reference")))
        key = flat_key(data.get("street"), data.get("house_number"), data.get("postcode"), data.get("flat_number"))
        has_reference = landlord_id is not None and bool(reference_key[1])
        keys = (reference_key if has_reference else None, key)
        if has_reference and reference_key in seen_references:
            record.action, record.duplicate_of_row = "duplicate", seen_references[reference_key]
            record.note = "gleiche Wohnungsnummer des Vermieters"
            return keys
        if key in seen_addresses:
            record.action, record.duplicate_of_row = "duplicate", seen_addresses[key]
            record.note = "gleiche Adresse und Wohnungsnummer"
            return keys
        reference = data.get("landlord_reference")
        existing = self.index.by_landlord_reference(landlord_id, reference) if landlord_id is not None else None
        if existing is not None:
            record.action, record.existing_id = "update", existing
            return keys
        duplicate = self.index.by_address.get(key)
        if duplicate is not None:
            record.action, record.existing_id = "duplicate", duplicate
            record.note = "gleiche Adresse und Wohnungsnummer"
        return keys

    # ---- checking with the form's rules, then writing ----

    def _validate_and_apply(
        self, record: RecordResult, data: dict[str, Any], errors: list[RowError]
    ) -> dict[str, Any] | None:
        """Check with the form's rules; update a stored flat at once, return a new flat's values."""
        row = record.first_row
        failed = {e.field for e in errors} | {f for e in errors for f in FAILS_ALSO.get(e.field, ())}
        clean = {k: v for k, v in data.items() if k not in failed}
        updating = record.action == "update" or (record.action == "duplicate" and record.existing_id is not None)
        existing = self.session.get(M.Flat, record.existing_id) if updating else None
        try:
            if existing is not None:
                validated = flat_service._checked(self.session, merged(existing, clean, M.FlatBase))
                flat_service._refuse_if_held(self.session, existing, validated.status)
            else:
                validated = flat_service._checked(self.session, clean)
        except ValidationFailed as exc:
            errors += [self.row_error(row, e) for e in exc.errors if e.field not in failed]
            validated = None
        if errors:
            record.action, record.errors = "reject", errors
            return None
        assert validated is not None
        if record.action == "duplicate" and not (existing is not None and self.options.merge_duplicates):
            return None
        if existing is not None:
            old_status, flat_id = existing.status, existing.id
            assert flat_id is not None
            self.update(record, "flat", existing, M.FlatBase, validated)
            if existing.status != old_status:  # every status enters the history, as after the form
                change = M.FlatStatusChange(
                    flat_id=flat_id, status=existing.status, user=self.user, note=FLAT_UPDATED_NOTE
                )
                self.session.add(change)
            return None
        return validated.model_dump()

    def _insert(self, new_flats: list[tuple[dict[str, Any], RecordResult]]) -> None:
        """All new flats in one statement: ten thousand ORM objects, each validated again as a table row,
        would take most of the time budget of an import.

        The new ids come back with the address (RETURNING, in batches); the address and flat number are
        unique among the new flats (a second row with the same is a duplicate and not inserted), so they
        tell which id belongs to which row without asking the database to keep the order — which on
        SQLite would mean one statement per row.
        """
        if not new_flats:
            return
        now = M.utcnow()
        rows = [{**values, "version": 1, "created_at": now, "updated_at": now} for values, _ in new_flats]
        table = M.Flat.__table__  # type: ignore[attr-defined]
        columns = (table.c.street, table.c.house_number, table.c.postcode, table.c.flat_number)
        keys = [(v["street"], v["house_number"], v["postcode"], v["flat_number"]) for v, _ in new_flats]
        if len(set(keys)) == len(keys):
            returned = self.session.execute(insert(table).returning(table.c.id, *columns), rows).all()
            ids_by_key = {tuple(found[1:]): found[0] for found in returned}
            ids = [ids_by_key[key] for key in keys]
        else:  # cannot happen while duplicates are skipped; kept correct rather than fast if it ever does
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids = list(self.session.scalars(statement, rows).all())
        history = []
        for flat_id, (values, record) in zip(ids, new_flats, strict=True):
            record.entity_id = flat_id
            history.append(
                {
                    "flat_id": flat_id,
                    "status": values["status"],
                    "changed_at": now,
                    "user": self.user,
                    "note": FLAT_CREATED_NOTE,
                }
            )
            self.items.append({"entity": "flat", "entity_id": flat_id, "action": "created", "version_after": 1})
        self.session.execute(insert(M.FlatStatusChange.__table__), history)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------------
# Households with their people
# --------------------------------------------------------------------------------------------------


@dataclass
class _Group:
    case_number: str
    rows: list[int] = field(default_factory=list)
    cells: list[Sequence[Cell]] = field(default_factory=list)


class _HouseholdImporter(_Importer):
    kind = "households"

    def run(self) -> None:
        self.people = PersonIndex.load(self.session)
        seen_people: dict[PersonKey, int] = {}
        groups, orphans = self._groups()
        total = len(groups) + len(orphans)
        for row in orphans:
            message = "Bitte ausfüllen: Ohne Aktenzeichen lässt sich die Person keinem Haushalt zuordnen."
            self.report.records.append(
                RecordResult([row], "reject", [RowError(row, "case_number", self.column_of("case_number"), message)])
            )
        household_names = [name for name, t in self.targets.items() if not t.is_member]
        member_names = [name for name, t in self.targets.items() if t.is_member and t.value_type != "name"]
        for done, group in enumerate(groups, start=len(orphans) + 1):
            record = RecordResult(list(group.rows))
            self.report.records.append(record)
            data, errors = self._household_data(group, household_names)
            members = [
                self._member(cells, row, member_names, errors)
                for row, cells in zip(group.rows, group.cells, strict=True)
            ]
            if all(member.get("relationship") is None for member in members) and members:
                members[0]["relationship"] = "applicant"  # no relationship given: the first person applies
            errors += [
                RowError(row, "", "", self.table.problems[row]) for row in group.rows if row in self.table.problems
            ]
            keys = self._place(record, data, members, seen_people)
            self._validate_and_apply(record, group, data, members, errors)
            if record.action != "reject" and record.duplicate_of_row is None:
                for key in keys:
                    seen_people.setdefault(key, record.first_row)
            self._tick(done, total)
        self.session.flush()

    def _groups(self) -> tuple[list[_Group], list[int]]:
        groups: dict[str, _Group] = {}
        orphans: list[int] = []
        for row, cells in zip(self.table.row_numbers, self.table.rows, strict=True):
            cell = self.cell(cells, "case_number")
            if V.is_empty(cell):
                orphans.append(row)
                continue
            case_number = V.as_text(cell)
            group = groups.setdefault(fold(case_number), _Group(case_number))
            group.rows.append(row)
            group.cells.append(cells)
        return list(groups.values()), orphans

    def _household_data(self, group: _Group, names: list[str]) -> tuple[dict[str, Any], list[RowError]]:
        """The household's fields from its first row; a later row saying something else is an error."""
        data, errors = self.converted(group.cells[0], group.rows[0], names)
        for row, cells in zip(group.rows[1:], group.cells[1:], strict=True):
            other, other_errors = self.converted(cells, row, names)
            errors += other_errors
            for name, value in other.items():
                if name in data and data[name] != value:
                    message = (
                        f"Weicht von Zeile {group.rows[0]} ab (gleiches Aktenzeichen). Bitte tragen Sie die Angaben "
                        "zum Haushalt in allen Zeilen gleich ein oder nur in der ersten."
                    )
                    errors.append(RowError(row, name, self.column_of(name), message))
                data.setdefault(name, value)
        data["case_number"] = group.case_number
        for name in ("accommodation_ags", "obligation_ags"):
            if name in data and not (len(data[name]) == 8 and data[name].isdigit()):
                found, problem = self.municipality(data[name], None)
                if found is None:
                    errors.append(RowError(group.rows[0], name, self.column_of(name), problem or ""))
                    del data[name]
                else:
                    data[name] = found
        return data, errors

    def _member(self, cells: Sequence[Cell], row: int, names: list[str], errors: list[RowError]) -> dict[str, Any]:
        data, member_errors = self.converted(cells, row, names)
        errors += member_errors
        full_name = self.cell(cells, "member.full_name")
        if not V.is_empty(full_name):
            try:
                given, family = V.split_name(full_name)
                data.setdefault("given_name", given)
                data.setdefault("family_name", family)
            except V.Invalid as exc:
                errors.append(RowError(row, "member.full_name", self.columns["member.full_name"], str(exc)))
        return data

    def _place(
        self,
        record: RecordResult,
        data: Mapping[str, Any],
        members: list[dict[str, Any]],
        seen_people: dict[PersonKey, int],
    ) -> list[PersonKey]:
        """Update (same Aktenzeichen), duplicate (a person known by name and birth date) or create; returns
        the people's keys for the caller to remember once the household passed."""
        keys = [
            key
            for m in members
            if (key := person_key(m.get("given_name"), m.get("family_name"), m.get("birth_date"))) is not None
        ]
        existing = self.session.exec(
            select(M.Household.id).where(M.Household.case_number == data["case_number"])
        ).first()
        if existing is not None:
            record.action, record.existing_id = "update", existing
            record.note = "nur die Angaben zum Haushalt; Personen bleiben unverändert"
            return keys
        earlier = next((seen_people[k] for k in keys if k in seen_people), None)
        if earlier is not None:
            record.action, record.duplicate_of_row = "duplicate", earlier
            record.note = "gleiche Person (Name und Geburtsdatum)"
            return keys
        stored = self.people.household_of(keys)
        if stored is not None:
            record.action, record.existing_id = "duplicate", stored
            record.note = "gleiche Person (Name und Geburtsdatum)"
        return keys

    def _validate_and_apply(
        self,
        record: RecordResult,
        group: _Group,
        data: dict[str, Any],
        members: list[dict[str, Any]],
        errors: list[RowError],
    ) -> None:
        first = group.rows[0]
        failed = {e.field for e in errors if e.field and not e.field.startswith(MEMBER)}
        clean = {k: v for k, v in data.items() if k not in failed}
        if record.existing_id is not None:
            self._update(record, clean, errors, failed)
            return
        base, household_errors = household_service._validated_household(self.session, clean, None, new=True)
        errors += [self.row_error(first, e) for e in household_errors if e.field not in failed]
        member_rows, member_errors = household_service._validated_members(members)
        converted = {(e.row, e.field) for e in errors}
        errors += [
            e for e in (self._member_error(group, e) for e in member_errors) if (e.row, e.field) not in converted
        ]
        if errors:
            record.action, record.errors = "reject", errors
            return
        if record.action == "duplicate":
            return
        assert base is not None
        household = M.Household.model_validate(base.model_dump())
        self.session.add(household)
        household_service._flush_checking_case_number(self.session)
        assert household.id is not None
        barred = household_service.district_barred_defaults(self.session, household)
        household_service._insert_members(self.session, household.id, member_rows)
        household_service._insert_barred(self.session, household.id, barred)
        record.entity_id = household.id
        self.item("household", household, "created")

    def _member_error(self, group: _Group, error: FieldError) -> RowError:
        """'members[1].birth_date' → the row of the second person; 'members' (no applicant) → the first row."""
        if error.field.startswith("members["):
            index_text, _, field_name = error.field.removeprefix("members[").partition("].")
            row = group.rows[int(index_text)]
            target = MEMBER + field_name
            column = self.columns.get(target) or error.label
            return RowError(row, target, column, error.message)
        return RowError(group.rows[0], "member.relationship", self.column_of("member.relationship"), error.message)

    def _update(self, record: RecordResult, clean: dict[str, Any], errors: list[RowError], failed: set[str]) -> None:
        first = record.first_row
        household = self.session.get(M.Household, record.existing_id)
        assert household is not None
        changes = {k: v for k, v in clean.items() if k in M.HouseholdBase.model_fields}
        validated, household_errors = household_service._validated_household(
            self.session, merged(household, changes, M.HouseholdBase), household.id, new=False
        )
        household_errors += household_service._status_untouched_errors(household, changes)
        errors += [self.row_error(first, e) for e in household_errors if e.field not in failed]
        if errors:
            record.action, record.errors = "reject", errors
            return
        assert validated is not None
        self.update(record, "household", household, M.HouseholdBase, validated)


# --------------------------------------------------------------------------------------------------
# Landlords
# --------------------------------------------------------------------------------------------------


class _LandlordImporter(_Importer):
    """Landlords: a stored landlord of the same name (case and composition aside) is updated."""

    kind = "landlords"

    def run(self) -> None:
        stored: dict[str, list[int]] = {}
        for landlord_id, name in self.session.exec(select(M.Landlord.id, M.Landlord.name)):
            assert landlord_id is not None
            stored.setdefault(fold(name), []).append(landlord_id)
        seen: dict[str, int] = {}
        total = len(self.table)
        for done, (row, cells) in enumerate(zip(self.table.row_numbers, self.table.rows, strict=True), start=1):
            record = RecordResult([row])
            self.report.records.append(record)
            data, errors = self.converted(cells, row, list(self.targets))
            if row in self.table.problems:
                errors.insert(0, RowError(row, "", "", self.table.problems[row]))
            key = fold(data.get("name"))
            matches = stored.get(key, []) if key else []
            if key in seen:
                record.action, record.duplicate_of_row, record.note = "duplicate", seen[key], "gleicher Name"
            elif len(matches) > 1:
                message = f"Es gibt {len(matches)} Vermieter mit diesem Namen. Bitte ändern Sie sie im Programm."
                errors.append(RowError(row, "name", self.column_of("name"), message))
            elif matches:
                record.action, record.existing_id = "update", matches[0]
            self._validate_and_apply(record, data, errors)
            if record.action != "reject" and record.duplicate_of_row is None and key:
                seen.setdefault(key, row)
            self._tick(done, total)
        self.session.flush()

    def _validate_and_apply(self, record: RecordResult, data: dict[str, Any], errors: list[RowError]) -> None:
        failed = {e.field for e in errors}
        clean = {k: v for k, v in data.items() if k not in failed}
        existing = self.session.get(M.Landlord, record.existing_id) if record.existing_id is not None else None
        try:
            validated = landlord_service._validated(merged(existing, clean, M.LandlordBase) if existing else clean)
        except ValidationFailed as exc:
            errors += [self.row_error(record.first_row, e) for e in exc.errors if e.field not in failed]
        if errors:
            record.action, record.errors = "reject", errors
            return
        if record.action == "duplicate":
            return
        if existing is not None:
            self.update(record, "landlord", existing, M.LandlordBase, validated)
            return
        landlord = M.Landlord.model_validate(validated.model_dump())
        self.session.add(landlord)
        self.session.flush()
        record.entity_id = landlord.id
        self.item("landlord", landlord, "created")


IMPORTERS: dict[str, type[_FlatImporter] | type[_HouseholdImporter] | type[_LandlordImporter]] = {
    "flats": _FlatImporter,
    "households": _HouseholdImporter,
    "landlords": _LandlordImporter,
}


# --------------------------------------------------------------------------------------------------
# Undo a whole import
# --------------------------------------------------------------------------------------------------

_TABLES: dict[str, tuple[type[M.Flat] | type[M.Household] | type[M.Landlord], type[BaseModel], str]] = {
    "flat": (M.Flat, M.FlatBase, "Wohnung"),
    "household": (M.Household, M.HouseholdBase, "Haushalt"),
    "landlord": (M.Landlord, M.LandlordBase, "Vermieter"),
}
"""In the order of undoing: flats before the landlords they name."""


def list_batches(db: Database) -> list[M.ImportBatch]:
    with db.read_session() as session:
        return list(session.exec(select(M.ImportBatch).order_by(col(M.ImportBatch.id).desc())).all())


def undo_import(db: Database, batch_id: int) -> M.ImportBatch:
    """Remove what an import created and restore what it updated — all of it, or nothing.

    Refused when a record was changed since (its version moved on) or is in use by a placement or an
    archived document: undoing then would destroy someone's later work.
    """
    with db.session() as session:
        batch = session.get(M.ImportBatch, batch_id)
        if batch is None:
            raise NotFound(f"Den Import {batch_id} gibt es nicht.")
        if batch.undone_at is not None:
            raise ValidationFailed([FieldError("batch", "Dieser Import wurde bereits rückgängig gemacht.", "Import")])
        items = list(
            session.exec(
                select(M.ImportBatchItem)
                .where(M.ImportBatchItem.batch_id == batch_id)
                .order_by(col(M.ImportBatchItem.id).desc())
            ).all()
        )
        _refuse_if_changed(session, items)
        for entity in _TABLES:
            _undo_entity(session, [i for i in items if i.entity == entity], entity)
        batch.undone_at, batch.undone_by = M.utcnow(), db.user
        description = f"Import rückgängig: {len(items)} Datensätze ({KIND_LABELS.get(batch.kind, batch.kind)})"
        audit.record(session, db.user, "undo_import", "import_batch", batch.id, description)
        return batch


def _refuse_if_changed(session: Session, items: Sequence[M.ImportBatchItem]) -> None:
    problems: list[str] = []
    for entity, (table, _, noun) in _TABLES.items():
        wanted = [i for i in items if i.entity == entity]
        if not wanted:
            continue
        ids = [i.entity_id for i in wanted]
        versions: dict[int, int] = {}
        for start in range(0, len(ids), DELETE_CHUNK):
            chunk = ids[start : start + DELETE_CHUNK]
            query = select(col(table.id), col(table.version)).where(col(table.id).in_(chunk))
            for row_id, version in session.exec(query):
                if row_id is not None:
                    versions[row_id] = version
        for item in wanted:
            if versions.get(item.entity_id) != item.version_after:
                problems.append(f"{noun} {item.entity_id}")
        created = [i.entity_id for i in wanted if i.action == "created"]
        in_use = "in einer Vermittlung" if entity != "landlord" else "hat Wohnungen"
        problems += [f"{noun} {i} ({in_use})" for i in _in_use(session, entity, created)]
    if problems:
        shown = ", ".join(problems[:10]) + (f" und {len(problems) - 10} weitere" if len(problems) > 10 else "")
        message = (
            f"Der Import lässt sich nicht rückgängig machen, weil seither daran weitergearbeitet wurde: {shown}. "
            "Machen Sie zuerst spätere Importe derselben Datensätze rückgängig, oder ändern oder löschen Sie "
            "diese Datensätze einzeln."
        )
        raise ValidationFailed([FieldError("batch", message, "Import")])


def _in_use(session: Session, entity: str, ids: Sequence[int]) -> list[int]:
    found: set[int] = set()
    for start in range(0, len(ids), DELETE_CHUNK):
        chunk = list(ids[start : start + DELETE_CHUNK])
        if entity == "flat":
            found.update(session.exec(select(M.Placement.flat_id).where(col(M.Placement.flat_id).in_(chunk))))
            documents = select(M.Document.flat_id).where(col(M.Document.flat_id).in_(chunk))
            found.update(i for i in session.exec(documents) if i is not None)
        elif entity == "household":
            households = select(M.Placement.household_id).where(col(M.Placement.household_id).in_(chunk))
            found.update(session.exec(households))
        else:
            for column in (M.Flat.landlord_id, M.Flat.owner_id):
                found.update(i for i in session.exec(select(column).where(col(column).in_(chunk))) if i is not None)
    return sorted(found)


def _undo_entity(session: Session, items: Sequence[M.ImportBatchItem], entity: str) -> None:
    table, base, _ = _TABLES[entity]
    for item in items:
        if item.action == "updated" and item.previous_json is not None:
            row = session.get(table, item.entity_id)
            assert row is not None
            apply(row, base.model_validate(json.loads(item.previous_json)))
    created = [item.entity_id for item in items if item.action == "created"]
    for start in range(0, len(created), DELETE_CHUNK):
        chunk = created[start : start + DELETE_CHUNK]
        session.execute(delete(table).where(col(table.id).in_(chunk)))
    session.flush()
