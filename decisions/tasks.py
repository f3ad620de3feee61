"""Background work for household votes: the daily recognition reminders."""

from django.tasks import task
from django.utils import timezone

from decisions import reminders
from grassroots.daily import run_again_tomorrow


@task
def send_recognition_reminders(reschedule: bool = True) -> int:
    sent = reminders.send_recognition_reminders(timezone.localdate())
    if reschedule:
        run_again_tomorrow(send_recognition_reminders, 7, 5)
    return sent
