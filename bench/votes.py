"""Run inside a Django environment (the benchmark's, or the fault test's throwaway database).

votes.py prepare N        a matter open for voting with a synthetic roll of N households; prints its id
                          and its one-time codes (JSON)
votes.py prepare-secret N the same for a secret ballot, its online ballots encrypted; prints the counting
                          team's slips too
votes.py close ID FILE    close a secret matter with the slips in FILE (JSON list); prints the totals (JSON)
votes.py check ID FILE    after a run: are all acknowledged receipts (FILE, JSON list) in the ledger, none
                          twice, does the chain verify and does the live tally equal the recount (JSON)
votes.py million          a closed matter with 1,000,000 ballots (made once, kept); times the live tally
                          (median of 21) and the full recount from the ledger (median of 3) (JSON)
votes.py secret-tally N   a secret ballot with N encrypted online ballots (built in bulk, encrypted on every
                          core), then times closing it with the counting team's slips and verifying it (JSON)
"""

import json
import multiprocessing
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grassroots.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from decisions import codes, ledger, rules, secrecy, selectors, services  # noqa: E402
from decisions.models import (  # noqa: E402
    LANES,
    ChainHead,
    EntryKind,
    LedgerEntry,
    Matter,
    MatterStatus,
    Option,
    RollEntry,
    Source,
    Tally,
)
from localities.models import AdministrativeUnit, Level  # noqa: E402

MILLION_TITLE = "bench: one million ballots (sealed)"


def _village() -> AdministrativeUnit:
    village = AdministrativeUnit.objects.filter(level=Level.VILLAGE, is_active=True).order_by("path").first()
    if village is not None:
        return village
    # A fresh database (the fault test): a tiny tree of its own.
    province = AdministrativeUnit.objects.create(code="99", name="Tỉnh Thử", division_type="tỉnh", level=Level.PROVINCE)
    commune = AdministrativeUnit.objects.create(
        code="99001", name="Xã Thử", division_type="xã", level=Level.COMMUNE, parent=province
    )
    return AdministrativeUnit.objects.create(
        code="99001.001", name="Thôn Thử", division_type="thôn", level=Level.VILLAGE, parent=commune
    )


def _matter(village, title: str, status: str, **extra) -> Matter:
    matter = Matter.objects.create(
        **extra,
        village=village,
        unit_path=village.path,
        matter_type="other_self_managed",
        title=title,
        question="Đồng ý tổ chức ngày hội thôn?",
        ballot_kind="yes_no",
        electorate="households",
        status=status,
        code_salt=os.urandom(16).hex(),
        opened_at=timezone.now(),
    )
    Option.objects.bulk_create(
        [Option(matter=matter, key=k, label=label, position=i) for i, (k, label) in enumerate(services.YES_NO_OPTIONS)]
    )
    return matter


@transaction.atomic
def prepare(size: int, secret: bool = False) -> dict:
    """An open matter whose roll is `size` synthetic households (the registry is not needed to vote)."""
    village = _village()
    extra, dealt = {}, None
    if secret:
        dealt = secrecy.deal(3)
        names = ["Thành viên 1", "Thành viên 2", "Thành viên 3"]
        encryption = {"public_key": dealt.public_key, "threshold": dealt.threshold, "team": names}
        extra = {"is_secret": True, "encryption": {**encryption, "keys": dealt.verification_keys}}
    matter = _matter(village, f"bench: intake {time.time_ns()}", MatterStatus.OPEN, **extra)
    RollEntry.objects.bulk_create(
        (RollEntry(matter=matter, household_code=f"B{i:07d}", name=f"Hộ {i}", position=i) for i in range(1, size + 1)),
        batch_size=5000,
    )
    services.assign_codes(matter)
    matter.roll_size = size
    Matter.objects.filter(pk=matter.pk).update(roll_size=size)
    ledger.create_chains(matter)
    keys = [ledger.VALID_KEY, ledger.INVALID_KEY] + ([] if secret else ["yes", "no"])
    Tally.objects.bulk_create(
        Tally(matter=matter, lane=lane, source=Source.ONLINE, key=key) for lane in range(LANES) for key in keys
    )
    ids = RollEntry.objects.filter(matter=matter).order_by("position").values_list("id", flat=True)
    prepared = {"matter": matter.pk, "codes": [codes.code_for(matter.code_salt, i) for i in ids]}
    return {**prepared, "slips": dealt.shares} if dealt else prepared


def close(matter_id: int, slips: list[str]) -> dict:
    matter = services.close_voting(by=None, matter=Matter.objects.get(pk=matter_id), shares=slips)
    return {"votes": matter.result["votes"], "valid": matter.result["valid"], "final_hash": matter.final_hash}


