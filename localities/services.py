"""Writes to the unit tree: loading official units, and villages that commune officials manage."""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from grassroots.tabular import read_table
from grassroots.text import fold
from localities.models import (
    AdministrativeUnit,
    LegacyLevel,
    LegacySuccession,
    LegacyUnit,
    Level,
    VillageKind,
)

BATCH = 2000


def province_code(number: int) -> str:
    return f"{int(number):02d}"


def commune_code(number: int) -> str:
    return f"{int(number):05d}"


@dataclass
class SyncReport:
    provinces: int = 0
    communes: int = 0
    created: int = 0
    renamed: int = 0
    legacy_units: int = 0
    successions: int = 0


@transaction.atomic
def sync_official_units(*, with_legacy: bool = True) -> SyncReport:
    """Create or update every province and commune from `vietnam-provinces`; idempotent.

    Bulk operations skip per-row history on purpose: the official list is reference data whose source
    and version are the package's, not a user's edit.
    """
    from vietnam_provinces import Province, Ward

    report = SyncReport()
    existing = {u.code: u for u in AdministrativeUnit.objects.filter(level__in=[Level.PROVINCE, Level.COMMUNE])}
    to_create, to_update = [], []

    def upsert(code, name, division_type, level, parent):
        unit = existing.get(code)
        if unit is None:
            unit = AdministrativeUnit(code=code, name=name, division_type=division_type, level=level, parent=parent)
            unit.path = unit.build_path()
            unit.search_name = fold(name)
            to_create.append(unit)
            existing[code] = unit
        elif unit.name != name or unit.division_type != division_type:
            unit.name, unit.division_type, unit.search_name = name, division_type, fold(name)
            to_update.append(unit)
        return unit

    for province in Province.iter_all():
        upsert(province_code(province.code), province.name, str(province.division_type), Level.PROVINCE, None)
        report.provinces += 1
    AdministrativeUnit.objects.bulk_create(to_create, batch_size=BATCH)
    report.created += len(to_create)
    to_create.clear()
    for ward in Ward.iter_all():
        parent = existing[province_code(ward.province_code)]
        upsert(commune_code(ward.code), ward.name, str(ward.division_type), Level.COMMUNE, parent)
        report.communes += 1
    AdministrativeUnit.objects.bulk_create(to_create, batch_size=BATCH)
    report.created += len(to_create)
    AdministrativeUnit.objects.bulk_update(to_update, ["name", "division_type", "search_name"], batch_size=BATCH)
    report.renamed = len(to_update)
    if with_legacy:
        _sync_legacy_units(existing, report)
    return report


