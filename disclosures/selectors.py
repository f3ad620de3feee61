"""Reads for public disclosure: officials' lists (through the scoping layer), the public portal and compliance."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.scoping import Action, require, scope
from disclosures import portal_cache, rules
from disclosures.models import CatalogueItem, Disclosure, Question, QuestionStatus, Recurrence, Status
from grassroots.text import fold
from localities.models import AdministrativeUnit, Level

PAGE_SIZE = 20
LEVEL_FIELD = {Level.PROVINCE: "province", Level.COMMUNE: "commune", Level.VILLAGE: "village"}


def disclosures_for(user, action: Action = Action.VIEW_DISCLOSURES) -> QuerySet:
    return scope(user, Disclosure.objects.all(), action)


def require_change(user, disclosure: Disclosure) -> None:
    """May `user` correct, withdraw or record channels of `disclosure`? Publishing rights on its unit, and, for one a
    consultation published (its plan, or its synthesis and answers), the right to run that consultation: the
    answers residents were given are not rewritten by whoever may post a village notice."""
    from consultations.selectors import consultation_that_published

    require(user, Action.PUBLISH_DISCLOSURES, disclosure.unit)
    consultation = consultation_that_published(disclosure)
    if consultation is not None:
        require(user, Action.RUN_CONSULTATIONS, consultation.unit)


def questions_for(user, action: Action = Action.VIEW_DISCLOSURES) -> QuerySet:
    return scope(user, Question.objects.all(), action)


@dataclass
class Page:
    items: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


@dataclass
class PortalFilter:
    topic: str = ""
    year: int | None = None
    month: int | None = None
    query: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.topic or self.year or self.query)


def _period(filters: PortalFilter) -> tuple[datetime, datetime] | None:
    if not filters.year:
        return None
    tz = timezone.get_current_timezone()
    if filters.month:
        start = date(filters.year, filters.month, 1)
        end = date(filters.year + (filters.month == 12), filters.month % 12 + 1, 1)
    else:
        start, end = date(filters.year, 1, 1), date(filters.year + 1, 1, 1)
    return datetime.combine(start, time.min, tz), datetime.combine(end, time.min, tz)


_WORD = re.compile(r"[a-z0-9]+")


def query_words(query: str) -> list[str]:
    return _WORD.findall(fold(query))[:8]


def _term(text: str) -> str:
    """A facet word as the index holds it: letters and digits only, so that nothing a caller sent (a quote, a
    bracket, OR, &, |, !) can reach FTS5 or to_tsquery as query syntax. A topic that is not ours becomes a word
    no row holds."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _unit_facet(unit: AdministrativeUnit) -> str:
    return "u" + _term(unit.code.replace(".", "v"))


def _facet_terms(unit: AdministrativeUnit, filters: PortalFilter) -> list[str]:
    terms = [_unit_facet(unit)]
    if filters.topic:
        terms.append("t" + _term(filters.topic))
    if filters.year and filters.month:
        terms.append(f"m{filters.year}{filters.month:02d}")
    elif filters.year:
        terms.append(f"y{filters.year}")
    return terms


def matching_ids(unit: AdministrativeUnit, filters: PortalFilter, *, offset: int, limit: int) -> list[int]:
    """Ids of current disclosures under `unit` whose text has every word of the query, newest first.

    Unit, topic and period are words in the same index (see services.facets), so one index lookup answers
    the whole filter on either engine. Words match whole ("muong" finds "mương", "muon" does not): the
    portal's search is submitted, not typed-ahead, and prefixes multiply the index work.
    """
    words = query_words(filters.query)
    facets = _facet_terms(unit, filters)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(*_postgresql_search(unit, filters, words, facets, offset=offset, limit=limit))
        else:
            # Every term quoted (and made of letters and digits only): FTS5 reads it as a plain word.
            text = " ".join(f'"{w}"' for w in words)
            expression = "facets : (" + " ".join(f'"{f}"' for f in facets) + ")"
            expression += f" AND search_text : ({text})" if text else ""
            cursor.execute(
                "SELECT rowid FROM disclosures_search WHERE disclosures_search MATCH %s"
                " ORDER BY rowid DESC LIMIT %s OFFSET %s",
                [expression, limit, offset],
            )
        return [row[0] for row in cursor.fetchall()]


