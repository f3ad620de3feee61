"""Reads of the household registry, always through the scoping layer."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from accounts.scoping import Action, scope
from grassroots.text import fold
from households.models import Household, Resident
from localities.models import PATH_END, AdministrativeUnit

PAGE_SIZE = 25


@dataclass
class Page:
    items: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def households_for(user, action: Action = Action.VIEW_HOUSEHOLDS) -> QuerySet:
    return scope(user, Household.objects.all(), action)


def residents_for(user, action: Action = Action.VIEW_HOUSEHOLDS) -> QuerySet:
    return scope(user, Resident.objects.all(), action)


def search_households(
    user,
    *,
    unit: AdministrativeUnit | None,
    query: str = "",
    page: int = 1,
    include_inactive: bool = False,
    page_size: int = PAGE_SIZE,
) -> Page:
    """Households the user may see under `unit` whose code, address or members match `query`.

    The query is folded like the stored text, so "nguyen van duc" finds "Nguyễn Văn Đức". Pages are
    fetched one row beyond their size instead of counting every match: a province has millions of rows.
    """
    households = households_for(user)
    if unit is not None:
        households = households.filter(village__path__gte=unit.path, village__path__lt=unit.path + PATH_END)
    if not include_inactive:
        households = households.filter(is_active=True)
    for word in fold(query).split()[:8]:
        households = households.filter(search_text__contains=word)
    if query.strip():
        # Whole phrase too, so "van duc" does not match "Đức ... Văn".
        households = households.filter(search_text__contains=fold(query))
    page = max(1, page)
    offset = (page - 1) * page_size
    rows = list(
        households.order_by("id").select_related("village", "head", "representative")[offset : offset + page_size + 1]
    )
    return Page(rows[:page_size], page, len(rows) > page_size)


def household_detail(user, pk: int) -> Household:
    members = Prefetch("members", queryset=Resident.objects.filter(is_active=True).order_by("id"))
    return (
        households_for(user)
        .select_related("village__parent", "head", "representative", "merged_into")
        .prefetch_related(members)
        .get(pk=pk)
    )
