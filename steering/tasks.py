"""Background work for the Steering Committee: the daily digest of tasks due and overdue."""

from django.tasks import task
from django.utils import timezone

from grassroots.daily import run_again_tomorrow
from steering import reminders, services


@task
def send_task_reminders(reschedule: bool = True) -> int:
    sent = reminders.send_task_reminders(timezone.localdate())
    if reschedule:
        run_again_tomorrow(send_task_reminders, 7, 10)
    return sent


@task()
def generate_annual_report(report_id: int) -> int:
    from steering.models import AnnualReport

    report = AnnualReport.objects.select_related("committee__unit").get(pk=report_id)
    services.generate_annual_report(report)
    return report.pk
