from django.core.management.base import BaseCommand

from grassroots.daily import daily_jobs, queue_due_runs


class Command(BaseCommand):
    help = (
        "Run today's daily reminders now (disclosures due or overdue, household votes awaiting recognition, "
        "steering committee tasks due or overdue) if they have not run today. The task workers queue them every "
        "morning by themselves; this only saves waiting for the hour on a fresh install."
    )

    def handle(self, *args, **options):
        queued = set(queue_due_runs(force=True))
        for _task, label, at in daily_jobs():
            if label in queued:
                self.stdout.write(f"{label} queued now; the workers queue them every morning at {at:%H:%M}.")
            else:
                self.stdout.write(f"{label} are already queued for today; next at {at:%H:%M} tomorrow.")
