from django.core.management.base import BaseCommand
from django.utils import translation

from accounts.demo import DEMO_PASSWORD, create_demo_accounts
from households.demo import Plan, generate
from households.models import Household
from localities.models import AdministrativeUnit
from localities.services import sync_official_units


class Command(BaseCommand):
    help = "Load all units and a demo province (~20,000 households) with one account per role. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--province", default="08", help="Province code (default 08, Tuyên Quang).")
        parser.add_argument("--households", type=int, default=20_000)

    def handle(self, *args, **o):
        translation.activate("vi")
        report = sync_official_units()
        self.stdout.write(
            f"Units: {report.provinces} provinces, {report.communes} communes "
            f"({report.created} new), {report.legacy_units} legacy units loaded."
        )
        province = AdministrativeUnit.objects.get(code=o["province"])
        if not Household.objects.filter(village__path__startswith=province.path).exists():
            generate(Plan(o["province"], None, 6, o["households"], 4.0), report=lambda s: self.stdout.write(s))
        accounts = create_demo_accounts(province)
        self.stdout.write(
            self.style.SUCCESS(f"\nDemo province: {province}. Demo accounts (password: {DEMO_PASSWORD}):")
        )
        for username, role, unit in accounts:
            self.stdout.write(f"  {username:<6} {role} — {unit}")
