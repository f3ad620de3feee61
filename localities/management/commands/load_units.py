from django.core.management.base import BaseCommand

from localities.services import sync_official_units


class Command(BaseCommand):
    help = "Load or update every province and commune (and the pre-2025 units) from vietnam-provinces."

    def add_arguments(self, parser):
        parser.add_argument("--without-legacy", action="store_true", help="Skip the pre-2025 units.")

    def handle(self, *args, **options):
        report = sync_official_units(with_legacy=not options["without_legacy"])
        self.stdout.write(
            f"provinces: {report.provinces}, communes: {report.communes}, created: {report.created}, "
            f"renamed: {report.renamed}, legacy units: {report.legacy_units}, successions: {report.successions}"
        )
