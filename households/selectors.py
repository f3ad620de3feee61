"""Reads of the household registry, always through the scoping layer."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from accounts.scoping import Action, granted_paths, scope
from grassroots.text import fold
from households import search_index
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
    """Households the user may see under `unit` whose code, address or a member's name contain `query`.

    The query is folded like the stored text, so "nguyen van duc" finds "Nguyễn Văn Đức". Pages are
    fetched one row beyond their size instead of counting every match: a province has millions of rows.
    """
    page = max(1, page)
    offset = (page - 1) * page_size
    phrase = fold(query)
    households = households_for(user).select_related("village", "head", "representative").order_by("id")
    paths = search_index.scope_paths(granted_paths(user, Action.VIEW_HOUSEHOLDS), unit)
    if paths and not search_index.is_wide(paths):
        # Within a commune, the village ids looked up first give the planner exact statistics, which a
        # path range across a join does not; a province's list would be too long to be worth it.
        village_ids = AdministrativeUnit.objects.villages().filter(
            Q(*[Q(path__gte=p, path__lt=p + PATH_END) for p in paths], _connector=Q.OR)
        )
        households = households.filter(village_id__in=list(village_ids.values_list("id", flat=True)))
    elif unit is not None:
        households = households.filter(village__path__gte=unit.path, village__path__lt=unit.path + PATH_END)
    if not include_inactive:
        households = households.filter(is_active=True)

    if phrase and not include_inactive and search_index.worthwhile(phrase, paths):
        ids = search_index.matching_ids(phrase, paths, offset=offset, limit=page_size + 1)
    elif phrase and search_index.is_postgresql() and not search_index.looks_like_code(query):
        ids = search_index.page_ids_postgresql(households, phrase, offset=offset, limit=page_size + 1)
    else:
        if phrase and search_index.is_postgresql():
            households = households.filter(code__startswith=query.strip())
        elif phrase:
            households = households.filter(search_text__contains=phrase)
        rows = list(households[offset : offset + page_size + 1])
        return Page(rows[:page_size], page, len(rows) > page_size)
    # The indexes only propose ids; the scoping layer still decides what is shown.
    rows = list(households.filter(pk__in=ids))
    return Page(rows[:page_size], page, len(rows) > page_size)


def household_detail(user, pk: int) -> Household:
    members = Prefetch("members", queryset=Resident.objects.filter(is_active=True).order_by("id"))
    return (
        households_for(user)
        .select_related("village__parent", "head", "representative", "merged_into")
        .prefetch_related(members)
        .get(pk=pk)
    )
