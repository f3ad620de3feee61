"""Telling the commune about results waiting for its recognition: when sent, the day before the deadline, after it."""

from datetime import date

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from decisions.models import Recognition
from decisions.services import needs_recognition
from disclosures.reminders import responsible_officials
from grassroots.working_days import add_working_days
from notifications.services import notify


def _tell(recognition: Recognition, title: str) -> int:
    matter = recognition.matter
    commune = matter.village.parent
    body = _("%(village)s sent the result of «%(title)s» on %(sent)s; the commune recognises it by %(due)s.") % {
        "village": matter.village.name,
        "title": matter.title,
        "sent": recognition.sent_on.strftime("%d/%m/%Y"),
        "due": recognition.due_on.strftime("%d/%m/%Y"),
    }
    return notify(
        responsible_officials(commune), title=title, body=body, url=reverse("decisions:detail", args=[matter.pk])
    )


def notify_annulled(recognition: Recognition) -> int:
    """Law 10/2022 Art. 22: the annulment goes to the village head and the commune Front committee."""
    from accounts.models import Role, RoleAssignment, User

    matter = recognition.matter
    commune = matter.village.parent
    ids = RoleAssignment.objects.filter(
        models.Q(role=Role.VILLAGE_HEAD, unit=matter.village) | models.Q(role=Role.FATHERLAND_FRONT, unit=commune)
    ).values_list("user_id", flat=True)
    with override("vi"):
        return notify(
            list(User.objects.filter(pk__in=ids, is_active=True)),
            title=_("A household decision was annulled: %(title)s") % {"title": matter.title},
            body=_("Decision %(number)s of %(day)s: %(reasons)s")
            % {
                "number": recognition.annulment_number,
                "day": recognition.annulled_on.strftime("%d/%m/%Y"),
                "reasons": recognition.annulment_reasons,
            },
            url=reverse("decisions:detail", args=[matter.pk]),
        )


def notify_sent(recognition: Recognition) -> int:
    with override("vi"):
        return _tell(
            recognition, _("A household vote awaits recognition: %(title)s") % {"title": recognition.matter.title}
        )


def send_recognition_reminders(today: date) -> int:
    """Remind once when one working day is left, and once when the deadline has passed. Returns notices sent."""
    sent = 0
    waiting = Recognition.objects.filter(
        recognised_on__isnull=True, refused_on__isnull=True, annulled_on__isnull=True
    ).select_related("matter__village__parent")
    for recognition in waiting:
        if not needs_recognition(recognition.matter):  # in effect from the vote day: nothing awaits the commune
            continue
        with override("vi"):
            if today > recognition.due_on and recognition.overdue_notified_on is None:
                title = _("Recognition overdue: %(title)s") % {"title": recognition.matter.title}
                sent += _tell(recognition, title)
                Recognition.objects.filter(pk=recognition.pk).update(overdue_notified_on=today)
            elif (
                today <= recognition.due_on
                and add_working_days(today, 1) >= recognition.due_on
                and recognition.due_soon_notified_on is None
            ):
                title = _("Recognition due tomorrow: %(title)s") % {"title": recognition.matter.title}
                sent += _tell(recognition, title)
                Recognition.objects.filter(pk=recognition.pk).update(due_soon_notified_on=today)
    return sent