def _postgresql_search(unit, filters: PortalFilter, words, facets, *, offset: int, limit: int):
    """The SQL for a search on PostgreSQL.

    Within a commune or village, the unit's word is rare and the GIN index answers everything. Province-wide,
    nearly every row carries the province's word, so unit, topic and period become column conditions the
    planner can walk newest-first (an id range for the period: ids grow with publication time), and the GIN
    index is left to the words.
    """
    conditions, params = ["status = 'published'"], []
    if unit.level == Level.PROVINCE:
        terms = list(words)
        conditions.append("province_id = %s")
        params.append(unit.pk)
        if filters.topic:
            # The topic's word too, so that the planner, multiplying the words' frequencies, sees how few rows
            # can match and intersects the index's lists instead of walking every row newest-first.
            terms.append("t" + _term(filters.topic))
        period = _period(filters)
        if period:
            # Two index seeks on published_at (not an aggregate over the whole period).
            in_period = Disclosure.objects.filter(published_at__gte=period[0], published_at__lt=period[1])
            low = in_period.order_by("published_at").values_list("id", flat=True).first() or 0
            high = in_period.order_by("-published_at").values_list("id", flat=True).first() or 0
            bounds = {"low": min(low, high), "high": max(low, high)}
            conditions.append("id BETWEEN %s AND %s")
            params += [bounds["low"], bounds["high"]]
    else:
        terms = [*facets, *words]
    if terms:
        conditions.append("search_vector @@ to_tsquery('simple', %s)")
        params.append(" & ".join(terms))
    where = " AND ".join(conditions)
    sql = f"SELECT id FROM disclosures_disclosure WHERE {where} ORDER BY id DESC LIMIT %s OFFSET %s"
    return sql, [*params, limit, offset]


LIST_FIELDS = (
    "id",
    "title",
    "topic",
    "published_at",
    "version",
    "unit__code",
    "unit__name",
    "unit__division_type",
    "unit__level",
    "unit__search_name",
)


def portal_page(unit: AdministrativeUnit, filters: PortalFilter, page: int = 1) -> Page:
    """Current disclosures of `unit` and the units under it, newest first, one page at a time."""
    offset = (page - 1) * PAGE_SIZE
    current = Disclosure.objects.filter(status=Status.PUBLISHED)
    if filters.query:
        ids = matching_ids(unit, filters, offset=offset, limit=PAGE_SIZE + 1)
        by_id = {d.id: d for d in current.filter(pk__in=ids).select_related("unit").only(*LIST_FIELDS)}
        rows = [by_id[i] for i in ids if i in by_id]
    else:
        rows = current.filter(**{LEVEL_FIELD[unit.level]: unit.pk})
        if filters.topic:
            rows = rows.filter(topic=filters.topic)
        period = _period(filters)
        if period:
            rows = rows.filter(published_at__gte=period[0], published_at__lt=period[1])
        rows = list(
            rows.select_related("unit")
            .only(*LIST_FIELDS)
            .order_by("-published_at", "-id")[offset : offset + PAGE_SIZE + 1]
        )
    return Page(rows[:PAGE_SIZE], page, len(rows) > PAGE_SIZE)


def public_disclosure(pk: int) -> Disclosure:
    return Disclosure.objects.select_related("unit", "catalogue_item", "series").get(pk=pk)


def series_versions(disclosure: Disclosure) -> list[Disclosure]:
    return list(
        Disclosure.objects.filter(series_id=disclosure.series_id)
        .only("id", "version", "status", "published_at")
        .order_by("version")
    )


def public_questions(disclosure: Disclosure) -> list[Question]:
    return list(
        Question.objects.filter(disclosure__series_id=disclosure.series_id, status=QuestionStatus.ANSWERED)
        .only("kind", "name", "text", "answer", "created_at", "answered_at")
        .order_by("created_at")
    )


def open_data_rows(unit: AdministrativeUnit, limit: int = 5000) -> QuerySet:
    return (
        Disclosure.objects.filter(status=Status.PUBLISHED, **{LEVEL_FIELD[unit.level]: unit.pk})
        .select_related("unit", "catalogue_item")
        .order_by("-published_at", "-id")[:limit]
    )


# Compliance ------------------------------------------------------------------------------------------------


@dataclass
class ItemStanding:
    item: CatalogueItem
    status: rules.Compliance
    due: date | None
    disclosures: list = field(default_factory=list)


def _annual_due(item: CatalogueItem, year: int) -> date | None:
    return rules.yearly_due(year, item.due_month, item.due_day) if item.recurrence == Recurrence.ANNUAL else None


def _radio_judged(disclosure: Disclosure, item: CatalogueItem, today: date) -> bool:
    owed_by = rules.radio_owed_by(disclosure.due_on, item.radio_min_days)
    return owed_by is not None and today > owed_by


def active_items(level: int = Level.COMMUNE) -> list[CatalogueItem]:
    return list(CatalogueItem.objects.filter(is_active=True, level=level).order_by("item_number", "code"))


