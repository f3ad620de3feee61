from django.core.management.base import BaseCommand

from decisions.tasks import send_recognition_reminders
from disclosures.tasks import send_reminders
from grassroots.daily import is_queued
from steering.tasks import send_task_reminders

DAILY = [
    (send_reminders, "Disclosure reminders", "07:00"),
    (send_recognition_reminders, "Recognition reminders", "07:05"),
    (send_task_reminders, "Steering committee task reminders", "07:10"),
]


class Command(BaseCommand):
    help = (
        "Start the daily reminders (disclosures due or overdue, household votes awaiting recognition, steering "
        "committee tasks due or overdue); each run queues the next; does nothing for those already queued."
    )

    def handle(self, *args, **options):
        for task, label, at in DAILY:
            if is_queued(task):
                self.stdout.write(f"{label} are already scheduled.")
            else:
                task.enqueue()
                self.stdout.write(f"{label} scheduled: now, then every morning at {at}.")
