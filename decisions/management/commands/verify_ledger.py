"""Check a matter's ballot ledger: every hash, the final hash, and the tally recounted from the ledger."""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from decisions import ledger, witness
from decisions.models import ChainHead, Matter


class Command(BaseCommand):
    help = "Verify the hash chains of one matter (or every closed matter) and recount its votes."

    def add_arguments(self, parser):
        parser.add_argument("matter", nargs="*", type=int, help="matter ids (default: every matter with votes)")
        parser.add_argument(
            "--proofs", action="store_true", help="also check each encrypted ballot's own proofs (about 2 ms a ballot)"
        )

    def handle(self, *args, **options):
        # Every matter that has opened (a status set back to "draft" in the database must not hide one).
        opened = Matter.objects.filter(~Q(status="draft") | Q(pk__in=ChainHead.objects.values("matter_id")))
        ids = options["matter"] or list(opened.values_list("pk", flat=True))
        failed = 0
        for matter in Matter.objects.filter(pk__in=ids).order_by("pk"):
            check = ledger.verify(matter, proofs=options["proofs"])
            totals = check.recount.totals()
            live = sum(ledger.live_totals(matter.pk).values(), start=Counter())
            agrees = {k: v for k, v in totals.items() if v} == {k: v for k, v in live.items() if v}
            ok = check.ok and agrees
            failed += not ok
            verdict = "OK" if ok else "FAILED"
            self.stdout.write(
                f"{verdict} matter {matter.pk} «{matter}»: {check.entries} entries, "
                f"final hash {check.computed_final_hash}, recount {dict(sorted(totals.items()))}"
            )
            for problem in check.problems:
                self.stdout.write(f"  - {problem.english}")
            if not agrees:
                self.stdout.write(f"  - the live tally {dict(sorted(live.items()))} differs from the recount")
        if not options["matter"]:
            # A vote deleted whole, or set back to a draft (a backup from before it opened written back): the
            # database has nothing left to check, the witness still has what was acknowledged.
            known = set(opened.values_list("pk", flat=True))
            for number in witness.votes_seen():
                if number not in known and witness.was_opened(number):
                    failed += 1
                    self.stdout.write(
                        f"FAILED matter {number}: the witness saw it opened, but the database has no such vote open "
                        "or closed (deleted, or set back to a draft)"
                    )
        if failed:
            raise CommandError(f"{failed} ledger(s) failed verification", returncode=1)
