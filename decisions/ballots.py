"""Online voting with a one-time household code: the path every phone ballot takes, kept short.

One transaction claims the household's roll entry (only if it has not voted by any way), appends the
ballot to a random lane of the ledger and bumps that lane's live counters; the receipt is returned only
after the commit, so an acknowledged ballot is never lost. The roll entry learns only "voted online"; the
ballot learns only its choices and a random receipt; the lane is random too. Nothing links the two.
"""

import random
import secrets
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta

import psycopg
from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from decisions import codes, ledger, rules
from decisions.models import LANES, CodeAttempt, EntryKind, Matter, MatterStatus, Option, RollEvent, Source, Way
from grassroots.ratelimit import client_key
from grassroots.sqlite_lock import writers_queue

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


def _recent_failures_sql(address: str) -> tuple[str, list]:
    """A scalar subquery: wrong codes from this address in the window, counted up to the limit."""
    window = timezone.now() - timedelta(minutes=settings.VOTE_CODE_WINDOW_MINUTES)
    sql = (
        "(SELECT COUNT(*) FROM (SELECT 1 FROM decisions_codeattempt WHERE client_key = %s AND at >= %s LIMIT %s)"
        " AS recent)"
    )
    return sql, [client_key(address), connection.ops.adapt_datetimefield_value(window), settings.VOTE_CODE_FAILURES]


def record_failure(address: str, now=None) -> None:
    CodeAttempt.objects.create(client_key=client_key(address), at=now or timezone.now())


def _fetchone(sql: str, params, *, read_only: bool = False):
    """Run one statement of the ballot path. On PostgreSQL through psycopg's own cursor, so that the statement
    is prepared once per connection: Django binds parameters on the client, and client-bound statements are
    planned afresh each time, which cost more than running them.

    Nor does this path pay Django's connection health check (a round trip before each request's first query, a
    quarter of a ballot's time): a read-only statement that finds its connection dropped by the server
    reconnects and runs once more instead; a write is never repeated, as it may have committed."""
    if connection.vendor != "postgresql":
        return ledger.raw_executor()(sql, params).fetchone()
    retry = read_only and not connection.in_atomic_block
    while True:
        connection.ensure_connection()
        try:
            with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
                cursor.execute(sql, params, prepare=True)
                return cursor.fetchone()
        except (OperationalError, InterfaceError):
            if not retry:
                raise
            retry = False
            connection.close()


def find_code(code: str, address: str) -> CodeHolder:
    """The roll entry a code belongs to. Wrong codes count against the address; too many and it must wait,
    right code or not, so that a guesser never learns which guess was right."""
    failures_sql, failures_params = _recent_failures_sql(address)
    normalised = codes.normalise(code)
    row = None
    if len(normalised) == codes.CODE_LENGTH:
        # The hot path is this one query: the entry, its matter's state and the address's recent failures.
        row = _fetchone(
            f"SELECT r.id, r.matter_id, r.voted_via, m.status, m.code_salt, {failures_sql} "
            "FROM decisions_rollentry r JOIN decisions_matter m ON m.id = r.matter_id WHERE r.code_hash = %s",
            [*failures_params, codes.code_hash(normalised)],
            read_only=True,
        )
    failures = row[5] if row else _fetchone(f"SELECT {failures_sql}", failures_params, read_only=True)[0]
    if failures >= settings.VOTE_CODE_FAILURES:
        raise BallotRefused("rate_limited")
    if row is None:
        record_failure(address)
        raise BallotRefused("unknown_code")
    holder = CodeHolder(*row[:5])
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


