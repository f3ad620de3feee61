"""Importing households and residents from a spreadsheet: all rows or none, and idempotent.

One row per resident. Rows with the same household code form one household. A re-import of the same file
matches households by code and residents by citizen ID, or else by name and date of birth, so it creates
nothing twice.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scoping import Action, can
from grassroots.tabular import Row, TableError, read_table
from grassroots.text import fold
from households.models import Gender, Household, Resident
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


@transaction.atomic
def apply(households: list[ParsedHousehold], result: ImportResult, *, user=None) -> ImportResult:
    """Write the checked households; `user` is recorded in history as who made each change."""
    existing = {h.code: h for h in Household.objects.filter(code__in=[h.code for h in households])}
    for parsed in households:
        household = existing.get(parsed.code)
        if household is None:
            household = Household(code=parsed.code, village=parsed.village, address=parsed.address)
            household._history_user = user
            household.save()
            result.households_created += 1
        elif household.village_id != parsed.village.pk or (parsed.address and household.address != parsed.address):
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
    return result


def run_import(job) -> None:
    """Validate, then apply in one transaction; the job row reports progress and the outcome."""
    from households.models import HouseholdImport

    def set_status(**fields):
        for key, value in fields.items():
            setattr(job, key, value)
        HouseholdImport.objects.filter(pk=job.pk).update(**fields)

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
        result = apply(households, ImportResult(), user=job.created_by)
    except (DatabaseError, ValidationError):
        # apply() is one transaction: it rolled back. Say so rather than leave the job "saving" forever.
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
