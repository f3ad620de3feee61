"""Importing households and residents from a spreadsheet: all rows or none, idempotent, and never holding the
database long enough to keep a ballot waiting (see apply).

One row per resident. Rows with the same household code form one household. A re-import of the same file
matches households by code and residents by citizen ID, or else by name and date of birth, so it creates
nothing twice.
"""

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import sql
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scoping import Action, can
from grassroots.sqlite_lock import writers_queue
from grassroots.tabular import Row, TableError, read_table
from grassroots.text import fold
from households.models import Gender, Household, Resident, search_text_for
from households.rules import is_eligible_voter
from localities.models import AdministrativeUnit, Level

logger = logging.getLogger(__name__)

# Column key -> accepted header labels; the first is what the template shows.
COLUMNS = {
    "household_code": ("Mã hộ", "Household code"),
    "village_code": ("Mã thôn/tổ dân phố", "Mã thôn", "Village code"),
    "address": ("Địa chỉ", "Address"),
    "full_name": ("Họ và tên", "Full name"),
    "date_of_birth": ("Ngày sinh", "Date of birth"),
    "gender": ("Giới tính", "Gender"),
    "citizen_id": ("Số định danh cá nhân", "Số CCCD", "Citizen ID"),
    "relationship": ("Quan hệ với chủ hộ", "Relationship to head"),
    "representative": ("Đại diện hộ", "Representative"),
}
TEMPLATE_EXAMPLE = [
    ["HGD-0001", "", "Số 12, đường Trần Phú", "Nguyễn Văn Đức", "15/03/1975", "Nam", "", "Chủ hộ", "x"],
    ["HGD-0001", "", "Số 12, đường Trần Phú", "Lê Thị Hoa", "02/11/1978", "Nữ", "", "Vợ", ""],
    ["HGD-0001", "", "Số 12, đường Trần Phú", "Nguyễn Minh Anh", "20/06/2010", "Nữ", "", "Con", ""],
]
GENDERS = {
    "nam": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "nu": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "khac": Gender.OTHER,
    "other": Gender.OTHER,
}
HEAD_WORDS = {"chu ho", "head"}  # compared folded
YES_WORDS = {"x", "co", "yes", "1", "true"}
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y")
# How long one write transaction of an import may hold the database (see apply): ballots wait at most this.
CHUNK_SECONDS = 0.05


@dataclass
class ParsedResident:
    row: int
    full_name: str
    date_of_birth: date | None
    gender: str
    citizen_id: str | None
    relationship: str
    is_representative: bool


@dataclass
class ParsedHousehold:
    code: str
    village: AdministrativeUnit
    address: str
    first_row: int
    residents: list[ParsedResident] = field(default_factory=list)


@dataclass
class ImportResult:
    households_created: int = 0
    residents_created: int = 0
    residents_updated: int = 0


