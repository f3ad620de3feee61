"""Background work for the Steering Committee: the daily digest of tasks due and overdue."""

from django.tasks import task
from django.utils import timezone

from grassroots.daily import run_again_tomorrow
from steering import reminders


@task
def send_task_reminders(reschedule: bool = True) -> int:
    sent = reminders.send_task_reminders(timezone.localdate())
    if reschedule:
        run_again_tomorrow(send_task_reminders, 7, 10)
    return sent
