"""Background work for household votes: the daily recognition reminders."""

from django.tasks import task
from django.utils import timezone

from decisions import reminders


@task
def send_recognition_reminders() -> int:
    sent = reminders.send_recognition_reminders(timezone.localdate())
    return sent