def parse_date(text: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _village_lookup(unit: AdministrativeUnit):
    villages = AdministrativeUnit.objects.under(unit.path).filter(level=Level.VILLAGE, is_active=True)
    by_code = {v.code: v for v in villages}
    by_name = defaultdict(list)
    for village in villages:
        # "Tổ dân phố 2" and "2" both name the residential group called "2".
        for name in {village.search_name, fold(str(village))}:
            by_name[name].append(village)
    return by_code, by_name


def validate(rows: list[Row], *, user, unit: AdministrativeUnit, progress=None):
    """Check every row; return (households, errors). Nothing is written."""
    errors: list[dict] = []
    by_code, by_name = _village_lookup(unit)
    households: dict[str, ParsedHousehold] = {}
    seen_ids: dict[str, int] = {}
    existing_codes = {
        h.code: h
        for h in Household.objects.filter(code__in={r.values["household_code"].strip() for r in rows}).select_related(
            "village"
        )
    }
    today = timezone.localdate()

    def error(row: int, message: str):
        errors.append({"row": row, "message": str(message)})

    for index, row in enumerate(rows):
        if progress and index % 500 == 0:
            progress(index)
        v = row.values
        row_errors = len(errors)
        code = v["household_code"].strip()
        if not code:
            error(row.number, _("the household code is empty"))
        village_text = v["village_code"].strip()
        village = None
        if village_text:
            village = by_code.get(village_text)
            if village is None:
                matches = by_name.get(fold(village_text), [])
                village = matches[0] if len(matches) == 1 else None
            if village is None:
                error(
                    row.number,
                    _("village %(code)s was not found under %(unit)s") % {"code": village_text, "unit": unit},
                )
        elif unit.level == Level.VILLAGE:
            village = unit
        else:
            error(row.number, _("the village code is empty"))
        if village is not None and not can(user, Action.CHANGE_HOUSEHOLDS, village):
            error(row.number, _("village %(code)s is not one you can change") % {"code": village_text})
        known = existing_codes.get(code)
        if known is not None and not can(user, Action.CHANGE_HOUSEHOLDS, known.village):
            error(row.number, _("household %(code)s belongs to a unit you cannot change") % {"code": code})

        full_name = " ".join(v["full_name"].split())
        if not full_name:
            error(row.number, _("the full name is empty"))
        date_of_birth = None
        if v["date_of_birth"]:
            try:
                date_of_birth = parse_date(v["date_of_birth"])
                if date_of_birth > today:
                    error(row.number, _("the date of birth %(date)s is in the future") % {"date": v["date_of_birth"]})
            except ValueError:
                error(
                    row.number,
                    _("the date of birth “%(date)s” is not a date (use dd/mm/yyyy)") % {"date": v["date_of_birth"]},
                )
        gender = GENDERS.get(fold(v["gender"]))
        if gender is None:
            error(row.number, _("the gender “%(gender)s” is not Nam, Nữ or Khác") % {"gender": v["gender"]})
        citizen_id = v["citizen_id"].replace(" ", "") or None
        if citizen_id:
            if not (citizen_id.isdigit() and len(citizen_id) == 12):
                error(row.number, _("the citizen ID must have 12 digits"))
            elif citizen_id in seen_ids:
                error(row.number, _("the citizen ID is repeated from row %(row)s") % {"row": seen_ids[citizen_id]})
            else:
                seen_ids[citizen_id] = row.number
        is_representative = fold(v["representative"]) in YES_WORDS
        if is_representative and date_of_birth and not is_eligible_voter(date_of_birth, today):
            error(row.number, _("the household representative must be at least 18 years old"))
        if len(errors) > row_errors or village is None:
            continue

        household = households.get(code)
        if household is None:
            household = households[code] = ParsedHousehold(code, village, v["address"].strip(), row.number)
        elif household.village.pk != village.pk:
            error(
                row.number,
                _("household %(code)s is given a different village than in row %(row)s")
                % {"code": code, "row": household.first_row},
            )
            continue
        household.residents.append(
            ParsedResident(
                row.number,
                full_name,
                date_of_birth,
                gender,
                citizen_id,
                v["relationship"].strip(),
                is_representative,
            )
        )

    for household in households.values():
        representatives = [r for r in household.residents if r.is_representative]
        if len(representatives) > 1:
            error(
                representatives[1].row,
                _("household %(code)s has more than one representative") % {"code": household.code},
            )
        heads = [r for r in household.residents if fold(r.relationship) in HEAD_WORDS]
        if len(heads) > 1:
            error(heads[1].row, _("household %(code)s has more than one head") % {"code": household.code})

    # Citizen IDs already held by someone who is not the same person in the same household.
    if seen_ids:
        held = Resident.objects.filter(citizen_id__in=list(seen_ids)).select_related("household__village")
        for resident in held:
            row_number = seen_ids[resident.citizen_id]
            parsed_household = next(
                (h for h in households.values() if any(r.row == row_number for r in h.residents)), None
            )
            if parsed_household is None or parsed_household.code != resident.household.code:
                if can(user, Action.VIEW_HOUSEHOLDS, resident.household.village):
                    message = _("the citizen ID belongs to a resident of household %(code)s") % {
                        "code": resident.household.code
                    }
                else:
                    # Another commune's household: that the ID is taken is all the importer may learn.
                    message = _("the citizen ID is already registered to a resident outside the units you manage")
                error(row_number, message)
    errors.sort(key=lambda e: e["row"])
    return list(households.values()), errors


def _find_resident(members: list[Resident], parsed: ParsedResident) -> Resident | None:
    for member in members:
        if parsed.citizen_id and member.citizen_id == parsed.citizen_id:
            return member
    for member in members:
        if member.search_name == fold(parsed.full_name) and member.date_of_birth == parsed.date_of_birth:
            return member
    return None


def _split(households: list[ParsedHousehold]):
    """(new households, households whose code is already published)."""
    taken = set(Household.objects.filter(code__in=[h.code for h in households]).values_list("code", flat=True))
    return [h for h in households if h.code not in taken], [h for h in households if h.code in taken]


def _in_short_transactions(items: list, write, *, prepare=lambda chunk: chunk, first: int = 50) -> float:
    """Write `items` in chunks, each in a transaction of its own; return the longest one, in seconds.

    `prepare(chunk)` runs outside the transaction (building rows, compiling SQL: the CPU-bound part) and
    `write(prepared)` inside it, so the database is held only while rows are stored. Chunks are sized to take
    about CHUNK_SECONDS; between two, the database is left free for at least half as long, so that writers
    waiting on SQLite's busy handler (a sign-in), not only those in the writers' queue (a ballot), get a turn."""
    size, done, longest, committed = first, 0, 0.0, 0.0
    while done < len(items):
        chunk = items[done : done + size]
        prepared = prepare(chunk)
        time.sleep(max(0.0, committed + CHUNK_SECONDS / 2 - time.perf_counter()))
        started = time.perf_counter()
        with writers_queue(), transaction.atomic():
            write(prepared)
        committed = time.perf_counter()
        elapsed = committed - started
        longest = max(longest, elapsed)
        done += len(chunk)
        size = max(5, min(2 * size, int(size * CHUNK_SECONDS / max(elapsed, 0.001))))
    return longest


def _reserve_ids(model, count: int) -> list[int]:
    """`count` primary keys of `model` that no other writer will use, taken in a moment of their own.

    PostgreSQL: from the column's sequence. SQLite: Django's tables are AUTOINCREMENT, so new rows get ids above
    the table's sqlite_sequence entry; raising it by `count` keeps the ids in between for us."""
    table = model._meta.db_table
    if count == 0:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        with writers_queue(), transaction.atomic():
            cursor.execute(f'SELECT MAX(id) FROM "{table}"')
            highest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            if row is None:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, highest + count])
            else:
                highest = max(highest, row[0])
                cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [highest + count, table])
        return list(range(highest + 1, highest + count + 1))