def _sync_legacy_units(units_by_code, report: SyncReport) -> None:
    from vietnam_provinces import Province, Ward
    from vietnam_provinces.legacy import District as LegacyDistrict
    from vietnam_provinces.legacy import Province as LegacyProvince
    from vietnam_provinces.legacy import Ward as LegacyWard

    if LegacyUnit.objects.exists():
        # The legacy list is frozen history (July 2025); load it once.
        return

    def load(items, level, parent_of=lambda item: None) -> dict[int, LegacyUnit]:
        units = LegacyUnit.objects.bulk_create(
            [
                LegacyUnit(
                    code=int(item.code),
                    level=level,
                    name=item.name,
                    division_type=str(item.division_type),
                    parent=parent_of(item),
                )
                for item in items
            ],
            batch_size=BATCH,
        )
        return {unit.code: unit for unit in units}

    province_ids = load(LegacyProvince.iter_all(), LegacyLevel.PROVINCE)
    district_ids = load(LegacyDistrict.iter_all(), LegacyLevel.DISTRICT, lambda d: province_ids[int(d.province_code)])
    ward_ids = load(LegacyWard.iter_all(), LegacyLevel.WARD, lambda w: district_ids[int(w.district_code)])
    report.legacy_units = len(province_ids) + len(district_ids) + len(ward_ids)

    pairs = []
    for province in Province.iter_all():
        for old in province.get_legacy_sources():
            pairs.append((province_ids[int(old.code)], units_by_code[province_code(province.code)]))
    for ward in Ward.iter_all():
        for old in ward.get_legacy_sources():
            pairs.append((ward_ids[int(old.code)], units_by_code[commune_code(ward.code)]))
    # A legacy unit that went into more than one new unit was split: only part of it is in each.
    destinations = Counter(legacy.pk for legacy, _unit in pairs)
    LegacySuccession.objects.bulk_create(
        [
            LegacySuccession(legacy_unit=legacy, unit=unit, is_partly_merged=destinations[legacy.pk] > 1)
            for legacy, unit in pairs
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    report.successions = len(pairs)


def _next_village_code(commune: AdministrativeUnit) -> str:
    prefix = commune.code + "."
    last = AdministrativeUnit.objects.filter(parent=commune, code__startswith=prefix).aggregate(m=Max("code"))["m"]
    number = int(last.rsplit(".", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:03d}"


def _check_village_name(commune, name: str, *, exclude_pk=None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Enter the village's name."))
    if len(name) > 200:
        raise ValidationError(_("The name is too long (at most 200 characters)."))
    clash = AdministrativeUnit.objects.filter(parent=commune, search_name=fold(name), is_active=True)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            _("%(commune)s already has a village named “%(name)s”.") % {"commune": commune, "name": name}
        )
    return name


@transaction.atomic
def create_village(*, commune: AdministrativeUnit, name: str, division_type: str) -> AdministrativeUnit:
    if commune.level != Level.COMMUNE:
        raise ValidationError(_("Villages and residential groups can only be created under a commune."))
    name = _check_village_name(commune, name)
    village = AdministrativeUnit(
        code=_next_village_code(commune),
        name=name,
        division_type=division_type,
        level=Level.VILLAGE,
        parent=commune,
    )
    village.save()
    return village


@transaction.atomic
def rename_village(*, village: AdministrativeUnit, name: str, division_type: str | None = None):
    village.name = _check_village_name(village.parent, name, exclude_pk=village.pk)
    if division_type:
        village.division_type = division_type
    village.save()
    return village


@transaction.atomic
def merge_villages(*, sources: list[AdministrativeUnit], target: AdministrativeUnit, reason: str = ""):
    """Merge villages into `target`: their households move there and the sources stay, inactive, in history."""
    from households.services import move_households_of_village

    for source in sources:
        if source.pk == target.pk:
            raise ValidationError(_("A village cannot be merged into itself."))
        if not (source.is_village and target.is_village) or source.parent_id != target.parent_id:
            raise ValidationError(_("Only villages of the same commune can be merged."))
        if not source.is_active or not target.is_active:
            raise ValidationError(_("A village that was already merged cannot be merged again."))
    for source in sources:
        move_households_of_village(source=source, target=target)
        source.is_active = False
        source.merged_into = target
        source.save()
        update_change_reason(source, reason or _("Merged into %(target)s") % {"target": target})
    return target


VILLAGE_COLUMNS = {"name": ("Tên thôn/tổ dân phố", "Tên thôn", "Name"), "division_type": ("Loại", "Type")}


def import_villages(*, commune: AdministrativeUnit, file_name: str, content: bytes) -> int:
    """Create the villages a sheet lists under `commune`: all or none; names already there are skipped."""
    # Read before the transaction: on SQLite it holds the one writer's lock from its start.
    rows = read_table(file_name, content, VILLAGE_COLUMNS, optional=frozenset({"division_type"}))
    with transaction.atomic():
        return _create_villages(commune, rows)


def _create_villages(commune: AdministrativeUnit, rows) -> int:
    kinds = {fold(kind): kind for kind in VillageKind.values}
    existing = set(commune.children.filter(is_active=True).values_list("search_name", flat=True))
    created, errors = 0, []
    for row in rows:
        name = row.values["name"]
        kind_text = row.values["division_type"]
        kind = kinds.get(fold(kind_text), VillageKind.THON if not kind_text else None)
        if kind is None:
            errors.append(
                _("Row %(row)s: “%(kind)s” is not a type of village.") % {"row": row.number, "kind": kind_text}
            )
            continue
        if fold(name) in existing:
            continue
        try:
            create_village(commune=commune, name=name, division_type=kind)
        except ValidationError as exc:
            errors.append(_("Row %(row)s: %(message)s") % {"row": row.number, "message": " ".join(exc.messages)})
            continue
        existing.add(fold(name))
        created += 1
    if errors:
        raise ValidationError(errors)
    return created