def commune_compliance(commune: AdministrativeUnit, year: int, today: date | None = None) -> list[ItemStanding]:
    """Each mandated item for `commune` in `year`: on time, late, missing, taken down early, or not yet due."""
    today = today or timezone.localdate()
    published = defaultdict(list)
    rows = (
        # The duties of Art. 11-13 are the commune People's Committee's: a village's own notices do not meet them.
        Disclosure.objects.filter(
            commune=commune, village__isnull=True, issued_on__year=year, catalogue_item__isnull=False
        )
        .exclude(status=Status.SUPERSEDED)
        .only(
            "id",
            "title",
            "catalogue_item_id",
            "is_late",
            "taken_down_early",
            "radio_short",
            "due_on",
            "first_published_at",
            "status",
        )
        .order_by("first_published_at")
    )
    for d in rows:
        published[d.catalogue_item_id].append(d)
    standings = []
    for item in active_items():
        due = _annual_due(item, year)
        found = published.get(item.pk, [])
        status = rules.item_compliance(
            annual=item.recurrence == Recurrence.ANNUAL,
            due=due,
            today=today,
            published=[
                rules.Published(d.is_late, d.taken_down_early, d.radio_short and _radio_judged(d, item, today))
                for d in found
            ],
        )
        standings.append(ItemStanding(item, status, due, found))
    return standings


@dataclass
class CommuneRollup:
    commune: AdministrativeUnit
    counts: dict[str, int]

    @property
    def share_on_time(self) -> float | None:
        judged = sum(
            self.counts[s]
            for s in (
                rules.Compliance.ON_TIME,
                rules.Compliance.LATE,
                rules.Compliance.MISSING,
                rules.Compliance.TAKEN_DOWN_EARLY,
                rules.Compliance.RADIO_SHORT,
            )
        )
        return self.counts[rules.Compliance.ON_TIME] / judged if judged else None


def province_rollup(province: AdministrativeUnit, year: int, today: date | None = None) -> list[CommuneRollup]:
    """Per commune of `province`, how many mandated items stand in each compliance state for `year`.

    Kept until a disclosure or the catalogue changes (every such change bumps the portal's version) or the day
    turns (an item falls due): the dashboard and the compliance pages read it on every request.
    """
    today = today or timezone.localdate()
    return portal_cache.remember(
        f"rollup:{province.pk}:{year}:{today.isoformat()}", lambda: compute_province_rollup(province, year, today)
    )


def compute_province_rollup(province: AdministrativeUnit, year: int, today: date) -> list[CommuneRollup]:
    """One grouped query over the year's disclosures, then the same rule as the commune page per (commune, item)."""
    items = active_items()
    communes = list(province.children.filter(level=Level.COMMUNE, is_active=True).order_by("name"))
    grouped = (
        Disclosure.objects.filter(
            province=province, village__isnull=True, issued_on__year=year, catalogue_item__isnull=False
        )
        .exclude(status=Status.SUPERSEDED)
        .values("commune_id", "catalogue_item_id")
        .annotate(
            total=Count("id"),
            late=Count("id", filter=Q(is_late=True)),
            early=Count("id", filter=Q(taken_down_early=True)),
            # Short on the radio once its days could have been run (rules.radio_owed_by, with the law's days).
            radio=Count(
                "id",
                filter=Q(radio_short=True, due_on__lt=today - timedelta(days=rules.CURRENT.radio_min_days - 1)),
            ),
        )
    )
    facts = {(g["commune_id"], g["catalogue_item_id"]): g for g in grouped}
    result = []
    for commune in communes:
        counts = {status: 0 for status in rules.Compliance}
        for item in items:
            fact = facts.get((commune.pk, item.pk))
            published = []
            if fact:
                # Stand-ins carrying only what the rule reads: any late, any taken down early, any short on the radio.
                published = [rules.Published(fact["late"] > 0, fact["early"] > 0, fact["radio"] > 0)]
            status = rules.item_compliance(
                annual=item.recurrence == Recurrence.ANNUAL,
                due=_annual_due(item, year),
                today=today,
                published=published,
            )
            counts[status] += 1
        result.append(CommuneRollup(commune, counts))
    return result


# The quarterly register -------------------------------------------------------------------------------------


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    after = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, after - timedelta(days=1)


def quarter_register(commune: AdministrativeUnit, year: int, quarter: int) -> QuerySet:
    """What the commune and its villages first published in the quarter, each with its channels and dates
    (Law 10/2022 Art. 13 §2, last sentence): the current version of each series, or the withdrawn one."""
    first, last = quarter_bounds(year, quarter)
    zone = timezone.get_current_timezone()
    since = datetime.combine(first, time.min, zone)
    until = datetime.combine(last + timedelta(days=1), time.min, zone)
    return (
        Disclosure.objects.filter(commune=commune, first_published_at__gte=since, first_published_at__lt=until)
        .exclude(status=Status.SUPERSEDED)
        .select_related("unit", "catalogue_item")
        .prefetch_related("channels")
        .order_by("first_published_at", "id")
    )


def quarters_of(year: int, today: date | None = None) -> list[int]:
    """The quarters of `year` that have begun."""
    today = today or timezone.localdate()
    return [q for q in range(1, 5) if quarter_bounds(year, q)[0] <= today]