def _insert_statements(model, objs: list) -> list[tuple[str, list]]:
    """INSERT statements for `objs`, compiled now so that running them later is all the transaction does.
    Objects without a primary key (history rows) let the database number them."""
    if not objs:
        return []
    fields = [
        f for f in model._meta.concrete_fields if not f.generated and (objs[0].pk is not None or not f.primary_key)
    ]
    batch = max(1, connection.ops.bulk_batch_size(fields, objs))
    statements = []
    for start in range(0, len(objs), batch):
        query = sql.InsertQuery(model)
        query.insert_values(fields, objs[start : start + batch])
        statements += query.get_compiler(connection=connection).as_sql()
    return statements


def _history_rows(model, objs: list, user, when) -> list:
    """What simple_history's bulk_history_create would store for new rows ("+", by `user`), as unsaved rows."""
    historical = model.history.model
    return [
        historical(
            history_date=when,
            history_user=user,
            history_change_reason="",
            history_type="+",
            **{field.attname: getattr(obj, field.attname) for field in historical.tracked_fields},
        )
        for obj in objs
    ]


def _prepare_new(chunk: list[ParsedHousehold], job, user, result: ImportResult) -> list[tuple[str, list]]:
    """The rows of new households, their residents and the history of both, marked as the job's (so hidden),
    with ids of their own so that heads and representatives are set in the same insert."""
    household_ids = iter(_reserve_ids(Household, len(chunk)))
    resident_ids = iter(_reserve_ids(Resident, sum(len(h.residents) for h in chunk)))
    now = timezone.now()
    households, residents = [], []
    for parsed in chunk:
        household = Household(
            pk=next(household_ids),
            code=parsed.code,
            village=parsed.village,
            address=parsed.address,
            pending_import=job,
            search_text=search_text_for(parsed.code, parsed.address, [r.full_name for r in parsed.residents]),
            created_at=now,
            updated_at=now,
        )
        members = [
            Resident(
                pk=next(resident_ids),
                household=household,
                full_name=person.full_name,
                search_name=fold(person.full_name),
                date_of_birth=person.date_of_birth,
                gender=person.gender,
                citizen_id=person.citizen_id,
                relationship=person.relationship,
                created_at=now,
            )
            for person in parsed.residents
        ]
        heads = [m for m, p in zip(members, parsed.residents, strict=True) if fold(p.relationship) in HEAD_WORDS]
        household.head = heads[-1] if heads else (members[0] if members else None)
        household.representative = next(
            (m for m, p in zip(members, parsed.residents, strict=True) if p.is_representative), None
        )
        households.append(household)
        residents += members
    result.households_created += len(households)
    result.residents_created += len(residents)
    # Households first: residents point to them; a household's head and representative point back, which the
    # deferred foreign keys check at commit.
    return (
        _insert_statements(Household, households)
        + _insert_statements(Resident, residents)
        + _insert_statements(Household.history.model, _history_rows(Household, households, user, now))
        + _insert_statements(Resident.history.model, _history_rows(Resident, residents, user, now))
    )


