from django.core.management.base import BaseCommand

from localities.models import AdministrativeUnit
from steering.activity import generate


class Command(BaseCommand):
    help = (
        "Generate years of activity (household decisions with rolls, consultations with opinions, programmes, "
        "inspections) for a generated province, for the steering committee's benchmarks. Run once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", default="08", help="Province code (default 08).")
        parser.add_argument("--years", type=int, default=5)

    def handle(self, *args, **o):
        province = AdministrativeUnit.objects.get(code=o["province"])
        counts = generate(province, o["years"], report=lambda line: self.stdout.write(line))
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in counts.items()))
