from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from accounts.scoping import Action, require, visible_units
from grassroots.api_params import page_query
from households import services
from households.models import Gender, Household, Resident
from households.selectors import household_detail, households_for, search_households

router = Router(tags=["households"])


class ResidentOut(Schema):
    id: int
    full_name: str
    date_of_birth: date | None
    gender: str
    relationship: str
    citizen_id_masked: str
    is_eligible_voter: bool

    @staticmethod
    def resolve_citizen_id_masked(obj):
        return obj.masked_citizen_id

    @staticmethod
    def resolve_is_eligible_voter(obj):
        return obj.is_eligible_voter()


class HouseholdOut(Schema):
    id: int
    code: str
    village_code: str
    address: str
    head_name: str | None
    representative_id: int | None
    is_active: bool

    @staticmethod
    def resolve_village_code(obj):
        return obj.village.code

    @staticmethod
    def resolve_head_name(obj):
        return obj.head.full_name if obj.head_id else None


class HouseholdDetailOut(HouseholdOut):
    members: list[ResidentOut]

    @staticmethod
    def resolve_members(obj):
        return list(obj.members.all())


class HouseholdPage(Schema):
    page: int
    has_next: bool
    items: list[HouseholdOut]


class HouseholdIn(Schema):
    village_code: str
    code: str = ""
    address: str = ""


class HouseholdPatch(Schema):
    address: str | None = None
    head_id: int | None = None
    representative_id: int | None = None


class ResidentIn(Schema):
    full_name: str
    gender: Gender
    date_of_birth: date | None = None
    citizen_id: str | None = None
    relationship: str = ""


class MoveIn(Schema):
    village_code: str
    reason: str = ""


def _village(request, code):
    return get_object_or_404(visible_units(request.user), code=code)


def _household_for_change(request, household_id):
    return get_object_or_404(
        households_for(request.user, Action.CHANGE_HOUSEHOLDS).select_related("village"), pk=household_id
    )


@router.get("", response=HouseholdPage)
def list_households(request, unit: str | None = None, q: str = "", page: int = page_query()):
    """Households the caller may see, under `unit` if given; `q` ignores diacritics and case."""
    scope_unit = _village(request, unit) if unit else None
    result = search_households(request.user, unit=scope_unit, query=q, page=page)
    return {"page": result.number, "has_next": result.has_next, "items": result.items}


@router.get("/{household_id}", response=HouseholdDetailOut)
def get_household(request, household_id: int):
    try:
        return household_detail(request.user, household_id)
    except Household.DoesNotExist as exc:
        raise Http404 from exc


@router.post("", response={201: HouseholdDetailOut})
def create_household(request, payload: HouseholdIn):
    village = _village(request, payload.village_code)
    require(request.user, Action.CHANGE_HOUSEHOLDS, village)
    household = services.create_household(village=village, code=payload.code, address=payload.address)
    return Status(201, household_detail(request.user, household.pk))


@router.patch("/{household_id}", response=HouseholdDetailOut)
def update_household(request, household_id: int, payload: HouseholdPatch):
    household = _household_for_change(request, household_id)
    members = household.members.filter(is_active=True)

    def member(pk, current):
        if pk is None:
            return current
        return get_object_or_404(members, pk=pk)

    services.update_household(
        household=household,
        address=household.address if payload.address is None else payload.address,
        head=member(payload.head_id, household.head),
        representative=member(payload.representative_id, household.representative),
    )
    return household_detail(request.user, household.pk)


@router.post("/{household_id}/members", response={201: ResidentOut})
def add_member(request, household_id: int, payload: ResidentIn):
    household = _household_for_change(request, household_id)
    resident = services.add_resident(household=household, **payload.dict())
    return Status(201, Resident.objects.get(pk=resident.pk))


@router.post("/{household_id}/move", response=HouseholdDetailOut)
def move_household(request, household_id: int, payload: MoveIn):
    household = _household_for_change(request, household_id)
    village = _village(request, payload.village_code)
    require(request.user, Action.CHANGE_HOUSEHOLDS, village)
    services.move_household(household=household, village=village, reason=payload.reason)
    return household_detail(request.user, household.pk)
