"""Background work for disclosures: indexing attached files, telling officials, and daily reminders."""

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
def send_reminders() -> int:
    """Remind commune officials of yearly items due within a week or overdue (every morning: grassroots.daily)."""
    sent = reminders.send_due_reminders(timezone.localdate())
    return sent
