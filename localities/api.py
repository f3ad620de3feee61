from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from accounts.scoping import Action, require, visible_units
from grassroots.api_params import MAX_ID, limit_query, offset_query
from localities import services
from localities.models import LegacyLevel, LegacyUnit, Level, VillageKind

router = Router(tags=["units"])


class UnitOut(Schema):
    code: str
    name: str
    division_type: str
    level: int
    parent_code: str | None
    is_active: bool

    @staticmethod
    def resolve_parent_code(obj):
        return obj.parent.code if obj.parent_id else None


class VillageIn(Schema):
    name: str
    division_type: VillageKind = VillageKind.THON


class VillagePatch(Schema):
    name: str
    division_type: VillageKind | None = None


def _unit(request, code):
    return get_object_or_404(visible_units(request.user).select_related("parent"), code=code)


@router.get("/units", response=list[UnitOut])
def list_units(
    request,
    parent: str | None = None,
    level: Level | None = None,
    limit: int = limit_query(200, 1000),
    offset: int = offset_query(),
):
    """Units the caller may see; `parent` lists one unit's children."""
    units = visible_units(request.user).select_related("parent")
    if parent:
        units = units.filter(parent=_unit(request, parent))
    if level:
        units = units.filter(level=level)
    return units.order_by("path")[offset : offset + limit]


@router.get("/units/{code}", response=UnitOut)
def get_unit(request, code: str):
    return _unit(request, code)


@router.post("/units/{code}/villages", response={201: UnitOut})
def create_village(request, code: str, payload: VillageIn):
    commune = _unit(request, code)
    require(request.user, Action.MANAGE_VILLAGES, commune)
    return Status(201, services.create_village(commune=commune, name=payload.name, division_type=payload.division_type))


@router.patch("/villages/{code}", response=UnitOut)
def rename_village(request, code: str, payload: VillagePatch):
    village = _unit(request, code)
    require(request.user, Action.MANAGE_VILLAGES, village.parent)
    return services.rename_village(village=village, name=payload.name, division_type=payload.division_type)


class LegacyUnitOut(Schema):
    code: int
    level: int
    name: str
    division_type: str
    successors: list[str]

    @staticmethod
    def resolve_successors(obj):
        return [unit.code for unit in obj.successors.all()]


@router.get("/legacy-units", response=list[LegacyUnitOut], tags=["units"])
def find_legacy_units(
    request, name: str = "", code: int | None = Query(None, ge=0, le=MAX_ID), level: LegacyLevel | None = None
):
    """Pre-July-2025 units by code or name (accents optional), with the codes of the units they became."""
    units = LegacyUnit.objects.prefetch_related("successors")
    if code is not None:
        units = units.filter(code=code)
    if level is not None:
        units = units.filter(level=level)
    if name.strip():
        units = units.filter(name__icontains=name.strip())
    return units.order_by("level", "code")[:50]
