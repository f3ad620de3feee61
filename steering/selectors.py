"""Reads for the Steering Committee, every official's list through the scoping layer."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from accounts.scoping import Action, scope
from steering.models import Committee, OverlapFlag, Programme, ProgrammeStatus, Task, TaskStatus


def members_on(committee, day):
    """Who was on the committee on `day`: memberships begun by then and not yet ended."""
    return committee.memberships.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def committees_for(user, action: Action = Action.VIEW_STEERING):
    return scope(user, Committee.objects.all(), action)


def readable_tasks(user, action: Action = Action.VIEW_STEERING):
    return scope(user, Task.objects.all(), action)


def comparable_tasks(user, programme: Programme):
    """The tasks the overlap check compares `programme`'s with: the same year's tasks of the other committees of the
    programme's province, among those `user` may read. A province official reads the province's committees; a
    commune official, their own commune's (never a sibling's, nor the province's unless a role grants it)."""
    province_path = "/".join(programme.committee.unit_path.split("/")[:2]) + "/"
    return (
        readable_tasks(user)
        .filter(programme__year=programme.year, programme__committee__unit_path__startswith=province_path)
        .exclude(programme__committee=programme.committee_id)
    )


# A flag is stored once, by whoever ran the check, and re-scoped here each time it is read, rather than cut down
# when it is stored: a province official's check raises flags against committees a commune official may not read,
# and the same flag must be whole for the one and absent for the other. Reading through the scope also follows
# roles as they are granted and withdrawn, where a copy made at check time would go stale.
def overlap_flags(user, programme: Programme):
    """The programme's flags whose other task `user` may read: the only ones their pages show or let them decide."""
    return OverlapFlag.objects.filter(task__programme=programme, other__in=readable_tasks(user))


def unreadable_flags(user, programme: Programme):
    """The programme's flags whose other task `user` may not read: counted for them, never shown."""
    return OverlapFlag.objects.filter(task__programme=programme).exclude(other__in=readable_tasks(user))


def overlap_flag_history(user, programme: Programme):
    """The changes to the programme's flags that `user` may read: a flag's line in a history names both tasks."""
    return OverlapFlag.history.filter(task__programme=programme, other__in=readable_tasks(user))


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