def check(matter_id: int, receipts: list[str]) -> dict:
    matter = Matter.objects.get(pk=matter_id)
    stored = Counter(LedgerEntry.objects.filter(matter=matter, kind=EntryKind.BALLOT).values_list("receipt", flat=True))
    verification = ledger.verify(matter)
    live = Counter()
    for cells in ledger.live_totals(matter.pk).values():
        live.update(cells)
    recount = +verification.recount.totals()
    voted = RollEntry.objects.filter(matter=matter).exclude(voted_via="").count()
    return {
        "acknowledged": len(receipts),
        "missing": sum(1 for r in receipts if r not in stored),
        "duplicates": sum(n - 1 for n in stored.values() if n > 1) + (len(receipts) - len(set(receipts))),
        "ballots": sum(stored.values()),
        "households_marked_voted": voted,
        "chain_ok": verification.ok,
        "tally_agrees": +live == recount,
    }


class _Chains:
    """Ballots appended in bulk, round-robin over the lanes, hashed as intake hashes them, each under a receipt
    of its own."""

    def __init__(self, matter: Matter, heads: list[str], rng: random.Random):
        self.matter, self.heads, self.rng = matter, heads, rng
        self.seqs = [0] * LANES
        self.batch: list[LedgerEntry] = []
        self.used: set[str] = set()

    def add(self, kind: str, payload_of) -> int:
        """Append the ballot `payload_of(receipt)`; returns its lane."""
        lane = sum(self.seqs) % LANES
        receipt = codes.new_receipt(self.rng.getrandbits)
        while receipt in self.used:
            receipt = codes.new_receipt(self.rng.getrandbits)
        self.used.add(receipt)
        payload = payload_of(receipt)
        self.seqs[lane] += 1
        self.heads[lane] = ledger.chain(self.heads[lane], payload)
        self.batch.append(
            LedgerEntry(
                matter=self.matter,
                lane=lane,
                seq=self.seqs[lane],
                kind=kind,
                source=Source.ONLINE,
                receipt=receipt,
                payload=payload,
                hash=self.heads[lane],
            )
        )
        if len(self.batch) == 20000:
            self.flush()
        return lane

    def flush(self) -> None:
        LedgerEntry.objects.bulk_create(self.batch)
        self.batch = []


def _million() -> Matter:
    """1,000,000 online ballots over the lanes, with their live counters: built in bulk, hashed properly."""
    existing = Matter.objects.filter(title=MILLION_TITLE).first()
    if existing is not None:
        return existing
    started = time.monotonic()
    rng = random.Random(1)
    with transaction.atomic():
        # A ledger without a roll (the recount reads the ledger); the roll's size is then 0, as the seals say.
        matter = _matter(_village(), MILLION_TITLE, MatterStatus.OPEN)
        opening = ledger.opening_digest(matter)
        chains = _Chains(matter, [ledger.genesis(matter.pk, lane, opening) for lane in range(LANES)], rng)
        counts = [Counter() for _ in range(LANES)]
        for _ in range(1_000_000):
            choice = "yes" if rng.random() < 0.58 else "no"
            lane = chains.add(
                EntryKind.BALLOT, lambda receipt, c=choice: ledger.ballot_payload(Source.ONLINE, receipt, [c])
            )
            counts[lane][choice] += 1
            counts[lane][ledger.VALID_KEY] += 1
        chains.flush()
        heads, seqs = chains.heads, chains.seqs
        ChainHead.objects.bulk_create(
            ChainHead(
                matter=matter,
                lane=lane,
                seq=seqs[lane],
                last_hash=heads[lane],
                is_open=False,
                mac=ledger.head_mac(matter.pk, lane, seqs[lane], heads[lane], False),
            )
            for lane in range(LANES)
        )
        Tally.objects.bulk_create(
            Tally(matter=matter, lane=lane, source=Source.ONLINE, key=key, n=counts[lane][key])
            for lane in range(LANES)
            for key in ("yes", "no", ledger.VALID_KEY, ledger.INVALID_KEY)
        )
        total = sum(counts, Counter())
        votes = {key: total[key] for key in ("yes", "no")}
        counts_now = rules.Counts(roll=0, participants=0, valid=total[ledger.VALID_KEY], invalid=0, votes=votes)
        matter.result = rules.result_record(matter.rule, matter.kind, counts_now, 1, version=matter.rule_version)
        final = ledger.final_hash(heads, ledger.closing_digest(matter))
        Matter.objects.filter(pk=matter.pk).update(
            status=MatterStatus.CLOSED,
            result=matter.result,
            final_hash=final,
            seal=ledger.server_seal(final),
            closed_at=timezone.now(),
        )
    print(f"[votes] built the 1,000,000-ballot matter in {time.monotonic() - started:.0f}s", file=sys.stderr)
    return Matter.objects.get(pk=matter.pk)