def _execute(statements: list[tuple[str, list]]) -> None:
    with connection.cursor() as cursor:
        for statement, params in statements:
            cursor.execute(statement, params)


def _apply_existing(households: list[ParsedHousehold], result: ImportResult, *, user=None) -> None:
    """Write the checked rows of households that are already published, as the last step's part."""
    existing = {h.code: h for h in Household.objects.filter(code__in=[h.code for h in households])}
    for parsed in households:
        household = existing.get(parsed.code)
        if household is None:  # merged away or deleted since the check: the file no longer fits
            message = _("household %(code)s changed while the file was being saved") % {"code": parsed.code}
            raise ValidationError(message)
        if household.village_id != parsed.village.pk or (parsed.address and household.address != parsed.address):
            household.village = parsed.village
            household.address = parsed.address or household.address
            household._history_user = user
            household.save()
        members = list(household.members.filter(is_active=True))
        head = representative = None
        for person in parsed.residents:
            resident = _find_resident(members, person)
            wanted = (
                person.full_name,
                person.date_of_birth,
                person.gender,
                person.citizen_id or getattr(resident, "citizen_id", None),
                person.relationship,
            )
            if resident is None:
                resident = Resident(household=household)
                members.append(resident)
                result.residents_created += 1
            elif wanted != (
                resident.full_name,
                resident.date_of_birth,
                resident.gender,
                resident.citizen_id,
                resident.relationship,
            ):
                result.residents_updated += 1
            else:
                wanted = None
            if wanted is not None:
                (
                    resident.full_name,
                    resident.date_of_birth,
                    resident.gender,
                    resident.citizen_id,
                    resident.relationship,
                ) = wanted
                resident._history_user = user
                resident.save()
            if fold(person.relationship) in HEAD_WORDS:
                head = resident
            if person.is_representative:
                representative = resident
        head = head or household.head or (members[0] if members else None)
        representative = representative or household.representative
        if (household.head_id, household.representative_id) != (
            getattr(head, "pk", None),
            getattr(representative, "pk", None),
        ):
            household.head, household.representative = head, representative
            household._history_user = user
            household.save()
        text = household.build_search_text([m.full_name for m in members])
        if text != household.search_text:
            Household.objects.filter(pk=household.pk).update(search_text=text)


def apply(households: list[ParsedHousehold], result: ImportResult, *, job, user=None) -> ImportResult:
    """Write the checked households, all or nothing, without holding the database for long.

    SQLite has one writer at a time: one transaction for a 5,000-row file held it 9-15 s, and ballots and
    sign-ins waiting behind it failed. So:

    1. New households and their residents (most of any first import) are written in short transactions of
       about CHUNK_SECONDS each, marked `pending_import=job`. The default managers hide marked rows, so no
       page, search, roll or export sees a household of a file that is half written.
    2. One last short transaction writes the rows of households that already existed (changes to published
       rows cannot be hidden, so they wait for this step; a re-import changes few) and clears the mark of all
       the job's households in one UPDATE: the whole file appears at once.

    If anything fails, `discard_staged` deletes the marked rows, which nobody has seen; a worker killed
    mid-way leaves them to be deleted when the job is retried or given up (run_import, abandon_import).
    `user` is recorded in history as who made each change.
    """
    new, existing = _split(households)
    try:
        started = time.perf_counter()
        longest = _in_short_transactions(new, _execute, prepare=lambda chunk: _prepare_new(chunk, job, user, result))
        staged = time.perf_counter()
        with writers_queue(), transaction.atomic():
            _apply_existing(existing, result, user=user)
            Household.all_objects.filter(pending_import=job).update(pending_import=None)
        logger.info(
            "household import %s: %d new households in %.1f s (longest write %.0f ms), published in %.0f ms",
            job.pk,
            len(new),
            staged - started,
            longest * 1000,
            (time.perf_counter() - staged) * 1000,
        )
    except BaseException:
        discard_staged(job)
        raise
    return result


