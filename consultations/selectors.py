"""Reads for consultations: officials' lists through the scoping layer, counts, groups and version changes."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from accounts.scoping import Action, scope
from consultations.drafts import Piece, word_diff
from consultations.models import Answer, Channel, Consultation, DraftVersion, Opinion, OpinionGroup, Section
from grassroots.text import fold


def consultations_for(user, action: Action = Action.VIEW_CONSULTATIONS):
    return scope(user, Consultation.objects.all(), action)


@dataclass
class Counts:
    opinions: int
    hidden: int
    groups: int
    by_answer: dict[str, int]  # Answer value -> visible opinions with it ("pending" includes ungrouped ones)
    by_channel: dict[str, int]

    @property
    def answered(self) -> int:
        return self.opinions - self.by_answer.get(Answer.PENDING, 0)


def counts(consultation: Consultation) -> Counts:
    """Every count in one pass over the consultation's opinions."""
    visible = Q(is_hidden=False)
    pending = visible & (Q(group__isnull=True) | Q(group__answer=Answer.PENDING))
    aggregates = {f"answer_{a}": Count("id", filter=visible & Q(group__answer=a)) for a in Answer.values}
    aggregates["answer_pending"] = Count("id", filter=pending)
    aggregates |= {f"channel_{c}": Count("id", filter=visible & Q(channel=c)) for c in Channel.values}
    row = Opinion.objects.filter(consultation=consultation).aggregate(
        visible=Count("id", filter=visible), hidden=Count("id", filter=Q(is_hidden=True)), **aggregates
    )
    return Counts(
        opinions=row["visible"],
        hidden=row["hidden"],
        groups=OpinionGroup.objects.filter(consultation=consultation).count(),
        by_answer={a: row[f"answer_{a}"] for a in Answer.values},
        by_channel={c: row[f"channel_{c}"] for c in Channel.values},
    )


def sections_of(version: DraftVersion) -> list[Section]:
    return list(version.sections.all())


def section_headings(consultation: Consultation) -> dict[str, str]:
    """Section key -> heading, as the latest version has it."""
    version = consultation.versions.order_by("-number").first()
    return dict(version.sections.values_list("key", "heading")) if version else {}


def groups_page(
    consultation: Consultation, *, offset: int, limit: int, answer: str = "", query: str = "", shown: int = 5
):
    """Groups with their first `shown` visible opinions and their size, biggest first; only those with an answer,
    or with an opinion containing `query` (without diacritics; those opinions shown), if asked."""
    groups = (
        OpinionGroup.objects.filter(consultation=consultation)
        .select_related("applied_in")
        .annotate(size=Count("opinions", filter=Q(opinions__is_hidden=False)))
    )
    if answer in Answer.values:
        groups = groups.filter(answer=answer)
    first = Opinion.objects.filter(is_hidden=False).order_by("id")
    if folded := fold(query):
        matching = Opinion.objects.filter(consultation=consultation, search_text__contains=folded)
        groups = groups.filter(pk__in=matching.values("group_id"))
        first = first.filter(search_text__contains=folded)
    rows = list(groups.filter(size__gt=0).order_by("-size", "id")[offset : offset + limit + 1])
    page = rows[:limit]
    # One query per group, each stopping at `shown`: one query for the whole page would read every member of a
    # 5,000-opinion group.
    for group in page:
        group.first_opinions = list(first.filter(group=group)[:shown])
    return page, len(rows) > limit


def ungrouped(
    consultation: Consultation, limit: int = 50, visible_only: bool = False, query: str = ""
) -> list[Opinion]:
    """Opinions not in a group yet (grouping runs in the background a moment after they arrive)."""
    rows = Opinion.objects.filter(consultation=consultation, group__isnull=True)
    if folded := fold(query):
        rows = rows.filter(search_text__contains=folded)
    if visible_only:
        rows = rows.filter(is_hidden=False)
    return list(rows.order_by("-id")[:limit])


@dataclass
class SectionChange:
    key: str
    heading: str
    old: list[Piece]
    new: list[Piece]
    groups: list[OpinionGroup] = field(default_factory=list)


def changes(version: DraftVersion) -> list[SectionChange]:
    """What `version` changed from the one before, section by section, with the groups whose answers did it."""
    previous = (
        DraftVersion.objects.filter(consultation=version.consultation_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    if previous is None:
        return []
    before = {s.key: s for s in previous.sections.all()}
    caused = {}
    for group in version.applied_groups.prefetch_related(
        Prefetch("opinions", queryset=Opinion.objects.filter(is_hidden=False).order_by("id"))
    ).order_by("answered_at", "id"):
        caused.setdefault(group.section_key, []).append(group)
    result = []
    for section in version.sections.all():
        old = before.get(section.key)
        old_text = old.text if old else ""
        if old_text == section.text and section.key not in caused:
            continue
        left, right = word_diff(old_text, section.text)
        result.append(SectionChange(section.key, section.heading, left, right, caused.get(section.key, [])))
    return result


def consultation_that_published(disclosure) -> Consultation | None:
    """The consultation whose plan or synthesis this disclosure (any version of its series) made public."""
    series = disclosure.series_id or disclosure.pk
    return (
        Consultation.objects.filter(Q(plan_disclosure__series_id=series) | Q(synthesis_disclosure__series_id=series))
        .select_related("unit")
        .first()
    )
