"""What the platform's own machinery needs to remember: which task workers are alive, which daily runs are queued."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Worker(models.Model):
    """A running task worker (`manage.py db_worker`), seen alive at `seen_at` (it touches the row every few
    seconds). A worker killed outright leaves its row behind, growing stale: that is how its jobs are found."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"


class DailyRun(models.Model):
    """One day's run of a recurring job, queued once however many workers are running or restarted."""

    task_path = models.CharField(max_length=200)
    day = models.DateField()
    task_result_id = models.CharField(max_length=64)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("daily run")
        verbose_name_plural = _("daily runs")
        constraints = [models.UniqueConstraint(fields=["task_path", "day"], name="one_daily_run_a_day")]

    def __str__(self) -> str:
        return f"{self.task_path} {self.day}"
