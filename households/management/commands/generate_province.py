from django.core.management.base import BaseCommand

from households.demo import Plan, generate
from localities.services import sync_official_units


class Command(BaseCommand):
    help = (
        "Generate villages, households and residents for a real province's communes. Defaults are the "
        "full-scale benchmark province: 100 communes, 1,500 villages, 500,000 households, 2,000,000 residents."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", default="08", help="Province code (default 08, Tuyên Quang).")
        parser.add_argument("--communes", type=int, default=100)
        parser.add_argument("--villages-per-commune", type=int, default=15)
        parser.add_argument("--households", type=int, default=500_000)
        parser.add_argument("--residents-per-household", type=float, default=4.0)
        parser.add_argument("--seed", type=int, default=2023)

    def handle(self, *args, **o):
        sync_official_units(with_legacy=False)
        generate(
            Plan(
                o["province"],
                o["communes"],
                o["villages_per_commune"],
                o["households"],
                o["residents_per_household"],
                o["seed"],
            ),
            report=lambda line: self.stdout.write(line),
        )
