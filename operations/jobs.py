"""Background jobs that survive their worker: heartbeats, recovery of abandoned jobs, and what an official sees.

django-tasks-db marks a job RUNNING when a worker claims it and SUCCESSFUL/FAILED when the worker finishes it. A
worker killed outright (SIGKILL, out of memory, the machine restarted) finishes nothing: its job would stay
RUNNING forever. So each worker records itself in `operations.Worker` and touches the row every
HEARTBEAT_SECONDS (see operations/management/commands/db_worker.py); `recover()`, run by every worker when it
starts and then every RECOVER_SECONDS, finds RUNNING jobs whose worker is gone and

- queues them again while they have had fewer than MAX_ATTEMPTS tries (every task here is all-or-nothing or
  safe to run twice: an import writes nothing visible until its last step, a report is a new version), or
- marks them FAILED with the reason, and calls the task's `when_failed` hook, which tells the official on the
  job's own page (the household import, the annual report).

The same hook runs when a task fails the ordinary way (an exception), so no job page ever waits forever.
"""

import logging
import os
import socket
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from operations.models import Worker

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5
# A worker not seen for this long is gone: a dozen missed heartbeats, more than any pause of a busy machine.
STALE_AFTER = timedelta(seconds=60)
RECOVER_SECONDS = 30
# A job that kills its worker every time (say, a file that exhausts memory) must not do so forever.
MAX_ATTEMPTS = 3
LOST_EXCEPTION = "operations.jobs.WorkerLost"

_failure_hooks: dict[str, Callable] = {}


class WorkerLost(Exception):
    """Recorded on a job whose worker stopped while running it."""


def when_failed(task):
    """Register `hook(*args, reason=..., **kwargs)`, called with the job's arguments when a job of `task` fails:
    by an exception, or because its worker died MAX_ATTEMPTS times. It marks the job's own row failed."""

    def register(hook):
        _failure_hooks[task.module_path] = hook
        return hook

    return register


def call_failure_hook(task_path: str, args: list, kwargs: dict, reason: str) -> None:
    hook = _failure_hooks.get(task_path)
    if hook is None:
        return
    try:
        hook(*args, reason=reason, **kwargs)
    except Exception:  # the job is failed already; a broken hook must not undo that
        logger.exception("failure hook of %s", task_path)


def on_task_finished(sender, task_result, **kwargs) -> None:
    """Signal receiver (django.tasks task_finished): a failed job tells its page, with the reason."""
    if task_result.status != "FAILED":
        return
    call_failure_hook(
        task_result.task.module_path,
        list(task_result.args),
        dict(task_result.kwargs),
        _("An unexpected error stopped the work; the administrator can read the details in the log."),
    )


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{os.urandom(4).hex()}"


def register(worker_id: str) -> None:
    now = timezone.now()
    Worker.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname(), "pid": os.getpid(), "started_at": now, "seen_at": now},
    )


def heartbeat(worker_id: str) -> None:
    if not Worker.objects.filter(worker_id=worker_id).update(seen_at=timezone.now()):
        register(worker_id)  # deleted as stale after a very long pause: this worker is alive after all


def unregister(worker_id: str) -> None:
    Worker.objects.filter(worker_id=worker_id).delete()


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_gone(worker: Worker | None, started_at, now) -> bool:
    """Whether the worker that claimed a job is no longer running it.

    On this machine a missing process is certain at once (so a restarted worker recovers its predecessor's job
    immediately); elsewhere, or if the pid was reused, a stale heartbeat decides."""
    if worker is None:
        # Unregistered (a clean exit deletes the row only after its job finished) or never registered: a job
        # older than the staleness limit with no living worker behind it.
        return started_at is None or now - started_at > STALE_AFTER
    if worker.host == socket.gethostname() and not _process_exists(worker.pid):
        return True
    return now - worker.seen_at > STALE_AFTER


def recover(now=None) -> list[tuple[str, str]]:
    """Requeue or fail every RUNNING job whose worker is gone; returns [(job id, "retried" | "failed")]."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    workers = {w.worker_id: w for w in Worker.objects.all()}
    outcomes = []
    for job in DBTaskResult.objects.filter(status="RUNNING"):
        claimed_by = job.worker_ids[-1] if job.worker_ids else None
        if not is_gone(workers.get(claimed_by), job.started_at, now):
            continue
        attempts = len(job.worker_ids)
        # Conditional updates: two workers recovering at once change the job only once.
        still_running = DBTaskResult.objects.filter(pk=job.pk, status="RUNNING", started_at=job.started_at)
        if attempts < MAX_ATTEMPTS:
            if still_running.update(status="READY"):
                logger.warning("job %s (%s): worker %s is gone; queued again", job.pk, job.task_path, claimed_by)
                outcomes.append((str(job.pk), "retried"))
            continue
        reason = _("The background worker stopped %(attempts)d times while doing this work; it was not finished.") % {
            "attempts": attempts
        }
        with transaction.atomic():
            changed = still_running.update(
                status="FAILED",
                finished_at=now,
                exception_class_path=LOST_EXCEPTION,
                traceback=f"WorkerLost: worker {claimed_by} stopped while running this job ({attempts} attempts)",
            )
        if changed:
            logger.error("job %s (%s): worker %s is gone; failed", job.pk, job.task_path, claimed_by)
            call_failure_hook(job.task_path, job.args_kwargs["args"], job.args_kwargs["kwargs"], reason)
            outcomes.append((str(job.pk), "failed"))
    # Rows of workers long gone whose jobs are settled are of no further use.
    Worker.objects.filter(seen_at__lt=now - 10 * STALE_AFTER).delete()
    return outcomes
