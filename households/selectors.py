"""Reads of the household registry, always through the scoping layer."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from accounts.scoping import Action, granted_paths, scope
from grassroots.text import fold
from households import search_index
from households.models import Household, Resident
from localities.models import AdministrativeUnit

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
    """Households the user may see under `unit` whose code, address or a member's name contain `query`.

    The query is folded like the stored text, so "nguyen van duc" finds "Nguyễn Văn Đức". Pages are
    fetched one row beyond their size instead of counting every match: a province has millions of rows.
    """
    page = max(1, page)
    offset = (page - 1) * page_size
    phrase = fold(query)
    households = households_for(user).select_related("village", "head", "representative").order_by("id")
    if unit is not None:
        # The village ids, looked up first, give the planner exact statistics (a path range over a join does not).
        village_ids = list(AdministrativeUnit.objects.under(unit.path).villages().values_list("id", flat=True))
        households = households.filter(village_id__in=village_ids)
    if not include_inactive:
        households = households.filter(is_active=True)

    paths = search_index.scope_paths(granted_paths(user, Action.VIEW_HOUSEHOLDS), unit)
    if phrase and not include_inactive and search_index.worthwhile(phrase, paths):
        ids = search_index.matching_ids(phrase, paths, offset=offset, limit=page_size + 1)
        # The index only proposes ids; the scoping layer still decides what is shown.
        rows = list(households.filter(pk__in=ids))
    else:
        if phrase and search_index.is_postgresql():
            if search_index.looks_like_code(query):
                households = households.filter(code__startswith=query.strip())
            else:
                households = search_index.filter_postgresql(households, phrase)
        elif phrase:
            households = households.filter(search_text__contains=phrase)
        rows = list(households[offset : offset + page_size + 1])
    return Page(rows[:page_size], page, len(rows) > page_size)


def household_detail(user, pk: int) -> Household:
    members = Prefetch("members", queryset=Resident.objects.filter(is_active=True).order_by("id"))
    return (
        households_for(user)
        .select_related("village__parent", "head", "representative", "merged_into")
        .prefetch_related(members)
        .get(pk=pk)
    )