def _record(holder: CodeHolder, lane: int, receipt: str, chosen: list[str]) -> bool:
    """One transaction: claim the roll entry, append the ballot, count it. False if the entry was taken."""
    if connection.vendor == "postgresql":
        return _record_in_one_statement(holder, lane, receipt, chosen)
    with writers_queue(), transaction.atomic():
        execute = ledger.raw_executor()
        claim = execute(
            "UPDATE decisions_rollentry SET voted_via = %s WHERE id = %s AND voted_via = ''",
            [Way.ONLINE, holder.entry_id],
        )
        if claim.rowcount != 1:
            return False
        payload = ledger.ballot_payload(Source.ONLINE, receipt, chosen)
        ledger.append(holder.matter_id, lane, EntryKind.BALLOT, Source.ONLINE, payload, receipt, execute)
        keys = [ledger.VALID_KEY, *chosen]
        execute(
            "UPDATE decisions_tally SET n = n + 1 WHERE matter_id = %s AND lane = %s AND source = %s "
            f"AND key IN ({', '.join(['%s'] * len(keys))})",
            [holder.matter_id, lane, Source.ONLINE, *keys],
        )
    return True


# PostgreSQL does the whole ballot in one statement, which in autocommit is its own transaction: one round trip
# instead of seven. The lane's head is locked first; the roll entry is claimed only if the lane is open; the head
# moves on (its new hash computed by sha256() exactly as decisions.ledger.chain does) only if the claim
# succeeded; the entry and the counters follow the head. Any failure (a receipt drawn twice) undoes it all.
_ONE_STATEMENT = """
WITH head AS (
    SELECT 1 FROM decisions_chainhead
    WHERE matter_id = %(matter)s AND lane = %(lane)s AND is_open FOR UPDATE
), claim AS (
    UPDATE decisions_rollentry SET voted_via = 'online'
    WHERE id = %(entry)s AND voted_via = '' AND EXISTS (SELECT 1 FROM head) RETURNING 1
), moved AS (
    UPDATE decisions_chainhead
    SET seq = seq + 1, last_hash = encode(sha256(convert_to(last_hash || E'\\n' || %(payload)s, 'UTF8')), 'hex')
    WHERE matter_id = %(matter)s AND lane = %(lane)s AND EXISTS (SELECT 1 FROM claim)
    RETURNING seq, last_hash
), appended AS (
    INSERT INTO decisions_ledgerentry (matter_id, lane, seq, kind, source, receipt, payload, hash)
    SELECT %(matter)s, %(lane)s, seq, 'B', 'online', %(receipt)s, %(payload)s, last_hash FROM moved
    RETURNING seq
), counted AS (
    UPDATE decisions_tally SET n = n + 1
    WHERE matter_id = %(matter)s AND lane = %(lane)s AND source = 'online' AND key = ANY(%(keys)s)
      AND EXISTS (SELECT 1 FROM moved)
)
SELECT (SELECT count(*) FROM head), (SELECT count(*) FROM appended)
"""


def _record_in_one_statement(holder: CodeHolder, lane: int, receipt: str, chosen: list[str]) -> bool:
    params = {
        "matter": holder.matter_id,
        "lane": lane,
        "entry": holder.entry_id,
        "receipt": receipt,
        "payload": ledger.ballot_payload(Source.ONLINE, receipt, chosen),
        "keys": [ledger.VALID_KEY, *chosen],
    }
    # Inside a caller's transaction, a savepoint keeps that transaction usable if the statement fails.
    with transaction.atomic() if connection.in_atomic_block else nullcontext():
        open_lanes, appended = _fetchone(_ONE_STATEMENT, params)
    if not open_lanes:
        raise ledger.ChainClosed
    return appended == 1


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
    lane = (pick or _system_random.randrange)(LANES)
    for attempt in range(3):
        receipt = codes.new_receipt(randbits)
        try:
            claimed = _record(holder, lane, receipt, chosen)
            break
        except ledger.ChainClosed:
            raise BallotRefused("closed", holder.matter_id) from None
        except IntegrityError:
            # Two ballots of one matter drew the same receipt (about once in 2,000 matters of a million
            # ballots): the transaction rolled back whole; draw again.
            if attempt == 2:
                raise
    if not claimed:
        # Another way (or another tab) got there between the lookup and the claim.
        _refuse_second_vote(holder)
        raise BallotRefused("already_voted", holder.matter_id)
    return Receipt(receipt, holder.matter_id)
