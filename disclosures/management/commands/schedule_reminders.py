from django.core.management.base import BaseCommand

from decisions import tasks as decision_tasks
from disclosures.tasks import reminders_pending, send_reminders


class Command(BaseCommand):
    help = (
        "Start the daily reminders (disclosures due or overdue, household votes awaiting recognition); each run "
        "queues the next; does nothing for those already queued."
    )

    def handle(self, *args, **options):
        if reminders_pending():
            self.stdout.write("Disclosure reminders are already scheduled.")
        else:
            send_reminders.enqueue()
            self.stdout.write("Disclosure reminders scheduled: now, then every morning at 07:00.")
        if decision_tasks.pending():
            self.stdout.write("Recognition reminders are already scheduled.")
        else:
            decision_tasks.send_recognition_reminders.enqueue()
            self.stdout.write("Recognition reminders scheduled: now, then every morning at 07:05.")
