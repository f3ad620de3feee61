"""Background work for household votes: the daily recognition reminders."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from decisions import reminders


@task
def send_recognition_reminders(reschedule: bool = True) -> int:
    sent = reminders.send_recognition_reminders(timezone.localdate())
    if reschedule and send_recognition_reminders.get_backend().supports_defer:
        tomorrow = timezone.localtime() + timedelta(days=1)
        run_after = tomorrow.replace(hour=7, minute=5, second=0, microsecond=0)
        send_recognition_reminders.using(run_after=run_after).enqueue()
    return sent


def pending() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=send_recognition_reminders.module_path, status="READY").exists()