def million() -> dict:
    matter = _million()
    tally_ms = []
    for _ in range(21):
        started = time.perf_counter()
        rows, valid, _invalid = selectors.option_counts(matter)
        tally_ms.append((time.perf_counter() - started) * 1000)
    live = {row.key: row.total for row in rows}
    recount_s = []
    for _ in range(3):
        started = time.perf_counter()
        verification = ledger.verify(matter)
        recount_s.append(time.perf_counter() - started)
    totals = verification.recount.totals()
    return {
        "ballots": sum(valid.values()),
        "tally_ms": round(statistics.median(tally_ms), 2),
        "tally_max_ms": round(max(tally_ms), 2),
        "recount_s": round(statistics.median(recount_s), 2),
        "recount_max_s": round(max(recount_s), 2),
        "recount_agrees": all(totals[k] == n for k, n in live.items()) and verification.ok,
        "votes": live,
    }


def _encrypt(args) -> str:
    public_key, context, marks = args
    return secrecy.encrypt_ballot(public_key, context, marks, [1])


def _secret_ballots(n: int) -> tuple[int, list[str], Counter]:
    """An open secret yes/no matter with `n` encrypted online ballots, chained and counted as intake would."""
    from django.db import connection

    prepared = prepare(n, secret=True)
    matter = Matter.objects.get(pk=prepared["matter"])
    public_key = matter.encryption["public_key"]
    context = ledger.ballot_context(matter.pk, public_key)
    rng = random.Random(2)
    chosen = ["yes" if rng.random() < 0.58 else "no" for _ in range(n)]
    connection.close()  # the pool forks: no connection crosses into it
    with multiprocessing.Pool() as pool:
        sealed = pool.map(
            _encrypt, ((public_key, context, [int(c == "yes"), int(c == "no")]) for c in chosen), chunksize=500
        )
    with transaction.atomic():
        heads = list(ChainHead.objects.filter(matter=matter).order_by("lane"))
        chains = _Chains(matter, [head.last_hash for head in heads], rng)
        for marks in sealed:
            chains.add(
                EntryKind.SECRET_BALLOT,
                lambda receipt, m=marks: ledger.sealed_ballot_payload(Source.ONLINE, receipt, m),
            )
        chains.flush()
        for head in heads:
            head.seq, head.last_hash = chains.seqs[head.lane], chains.heads[head.lane]
            head.mac = ledger.head_mac(matter.pk, head.lane, head.seq, head.last_hash, True)
            Tally.objects.filter(matter=matter, lane=head.lane, source=Source.ONLINE, key=ledger.VALID_KEY).update(
                n=head.seq
            )
        ChainHead.objects.bulk_update(heads, ["seq", "last_hash", "mac"])
        RollEntry.objects.filter(matter=matter).update(voted_via="online")
        ledger.seal_roll_states(matter.pk)  # as each ballot's claim would have
    return matter.pk, prepared["slips"], Counter(chosen)


def secret_tally(n: int) -> dict:
    started = time.monotonic()
    matter_id, slips, chosen = _secret_ballots(n)
    built_s = time.monotonic() - started
    team = len(slips)
    started = time.perf_counter()
    matter = services.close_voting(
        by=None, matter=Matter.objects.get(pk=matter_id), shares=slips[: secrecy.majority(team)]
    )
    close_s = time.perf_counter() - started
    started = time.perf_counter()
    verification = ledger.verify(matter)
    verify_s = time.perf_counter() - started
    return {
        "ballots": n,
        "close_s": round(close_s, 2),
        "verify_s": round(verify_s, 2),
        "built_s": round(built_s, 1),
        "slips_used": secrecy.majority(team),
        "team": team,
        "verifies": verification.ok,
        "totals_agree": matter.result["votes"] == dict(chosen),
    }


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "prepare":
        print(json.dumps(prepare(int(sys.argv[2]))))
    elif command == "prepare-secret":
        print(json.dumps(prepare(int(sys.argv[2]), secret=True)))
    elif command == "close":
        print(json.dumps(close(int(sys.argv[2]), json.loads(Path(sys.argv[3]).read_text()))))
    elif command == "check":
        print(json.dumps(check(int(sys.argv[2]), json.loads(Path(sys.argv[3]).read_text()))))
    elif command == "million":
        print(json.dumps(million()))
    elif command == "secret-tally":
        print(json.dumps(secret_tally(int(sys.argv[2]))))
    else:
        raise SystemExit(__doc__)