def discard_staged(job) -> int:
    """Delete the households (with residents and history) an unfinished run of `job` wrote; they were hidden."""
    ids = list(Household.all_objects.filter(pending_import=job).values_list("pk", flat=True))

    def delete(chunk):
        resident_ids = list(Resident.all_objects.filter(household_id__in=chunk).values_list("pk", flat=True))
        Household.all_objects.filter(pk__in=chunk).update(head=None, representative=None)
        Resident.all_objects.filter(pk__in=resident_ids).delete()
        Household.all_objects.filter(pk__in=chunk).delete()
        Resident.history.filter(id__in=resident_ids).delete()
        Household.history.filter(id__in=chunk).delete()

    _in_short_transactions(ids, delete)
    return len(ids)


def abandon_import(job_id: int, reason: str) -> None:
    """The job failed outside run_import's own handling (its worker died for good, or an error escaped):
    delete what it had written, and tell the official on the job's page."""
    from households.models import HouseholdImport

    job = HouseholdImport.objects.filter(pk=job_id).first()
    if job is None:
        return
    discard_staged(job)
    if job.is_finished:
        return
    message = _("%(reason)s Nothing was imported; upload the file again.") % {"reason": reason}
    HouseholdImport.objects.filter(pk=job_id).update(
        status=HouseholdImport.Status.FAILED, errors=[{"row": 0, "message": message}], finished_at=timezone.now()
    )


def run_import(job) -> None:
    """Validate, then apply (all or nothing, in short transactions); the job row reports progress and outcome."""
    from households.models import HouseholdImport

    def set_status(**fields):
        for key, value in fields.items():
            setattr(job, key, value)
        HouseholdImport.objects.filter(pk=job.pk).update(**fields)

    discard_staged(job)  # what a run killed before this one had written
    try:
        rows = read_table(job.file_name, bytes(job.content), COLUMNS)
    except TableError as exc:
        set_status(
            status=HouseholdImport.Status.FAILED, errors=[{"row": 0, "message": str(exc)}], finished_at=timezone.now()
        )
        return
    if not rows:
        set_status(
            status=HouseholdImport.Status.FAILED,
            errors=[{"row": 0, "message": _("The file has no rows under its header.")}],
            finished_at=timezone.now(),
        )
        return
    set_status(status=HouseholdImport.Status.VALIDATING, total_rows=len(rows), processed_rows=0)
    households, errors = validate(
        rows, user=job.created_by, unit=job.unit, progress=lambda n: set_status(processed_rows=n)
    )
    if errors:
        set_status(
            status=HouseholdImport.Status.FAILED, errors=errors, processed_rows=len(rows), finished_at=timezone.now()
        )
        return
    set_status(status=HouseholdImport.Status.WRITING, processed_rows=len(rows))
    try:
        result = apply(households, ImportResult(), job=job, user=job.created_by)
    except (DatabaseError, ValidationError):
        # apply() has deleted what it wrote, unseen. Say so rather than leave the job "saving" forever.
        logger.exception("household import %s failed while writing", job.pk)
        message = _(
            "The data changed while the file was being saved (for example, a code was taken). Nothing was "
            "imported; upload the file again."
        )
        set_status(
            status=HouseholdImport.Status.FAILED, errors=[{"row": 0, "message": message}], finished_at=timezone.now()
        )
        return
    set_status(
        status=HouseholdImport.Status.DONE,
        households_created=result.households_created,
        residents_created=result.residents_created,
        residents_updated=result.residents_updated,
        finished_at=timezone.now(),
    )
