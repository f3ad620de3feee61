from django.core.management.base import BaseCommand
from django.utils import translation

from accounts.demo import DEMO_PASSWORD, create_demo_accounts
from accounts.models import User
from consultations.demo import generate as generate_consultations
from decisions.demo import SLIPS_FILE
from decisions.demo import generate as generate_votes
from disclosures.demo import generate as generate_disclosures
from disclosures.models import Disclosure
from households.demo import Plan, generate
from households.models import Household
from localities.models import AdministrativeUnit
from localities.services import sync_official_units
from steering.demo import generate as generate_committees


class Command(BaseCommand):
    help = (
        "Load all units and a demo province (~20,000 households, 2,000 disclosures, three household votes, two "
        "consultations, two steering committees) with one "
        "account per role. "
        "Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", default="08", help="Province code (default 08, Tuyên Quang).")
        parser.add_argument("--households", type=int, default=20_000)
        parser.add_argument("--disclosures", type=int, default=2_000)

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
        if not Disclosure.objects.filter(province=province).exists():
            generate_disclosures(o["province"], o["disclosures"], questions=True, report=lambda s: None)
            self.stdout.write(f"Disclosures: {o['disclosures']} generated for the portal and compliance pages.")
        accounts = create_demo_accounts(province)
        village_head = User.objects.get(username="thon")
        village = village_head.role_assignments.get().unit
        if made := generate_votes(village, User.objects.get(username="xa")):
            self.stdout.write(f"Household votes: {made} matters in {village} (one recognised, one open, one election).")
        officer = User.objects.get(username="xa")
        commune = officer.role_assignments.get().unit
        if generate_consultations(commune, province, officer, User.objects.get(username="tinh")):
            self.stdout.write(
                f"Consultations: a land-use draft taking opinions in {commune}; the provincial committee's 2021 "
                "conference, its 11 opinions absorbed into the report's second version."
            )
        if generate_committees(province, User.objects.get(username="tinh"), commune):
            self.stdout.write(
                "Steering committees: the province's committee (reconsolidated in 2025) with this year's programme, "
                "adopted after an overlap flag with the digital transformation committee was dismissed; the demo "
                "commune's committee and its head."
            )
        self.stdout.write(
            self.style.SUCCESS(f"\nDemo province: {province}. Demo accounts (password: {DEMO_PASSWORD}):")
        )
        for username, role, unit in accounts:
            self.stdout.write(f"  {username:<6} {role} — {unit}")
        if SLIPS_FILE.exists():
            self.stdout.write(f"The secret vote's counting-team slips (to close it): {SLIPS_FILE}")
