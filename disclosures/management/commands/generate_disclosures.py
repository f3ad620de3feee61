from django.core.management.base import BaseCommand

from disclosures.demo import generate


class Command(BaseCommand):
    help = "Generate disclosures for a province's communes and villages (the benchmark uses 200,000)."

    def add_arguments(self, parser):
        parser.add_argument("--province", default="08", help="Province code (default 08, Tuyên Quang).")
        parser.add_argument("--count", type=int, default=200_000)
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--questions", action="store_true", help="Also residents' questions on some.")

    def handle(self, *args, **o):
        generate(
            o["province"],
            o["count"],
            seed=o["seed"],
            questions=o["questions"],
            report=lambda line: self.stdout.write(line),
        )
