"""Background work for disclosures: indexing attached files, telling officials, and daily reminders."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from disclosures import reminders, services


@task
def index_attachments(disclosure_id: int) -> None:
    services.index_attachment_text(disclosure_id)


@task
def notify_question(question_id: int) -> None:
    reminders.notify_new_question(question_id)


@task
def send_reminders(reschedule: bool = True) -> int:
    """Remind commune officials of yearly items due within a week or overdue; then queue tomorrow's run."""
    sent = reminders.send_due_reminders(timezone.localdate())
    if reschedule:
        schedule_next_reminders()
    return sent


def reminders_pending() -> bool:
    """Whether a reminder run is already queued (database backend only), so scheduling never doubles it."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=send_reminders.module_path, status="READY").exists()


def schedule_next_reminders() -> None:
    """Queue the next run for 07:00 tomorrow, local time (django-tasks has no cron; each run queues the next)."""
    if not send_reminders.get_backend().supports_defer:
        return  # a backend that cannot wait (tests' immediate backend): runs are started by hand
    tomorrow = timezone.localtime() + timedelta(days=1)
    run_after = tomorrow.replace(hour=7, minute=0, second=0, microsecond=0)
    send_reminders.using(run_after=run_after).enqueue()
