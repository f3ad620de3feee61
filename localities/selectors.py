"""Reads of the unit tree."""

from django.db.models import Count, Q

from accounts.scoping import Action, scope
from grassroots.text import fold
from localities.models import AdministrativeUnit, LegacySuccession, Level


def children_with_counts(user, unit: AdministrativeUnit):
    """The unit's direct children the user may see, each with its number of active households."""
    children = scope(user, unit.children.all(), Action.VIEW_UNITS).order_by("-is_active", "name")
    if unit.level == Level.COMMUNE:
        children = children.annotate(household_count=Count("households", filter=Q(households__is_active=True)))
    return children


def search_units(user, query: str, limit: int = 20):
    units = scope(user, AdministrativeUnit.objects.filter(is_active=True), Action.VIEW_UNITS)
    for word in fold(query).split()[:6]:
        units = units.filter(search_name__contains=word)
    return units.select_related("parent").order_by("level", "name")[:limit]


def legacy_sources(unit: AdministrativeUnit):
    """The pre-July-2025 units that went into `unit`, with their district, partly merged ones marked."""
    return (
        LegacySuccession.objects.filter(unit=unit)
        .select_related("legacy_unit__parent")
        .order_by("legacy_unit__parent__name", "legacy_unit__name")
    )
