"""Daily background runs, queued by the task workers themselves (django-tasks has no cron).

A chain in which each run queued the next stopped for good when one run died before queueing. Instead, every
worker calls `queue_due_runs()` when it starts and then every few seconds (operations/management/commands/
db_worker.py): each job of DAILY whose time of day has passed is queued once for the day. The `DailyRun` row,
unique per (job, day) and written with the queued job in one transaction, is what makes it once, whether one
worker runs or several, and however often they are restarted. A worker down at the hour queues the day's run
when it comes back; a day with no worker at all is skipped, not caught up twice.
"""

import logging
from datetime import time

from django.db import IntegrityError, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def daily_jobs():
    """(task, label, local time of day): what runs every morning."""
    from decisions.tasks import send_recognition_reminders
    from disclosures.tasks import send_reminders
    from steering.tasks import send_task_reminders

    return [
        (send_reminders, "Disclosure reminders", time(7, 0)),
        (send_recognition_reminders, "Recognition reminders", time(7, 5)),
        (send_task_reminders, "Steering committee task reminders", time(7, 10)),
    ]


def queue_due_runs(now=None, *, force=False) -> list[str]:
    """Queue today's run of each daily job whose hour has come (all of them with `force`) and that has not been
    queued today; returns the labels queued. A backend that keeps no queue (the tests') queues nothing."""
    from operations.models import DailyRun

    now = timezone.localtime(now)
    queued = []
    for task, label, at in daily_jobs():
        if not task.get_backend().supports_defer:
            continue
        if not force and now.time() < at:
            continue
        if DailyRun.objects.filter(task_path=task.module_path, day=now.date()).exists():
            continue
        try:
            with transaction.atomic():
                result = task.enqueue()
                DailyRun.objects.create(task_path=task.module_path, day=now.date(), task_result_id=str(result.id))
        except IntegrityError:  # another worker queued it a moment ago
            continue
        logger.info("queued %s for %s", label, now.date())
        queued.append(label)
    return queued
