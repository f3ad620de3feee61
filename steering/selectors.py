"""Reads for the Steering Committee, every official's list through the scoping layer."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from accounts.scoping import Action, scope
from steering.models import Committee, ProgrammeStatus, TaskStatus


def members_on(committee, day):
    """Who was on the committee on `day`: memberships begun by then and not yet ended."""
    return committee.memberships.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def committees_for(user, action: Action = Action.VIEW_STEERING):
    return scope(user, Committee.objects.all(), action)


def board(tasks, limit: int = 300):
    """Open tasks of adopted programmes, overdue first, then by deadline; done ones last."""
    today = timezone.localdate()
    return list(
        tasks.filter(programme__status=ProgrammeStatus.ADOPTED)
        .select_related("programme__committee", "lead")
        .annotate(
            rank=Case(
                When(status=TaskStatus.DONE, then=Value(2)),
                When(deadline__lt=today, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "deadline", "id")[:limit]
    )


def agencies(tasks) -> list[str]:
    return sorted(set(tasks.exclude(lead_agency="").values_list("lead_agency", flat=True).distinct()[:500]))


def conference_drafts(user, committee):
    """The drafts (reports, programmes) the committee put to its conferences: consultations of the report kind at
    its unit, read through the consultations' own scope."""
    from consultations.models import Subject
    from consultations.selectors import consultations_for

    return list(
        consultations_for(user).filter(unit=committee.unit_id, subject=Subject.REPORT).prefetch_related("conferences")
    )
