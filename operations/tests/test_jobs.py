"""Recovery of jobs whose worker died, and the daily runs the workers queue (in-process; the real worker killed
with SIGKILL is in test_worker_faults.py)."""

import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Role
from grassroots import daily
from households.models import Household, HouseholdImport
from households.tasks import import_households
from operations import jobs
from operations.models import DailyRun, Worker
from steering.tasks import generate_annual_report
from tests.factories import official

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def claimed(task, *args, attempts=1, pid=None, seen_ago=timedelta(0)):
    """A job as a worker leaves it when it dies while running it: RUNNING, claimed by a worker recorded as
    running `pid` on this machine and last seen `seen_ago`."""
    result = task.enqueue(*args)
    worker_ids = [f"w{i}" for i in range(attempts)]
    now = timezone.now()
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=now, worker_ids=worker_ids)
    Worker.objects.create(
        worker_id=worker_ids[-1],
        host=jobs.socket.gethostname(),
        pid=pid or dead_pid(),
        started_at=now - seen_ago,
        seen_at=now - seen_ago,
    )
    return DBTaskResult.objects.get(pk=result.id)


def import_job(tree):
    return HouseholdImport.objects.create(
        created_by=official("xa", Role.COMMUNE_OFFICIAL, tree.commune),
        unit=tree.commune,
        file_name="ho.csv",
        content=b"",
        status=HouseholdImport.Status.WRITING,
    )


def test_a_job_whose_worker_process_is_gone_is_queued_again(tree, database_tasks):
    job = import_job(tree)
    task = claimed(import_households, job.pk)
    assert jobs.recover() == [(str(task.pk), "retried")]
    task.refresh_from_db()
    assert task.status == "READY"  # the next worker runs it; the import starts over (discarding what it wrote)


def test_a_job_of_a_living_worker_is_left_running(tree, database_tasks):
    import os

    job = import_job(tree)
    task = claimed(import_households, job.pk, pid=os.getpid())
    assert jobs.recover() == []
    task.refresh_from_db()
    assert task.status == "RUNNING"


def test_a_worker_on_another_machine_is_gone_when_its_heartbeat_is_stale(tree, database_tasks):
    job = import_job(tree)
    task = claimed(import_households, job.pk, seen_ago=timedelta(seconds=5))
    Worker.objects.update(host="elsewhere")
    assert jobs.recover() == []  # seen 5 s ago: alive
    Worker.objects.update(seen_at=timezone.now() - jobs.STALE_AFTER - timedelta(seconds=1))
    assert jobs.recover() == [(str(task.pk), "retried")]


def test_an_import_whose_worker_died_three_times_fails_and_tells_the_official_why(tree, database_tasks):
    job = import_job(tree)
    staged = Household.all_objects.create(code="91001-STAGED", village=tree.village, pending_import=job)
    task = claimed(import_households, job.pk, attempts=jobs.MAX_ATTEMPTS)
    assert jobs.recover() == [(str(task.pk), "failed")]
    task.refresh_from_db()
    assert task.status == "FAILED" and task.exception_class_path == jobs.LOST_EXCEPTION
    job.refresh_from_db()
    assert job.status == HouseholdImport.Status.FAILED and job.finished_at
    assert "dừng 3 lần" in job.errors[0]["message"] and "Chưa nhập dữ liệu nào" in job.errors[0]["message"]
    assert not Household.all_objects.filter(pk=staged.pk).exists()  # what the dead runs wrote is gone


def test_a_report_whose_worker_died_for_good_is_failed_with_the_reason(tree, database_tasks):
    from steering.models import AnnualReport, Committee, ReportStatus

    committee = Committee.objects.create(unit=tree.commune)
    report = AnnualReport.objects.create(committee=committee, year=2025, version=1, status=ReportStatus.WORKING)
    claimed(generate_annual_report, report.pk, attempts=jobs.MAX_ATTEMPTS)
    jobs.recover()
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "dừng 3 lần" in report.error


def test_an_import_task_that_raises_leaves_a_failed_job_with_a_message_not_a_spinner(tree, monkeypatch):
    from households import importing

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(importing, "read_table", broken)
    job = import_job(tree)
    import_households.enqueue(job.pk)  # the tests' backend runs it at once, and records the failure
    job.refresh_from_db()
    assert job.status == HouseholdImport.Status.FAILED
    assert "lỗi" in job.errors[0]["message"]


def at(day: int, hour: int, minute: int = 0):
    return datetime(2026, 12, day, hour, minute, tzinfo=LOCAL)


def test_the_daily_runs_are_queued_once_a_day_when_their_hour_comes(db, database_tasks):
    assert daily.queue_due_runs(at(3, 6, 59)) == []
    assert daily.queue_due_runs(at(3, 7, 6)) == ["Disclosure reminders", "Recognition reminders"]
    assert daily.queue_due_runs(at(3, 7, 6)) == []  # a second worker, or a restarted one, queues nothing
    assert daily.queue_due_runs(at(3, 9, 0)) == ["Steering committee task reminders"]
    assert DBTaskResult.objects.filter(status="READY").count() == 3


def test_the_daily_runs_go_on_after_one_died(db, database_tasks):
    daily.queue_due_runs(at(3, 8))
    # Today's runs died without finishing (the old chain queued tomorrow's only at the end of a run).
    DBTaskResult.objects.update(status="FAILED")
    assert len(daily.queue_due_runs(at(4, 8))) == 3
    assert DailyRun.objects.filter(day=at(4, 8).date()).count() == 3
    assert DBTaskResult.objects.filter(status="READY").count() == 3
