"""Online voting with a one-time household code: the path every phone ballot takes, kept short.

One transaction claims the household's roll entry (only if it has not voted by any way), appends the
ballot to a random lane of the ledger and bumps that lane's live counters; the receipt is returned only
after the commit, so an acknowledged ballot is never lost. The roll entry learns only "voted online"; the
ballot learns only its choices and a random receipt; the lane is random too. Nothing links the two.
"""

import random
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from decisions import codes, ledger, rules
from decisions.models import LANES, CodeAttempt, EntryKind, Matter, MatterStatus, Option, RollEvent, Source, Way
from grassroots.ratelimit import client_key

_system_random = random.SystemRandom()


class BallotRefused(Exception):
    """Why a ballot was not taken; `reason` is a key of decisions.presentation.REFUSALS."""

    def __init__(self, reason: str, matter_id: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.matter_id = matter_id


@dataclass(frozen=True)
class BallotMeta:
    """What intake needs of a matter. Fixed once voting opens, so each worker keeps it after the first read."""

    matter_id: int
    title: str
    question: str
    kind: rules.BallotKind
    limit: int
    option_keys: tuple[str, ...]
    option_labels: tuple[str, ...]
    is_secret: bool

    @property
    def options(self) -> list[tuple[str, str]]:
        return list(zip(self.option_keys, self.option_labels, strict=True))


# Keyed on the matter's code salt too, which is new at every opening: a recreated id never hits a stale entry.
_meta: dict[tuple[int, str], BallotMeta] = {}


def ballot_meta(matter_id: int, salt: str) -> BallotMeta:
    meta = _meta.get((matter_id, salt))
    if meta is None:
        matter = Matter.objects.get(pk=matter_id)
        options = list(Option.objects.filter(matter_id=matter_id).values_list("key", "label"))
        meta = BallotMeta(
            matter_id,
            matter.title,
            matter.question,
            matter.kind,
            matter.choice_limit,
            tuple(k for k, _ in options),
            tuple(label for _, label in options),
            matter.is_secret,
        )
        if matter.status != MatterStatus.DRAFT:
            _meta[(matter_id, salt)] = meta
    return meta


@dataclass(frozen=True)
class CodeHolder:
    entry_id: int
    matter_id: int
    voted_via: str
    status: str
    salt: str


def too_many_failures(address: str, now=None) -> bool:
    now = now or timezone.now()
    window = now - timedelta(minutes=settings.VOTE_CODE_WINDOW_MINUTES)
    return CodeAttempt.objects.filter(client_key=client_key(address), at__gte=window)[
        settings.VOTE_CODE_FAILURES - 1 : settings.VOTE_CODE_FAILURES
    ].exists()


def record_failure(address: str, now=None) -> None:
    CodeAttempt.objects.create(client_key=client_key(address), at=now or timezone.now())


def find_code(code: str, address: str) -> CodeHolder:
    """The roll entry a code belongs to. Wrong codes count against the address; too many and it must wait."""
    if too_many_failures(address):
        raise BallotRefused("rate_limited")
    normalised = codes.normalise(code)
    row = None
    if len(normalised) == codes.CODE_LENGTH:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.id, r.matter_id, r.voted_via, m.status, m.code_salt FROM decisions_rollentry r "
                "JOIN decisions_matter m ON m.id = r.matter_id WHERE r.code_hash = %s",
                [codes.code_hash(normalised)],
            )
            row = cursor.fetchone()
    if row is None:
        record_failure(address)
        raise BallotRefused("unknown_code")
    holder = CodeHolder(*row)
    if holder.status != MatterStatus.OPEN:
        raise BallotRefused("closed", holder.matter_id)
    return holder


def _refuse_second_vote(holder: CodeHolder) -> None:
    RollEvent.objects.create(
        matter_id=holder.matter_id,
        entry_id=holder.entry_id,
        kind=RollEvent.Kind.REFUSED,
        attempted_via=Way.ONLINE,
        at=timezone.now(),
    )


@dataclass(frozen=True)
class Receipt:
    code: str
    matter_id: int


def cast_online(*, code: str, choices: list[str], address: str, randbits=secrets.randbits, pick=None) -> Receipt:
    """Take one household's ballot and return its receipt, or raise BallotRefused with the reason."""
    holder = find_code(code, address)
    if holder.voted_via:
        if holder.voted_via != Way.ONLINE:  # the same phone again is no conflict between ways
            _refuse_second_vote(holder)
        raise BallotRefused(f"already_{holder.voted_via}", holder.matter_id)
    meta = ballot_meta(holder.matter_id, holder.salt)
    chosen = [key for key in meta.option_keys if key in set(choices)]  # ballot order, not click order
    problem = rules.check_choices(meta.kind, list(choices), list(meta.option_keys), meta.limit)
    if problem:
        raise BallotRefused(f"choice_{problem}", holder.matter_id)
    receipt = codes.new_receipt(randbits)
    lane = (pick or _system_random.randrange)(LANES)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE decisions_rollentry SET voted_via = %s WHERE id = %s AND voted_via = ''",
                    [Way.ONLINE, holder.entry_id],
                )
                claimed = cursor.rowcount == 1
                if claimed:
                    payload = ledger.ballot_payload(Source.ONLINE, receipt, chosen)
                    ledger.append(holder.matter_id, lane, EntryKind.BALLOT, Source.ONLINE, payload, receipt)
                    keys = [ledger.VALID_KEY, *chosen]
                    cursor.execute(
                        "UPDATE decisions_tally SET n = n + 1 WHERE matter_id = %s AND lane = %s AND source = %s "
                        f"AND key IN ({', '.join(['%s'] * len(keys))})",
                        [holder.matter_id, lane, Source.ONLINE, *keys],
                    )
    except ledger.ChainClosed:
        raise BallotRefused("closed", holder.matter_id) from None
    if not claimed:
        # Another way (or another tab) got there between the lookup and the claim.
        _refuse_second_vote(holder)
        raise BallotRefused("already_voted", holder.matter_id)
    return Receipt(receipt, holder.matter_id)
