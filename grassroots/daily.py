"""Daily background runs: django-tasks has no cron, so each run queues the next for tomorrow morning."""

from datetime import timedelta

from django.utils import timezone


def run_again_tomorrow(task, hour: int, minute: int = 0) -> None:
    """Queue `task` for `hour`:`minute` tomorrow, local time; a backend that cannot wait (tests') is left alone."""
    if not task.get_backend().supports_defer:
        return
    tomorrow = timezone.localtime() + timedelta(days=1)
    task.using(run_after=tomorrow.replace(hour=hour, minute=minute, second=0, microsecond=0)).enqueue()


def is_queued(task) -> bool:
    """Whether a run of `task` is already waiting (database backend), so scheduling never doubles it."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists()
