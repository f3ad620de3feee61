"""Writes to the household registry. Each service is one transaction; views, API and imports call these."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from households.models import Gender, Household, Resident
from households.rules import is_eligible_voter
from localities.models import AdministrativeUnit


def next_household_code(village: AdministrativeUnit) -> str:
    prefix = f"{village.parent.code}-"
    last = Household.all_objects.filter(code__startswith=prefix).aggregate(m=Max("code"))["m"]
    try:
        number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    except ValueError:
        number = Household.all_objects.filter(code__startswith=prefix).count() + 1
    return f"{prefix}{number:06d}"


def refresh_search_text(household: Household) -> None:
    text = household.build_search_text()
    if text != household.search_text:
        Household.objects.filter(pk=household.pk).update(search_text=text)
        household.search_text = text


def _require_village(village: AdministrativeUnit) -> None:
    if not village.is_village or not village.is_active:
        raise ValidationError(_("Choose an active village or residential group."))


def _check_representative(household: Household, resident: Resident | None) -> None:
    if resident is None:
        return
    if resident.household_id != household.pk or not resident.is_active:
        raise ValidationError(_("The representative must be a member of the household."))
    if not is_eligible_voter(resident.date_of_birth, timezone.localdate()):
        raise ValidationError(_("The representative must be at least 18 years old."))


@transaction.atomic
def create_household(*, village: AdministrativeUnit, address: str = "", code: str = "") -> Household:
    _require_village(village)
    code = code.strip() or next_household_code(village)
    if Household.all_objects.filter(code=code).exists():  # a code an import is writing is taken too
        raise ValidationError(_("Household code %(code)s is already used.") % {"code": code})
    household = Household(code=code, village=village, address=address.strip())
    household.search_text = household.build_search_text(member_names=[])
    household.save()
    return household


@transaction.atomic
def update_household(
    *, household: Household, address: str, head: Resident | None, representative: Resident | None
) -> Household:
    if head is not None and (head.household_id != household.pk or not head.is_active):
        raise ValidationError(_("The head must be a member of the household."))
    _check_representative(household, representative)
    household.address = address.strip()
    household.head = head
    household.representative = representative
    household.save()
    refresh_search_text(household)
    return household


def _check_citizen_id(citizen_id: str | None, *, exclude_pk=None) -> str | None:
    citizen_id = (citizen_id or "").strip() or None
    if citizen_id is None:
        return None
    if not (citizen_id.isdigit() and len(citizen_id) == 12):
        raise ValidationError(_("A citizen ID has exactly 12 digits."))
    clash = Resident.all_objects.filter(citizen_id=citizen_id)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(_("Another resident already has this citizen ID."))
    return citizen_id


def _check_person(full_name: str, date_of_birth: date | None, gender: str) -> str:
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise ValidationError(_("Enter the resident's full name."))
    if date_of_birth and date_of_birth > timezone.localdate():
        raise ValidationError(_("The date of birth cannot be in the future."))
    if gender not in Gender.values:
        raise ValidationError(_("Choose a gender."))
    return full_name


@transaction.atomic
def add_resident(
    *,
    household: Household,
    full_name: str,
    gender: str,
    date_of_birth: date | None = None,
    citizen_id: str | None = None,
    relationship: str = "",
) -> Resident:
    resident = Resident(
        household=household,
        full_name=_check_person(full_name, date_of_birth, gender),
        date_of_birth=date_of_birth,
        gender=gender,
        citizen_id=_check_citizen_id(citizen_id),
        relationship=relationship.strip(),
    )
    resident.save()
    # The first member is the head, and the first adult the representative, until an official says otherwise.
    changed = False
    if household.head_id is None:
        household.head, changed = resident, True
    if household.representative_id is None and is_eligible_voter(date_of_birth, timezone.localdate()):
        household.representative, changed = resident, True
    if changed:
        household.save()
    refresh_search_text(household)
    return resident


@transaction.atomic
def update_resident(
    *,
    resident: Resident,
    full_name: str,
    gender: str,
    date_of_birth: date | None,
    citizen_id: str | None,
    relationship: str,
) -> Resident:
    resident.full_name = _check_person(full_name, date_of_birth, gender)
    resident.gender = gender
    resident.date_of_birth = date_of_birth
    resident.citizen_id = _check_citizen_id(citizen_id, exclude_pk=resident.pk)
    resident.relationship = relationship.strip()
    resident.save()
    household = resident.household
    if household.representative_id == resident.pk and not is_eligible_voter(date_of_birth, timezone.localdate()):
        raise ValidationError(_("The representative must be at least 18 years old."))
    refresh_search_text(household)
    return resident


@transaction.atomic
def move_household(*, household: Household, village: AdministrativeUnit, reason: str = "") -> Household:
    _require_village(village)
    if village.pk == household.village_id:
        raise ValidationError(_("The household is already in this village."))
    household.village = village
    household.save()
    update_change_reason(household, reason or _("Moved to %(village)s") % {"village": village})
    return household


def move_households_of_village(*, source: AdministrativeUnit, target: AdministrativeUnit) -> int:
    """Used when villages merge: every household of `source` moves to `target`, each with history."""
    moved = 0
    for household in Household.objects.filter(village=source).select_related("village"):
        household.village = target
        household.save()
        update_change_reason(
            household, _("Village %(source)s merged into %(target)s") % {"source": source, "target": target}
        )
        moved += 1
    return moved


def _detach(household: Household, residents: list[Resident]) -> None:
    ids = {r.pk for r in residents}
    changed = False
    if household.head_id in ids:
        household.head = None
        changed = True
    if household.representative_id in ids:
        household.representative = None
        changed = True
    if changed:
        household.save()


@transaction.atomic
def split_household(
    *, household: Household, residents: list[Resident], address: str = "", village: AdministrativeUnit | None = None
) -> Household:
    """Move some members into a new household (tách hộ); both keep their history."""
    members = {r.pk for r in household.members.filter(is_active=True)}
    if not residents:
        raise ValidationError(_("Choose the members who form the new household."))
    if any(r.pk not in members for r in residents):
        raise ValidationError(_("Only members of this household can be split off."))
    if len(residents) >= len(members):
        raise ValidationError(_("At least one member must stay in the original household."))
    new = create_household(village=village or household.village, address=address or household.address)
    _detach(household, residents)
    for resident in residents:
        resident.household = new
        resident.save()
        update_change_reason(resident, _("Split from household %(code)s") % {"code": household.code})
    new.head = residents[0]
    new.save()
    refresh_search_text(household)
    refresh_search_text(new)
    return new


@transaction.atomic
def merge_households(*, target: Household, sources: list[Household]) -> Household:
    """Members of `sources` join `target` (nhập hộ); the sources stay, inactive, pointing at the target."""
    for source in sources:
        if source.pk == target.pk:
            raise ValidationError(_("A household cannot be merged into itself."))
        if not source.is_active or not target.is_active:
            raise ValidationError(_("A household that was already merged cannot be merged again."))
    for source in sources:
        for resident in source.members.filter(is_active=True):
            resident.household = target
            resident.save()
            update_change_reason(resident, _("Merged from household %(code)s") % {"code": source.code})
        source.head = None
        source.representative = None
        source.is_active = False
        source.merged_into = target
        source.save()
        update_change_reason(source, _("Merged into household %(code)s") % {"code": target.code})
        refresh_search_text(source)
    refresh_search_text(target)
    return target


@transaction.atomic
def remove_resident(*, resident: Resident, reason: str, left_on: date, note: str = "") -> Resident:
    """A member leaves the household (moved away, deceased); the record stays, inactive, with its history."""
    if not resident.is_active:
        raise ValidationError(_("This person is no longer a member of the household."))
    if left_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    household = resident.household
    _detach(household, [resident])
    resident.is_active = False
    resident.left_on = left_on
    resident.left_reason = reason
    resident.save()
    update_change_reason(resident, note or resident.get_left_reason_display())
    refresh_search_text(household)
    return resident
