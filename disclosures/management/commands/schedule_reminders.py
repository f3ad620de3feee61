from django.core.management.base import BaseCommand

from disclosures.tasks import reminders_pending, send_reminders


class Command(BaseCommand):
    help = "Start the daily disclosure reminders (each run queues the next); does nothing if already queued."

    def handle(self, *args, **options):
        if reminders_pending():
            self.stdout.write("Disclosure reminders are already scheduled.")
            return
        send_reminders.enqueue()
        self.stdout.write("Disclosure reminders scheduled: now, then every morning at 07:00.")
