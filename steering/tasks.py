"""Background work for the Steering Committee: the daily digest of tasks due and overdue, the annual report."""

from django.tasks import task
from django.utils import timezone

from operations.jobs import when_failed
from steering import reminders, services


@task
def send_task_reminders() -> int:
    sent = reminders.send_task_reminders(timezone.localdate())
    return sent


@task()
def generate_annual_report(report_id: int) -> int:
    from steering.models import AnnualReport

    report = AnnualReport.objects.select_related("committee__unit").get(pk=report_id)
    services.generate_annual_report(report)
    return report.pk


@when_failed(generate_annual_report)
def _report_failed(report_id: int, *, reason: str) -> None:
    from steering.models import AnnualReport, ReportStatus

    # A report that failed by itself has said why (services.generate_annual_report); keep that.
    AnnualReport.objects.filter(pk=report_id).exclude(status=ReportStatus.FAILED).update(
        status=ReportStatus.FAILED, error=reason[:300]
    )
