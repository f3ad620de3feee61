"""`manage.py db_worker`: django-tasks-db's worker, which also keeps jobs alive across its own death.

Same name and options as django-tasks-db's command (this app comes first in INSTALLED_APPS, so this one is
run), so that no worker can be started without what follows. Besides running jobs, a worker

- records itself and touches its row every few seconds (operations.jobs.heartbeat), from a thread of its own,
  so a long job does not make it look dead;
- at start, then every RECOVER_SECONDS, requeues or fails the jobs of workers that are gone (operations.jobs);
- queues the day's recurring runs when their hour comes (grassroots.daily).
"""

import logging
import threading

from django.db import close_old_connections, connections
from django_tasks_db.management.commands import db_worker

from grassroots import daily
from operations import jobs

logger = logging.getLogger("django_tasks_db")


def _maintain(worker_id: str, stop: threading.Event) -> None:
    """Heartbeat every HEARTBEAT_SECONDS; recovery and the daily schedule every RECOVER_SECONDS."""
    ticks = 0
    every = max(1, round(jobs.RECOVER_SECONDS / jobs.HEARTBEAT_SECONDS))
    while not stop.wait(jobs.HEARTBEAT_SECONDS):
        ticks += 1
        try:
            close_old_connections()
            jobs.heartbeat(worker_id)
            if ticks % every == 0:
                jobs.recover()
                daily.queue_due_runs()
        except Exception:  # a database that is restarting or locked: try again at the next tick
            logger.exception("worker maintenance")
    connections.close_all()


class Worker(db_worker.Worker):
    def run(self) -> None:
        jobs.register(self.worker_id)
        for job_id, outcome in jobs.recover():
            logger.warning("Job %s of a worker that is gone: %s", job_id, outcome)
        daily.queue_due_runs()
        stop = threading.Event()
        maintenance = threading.Thread(target=_maintain, args=(self.worker_id, stop), daemon=True)
        maintenance.start()
        try:
            super().run()
        finally:
            stop.set()
            maintenance.join(timeout=jobs.HEARTBEAT_SECONDS + 5)
            jobs.unregister(self.worker_id)


class Command(db_worker.Command):
    help = "Run a database background worker that recovers the jobs of dead workers and queues the daily runs"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Unique across machines and restarts, and readable: host, process id, and a random part.
        parser.set_defaults(worker_id=jobs.new_worker_id())

    def handle(self, *args, **options):
        db_worker.Worker = Worker  # the parent's handle() builds db_worker.Worker
        super().handle(*args, **options)
