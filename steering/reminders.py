"""Urging (đôn đốc) task leads: one daily digest per person, naming tasks due within a week and tasks overdue.

Each task is named once when it comes due and once when it is overdue, however often this runs: a lead hears
about a task twice, not every day, and several tasks arrive as one message rather than a flood.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from disclosures.reminders import responsible_officials
from notifications.services import notify
from steering.models import ProgrammeStatus, Recommendation, Review, Task, TaskStatus
from steering.selectors import members_on

DUE_SOON_DAYS = 7


def send_task_reminders(today: date) -> int:
    """Returns how many notices were sent (digests, and reminders of reviews due)."""
    open_tasks = Task.objects.filter(
        programme__status=ProgrammeStatus.ADOPTED, deadline__isnull=False, lead__user__isnull=False
    ).exclude(status=TaskStatus.DONE)
    overdue = open_tasks.filter(deadline__lt=today, reminded_overdue_on__isnull=True)
    due_soon = open_tasks.filter(
        deadline__gte=today, deadline__lte=today + timedelta(days=DUE_SOON_DAYS), reminded_due_on__isnull=True
    )
    digest: dict = defaultdict(lambda: {"overdue": [], "due": []})
    for kind, tasks in (("overdue", overdue), ("due", due_soon)):
        for task in tasks.select_related("lead__user", "programme"):
            digest[task.lead.user][kind].append(task)
    with override("vi"):
        for user, tasks in digest.items():
            lines = [
                _("Overdue since %(d)s: %(t)s") % {"d": t.deadline.strftime("%d/%m/%Y"), "t": t}
                for t in tasks["overdue"]
            ] + [_("Due on %(d)s: %(t)s") % {"d": t.deadline.strftime("%d/%m/%Y"), "t": t} for t in tasks["due"]]
            title = _("Steering committee tasks: %(overdue)d overdue, %(due)d due within a week") % {
                "overdue": len(tasks["overdue"]),
                "due": len(tasks["due"]),
            }
            notify([user], title=title, body="\n".join(lines), url=reverse("steering:my_tasks"))
    Task.objects.filter(pk__in=overdue.values("pk")).update(reminded_overdue_on=today)
    Task.objects.filter(pk__in=due_soon.values("pk")).update(reminded_due_on=today)
    return len(digest) + _remind_reviews(today) + _remind_recommendations(today)


REVIEW_NOTICE_DAYS = 30


def _remind_reviews(today: date) -> int:
    """Reviews (sơ kết, tổng kết) due within a month: once, to the committee's current members with an account."""
    due = Review.objects.filter(
        held_on__isnull=True, reminded_on__isnull=True, due_on__lte=today + timedelta(days=REVIEW_NOTICE_DAYS)
    ).select_related("guidance__committee")
    notified = 0
    with override("vi"):
        for review in due:
            committee = review.guidance.committee
            users = [m.user for m in members_on(committee, today).select_related("user") if m.user]
            title = _("Review due by %(d)s: %(r)s") % {"d": review.due_on.strftime("%d/%m/%Y"), "r": review.guidance}
            notified += notify(
                users, title=title, body=str(review), url=reverse("steering:committee", args=[committee.pk])
            )
    Review.objects.filter(pk__in=[r.pk for r in due]).update(reminded_on=today)
    return notified


def _remind_recommendations(today: date) -> int:
    """Inspection recommendations past their due date and still open: once, to the commune's officials."""
    overdue = list(
        Recommendation.objects.filter(
            closed_on__isnull=True, due_on__lt=today, reminded_overdue_on__isnull=True
        ).select_related("inspection__commune")
    )
    notified = 0
    with override("vi"):
        for recommendation in overdue:
            inspection = recommendation.inspection
            title = _("Inspection recommendation overdue since %(d)s") % {
                "d": recommendation.due_on.strftime("%d/%m/%Y")
            }
            notified += notify(
                responsible_officials(inspection.commune),
                title=title,
                body=recommendation.text,
                url=reverse("steering:inspection", args=[inspection.pk]),
            )
    Recommendation.objects.filter(pk__in=[r.pk for r in overdue]).update(reminded_overdue_on=today)
    return notified
