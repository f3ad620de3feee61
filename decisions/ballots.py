"""Online voting with a one-time household code: the path every phone ballot takes, kept short.

One transaction claims the household's roll entry (only if it has not voted by any way), appends the
ballot to a random lane of the ledger and bumps that lane's live counters; the receipt is returned only
after the commit, so an acknowledged ballot is never lost. The roll entry learns only "voted online"; the
ballot learns only its choices and a random receipt; the lane is random too. Nothing links the two.
"""

import itertools
import random
import secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, InterfaceError, OperationalError, connections, transaction
from django.utils import timezone

from decisions import codes, ledger, rules, secrecy, witness
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
    salt: str  # new at every opening: a recreated id never matches a stale entry
    title: str
    question: str
    kind: rules.BallotKind
    limit: int
    option_keys: tuple[str, ...]
    option_labels: tuple[str, ...]
    is_secret: bool
    public_key: str = ""  # a secret ballot's online ballots are encrypted with it (decisions.secrecy)

    @property
    def options(self) -> list[tuple[str, str]]:
        return list(zip(self.option_keys, self.option_labels, strict=True))


_meta: dict[int, BallotMeta] = {}


def ballot_meta(matter_id: int, salt: str) -> BallotMeta:
    meta = _meta.get(matter_id)
    if meta is None or meta.salt != salt:
        matter = Matter.objects.get(pk=matter_id)
        options = list(Option.objects.filter(matter_id=matter_id).values_list("key", "label"))
        meta = BallotMeta(
            matter_id,
            matter.code_salt,
            matter.title,
            matter.question,
            matter.kind,
            matter.choice_limit,
            tuple(k for k, _ in options),
            tuple(label for _, label in options),
            matter.is_secret,
            (matter.encryption or {}).get("public_key", ""),
        )
        if matter.status != MatterStatus.DRAFT:
            _meta[matter_id] = meta
    return meta


@dataclass(frozen=True)
class CodeHolder:
    entry_id: int
    matter_id: int
    voted_via: str
    status: str
    salt: str


@dataclass(frozen=True)
class Sender:
    """Who sends a code: the client's address and, from a browser that was shown the voting page, its device
    (a random id in a signed cookie, decisions.public). Wrong codes hold back the device — or an address's
    senders without one, together — at VOTE_CODE_FAILURES in the window, and the whole address only at
    VOTE_CODE_FAILURES_PER_ADDRESS: a guesser behind a village's shared address slows itself down, not the
    neighbours voting beside it."""

    address: str
    device: str = ""

    @property
    def key(self) -> str:
        return client_key(f"{self.address}|device:{self.device}" if self.device else self.address)

    @property
    def address_key(self) -> str:
        return client_key(self.address)

    @property
    def established(self) -> bool:
        """A browser given its device id before the window began (the id carries its time, signed): it was there
        before any flood now going on, so the address-wide brake holds it back only at a far larger flood (its own
        brake still does at ten). A bot that changes its cookie to get round its own brake only has new ones."""
        _, _, issued = self.device.rpartition(".")
        window = settings.VOTE_CODE_WINDOW_MINUTES * 60
        return issued.isdigit() and time.time() - int(issued) >= window

    @property
    def address_cap(self) -> int:
        """The address-wide brake for this sender: an established browser is held back only by a flood five times
        larger, so that a guesser with many aged cookies still has a ceiling (a fresh attack harvested 40)."""
        cap = settings.VOTE_CODE_FAILURES_PER_ADDRESS
        return cap * 5 if self.device and self.established else cap


def _recent_failures_sql(db, sender: Sender) -> tuple[str, list]:
    """A scalar subquery: the sender's wrong codes in the window, counted up to the limit — or the limit itself
    when the address as a whole has reached its own."""
    since = db.ops.adapt_datetimefield_value(timezone.now() - timedelta(minutes=settings.VOTE_CODE_WINDOW_MINUTES))
    limit, cap = settings.VOTE_CODE_FAILURES, sender.address_cap
    sql = (
        "(CASE WHEN (SELECT COUNT(*) FROM (SELECT 1 FROM decisions_codeattempt WHERE address_key = %s AND at >= %s"
        " LIMIT %s) AS everyone) >= %s THEN %s ELSE (SELECT COUNT(*) FROM (SELECT 1 FROM decisions_codeattempt"
        " WHERE client_key = %s AND at >= %s LIMIT %s) AS recent) END)"
    )
    return sql, [sender.address_key, since, cap, cap, limit, sender.key, since, limit]


def refuse_if_braked(sender: Sender) -> None:
    """The same brake on wrong codes for any other page that takes a household's code (a citizens' initiative):
    one guesser is held back wherever it types."""
    db = connections[DEFAULT_DB_ALIAS]
    sql, params = _recent_failures_sql(db, sender)
    if _fetchone(db, f"SELECT {sql}", params, read_only=True)[0] >= settings.VOTE_CODE_FAILURES:
        raise BallotRefused("rate_limited")


def record_failure(sender: Sender, code: str = "", now=None) -> None:
    """Count a wrong code against the sender, once per code in the window: a household retyping the same
    misread code is not a guesser trying new ones."""
    now = now or timezone.now()
    key, code_key = sender.key, client_key(f"code:{codes.normalise(code)}")[:16]
    window = now - timedelta(minutes=settings.VOTE_CODE_WINDOW_MINUTES)
    if not CodeAttempt.objects.filter(client_key=key, at__gte=window, code_key=code_key).exists():
        CodeAttempt.objects.create(client_key=key, address_key=sender.address_key, code_key=code_key, at=now)


def _fetchone(db, sql: str, params, *, read_only: bool = False):
    """Run one statement of the ballot path. On PostgreSQL through psycopg's own cursor, so that the statement
    is prepared once per connection: Django binds parameters on the client, and client-bound statements are
    planned afresh each time, which cost more than running them.

    Nor does this path pay Django's connection health check (a round trip before each request's first query, a
    quarter of a ballot's time): a read-only statement that finds its connection dropped by the server
    reconnects and runs once more instead. A write is not repeated here, as it may have committed (the ballot
    looks its receipt up first: _cast_in_one_statement)."""
    if db.vendor != "postgresql":
        return ledger.raw_executor(db)(sql, params).fetchone()
    retry = read_only and not db.in_atomic_block
    while True:
        db.ensure_connection()
        try:
            with db.wrap_database_errors, psycopg.Cursor(db.connection) as cursor:
                cursor.execute(sql, params, prepare=True)
                return cursor.fetchone()
        except (OperationalError, InterfaceError):
            if not retry:
                raise
            retry = False
            db.close()


# A matter decided only at the meeting and on ballot sheets (Law 10/2022 Art. 17 §2: online voting is for other
# self-managed work only) looks to an online ballot like one that is not open: its codes vote on paper.
NOT_ONLINE = "not_online"
# The matter's type is checked too: a flag turned on in the database does not make online voting lawful.
_ONLINE_KINDS = ", ".join(f"'{code}'" for code, rule in rules.LAW_2023.rules.items() if rule.online_allowed)
_ONLINE_STATUS = (
    f"CASE WHEN m.online_voting AND (m.matter_type IN ({_ONLINE_KINDS}) OR m.rule_version = "
    f"'{rules.FIRST_READING.version}') THEN m.status ELSE '{NOT_ONLINE}' END"
)


def find_code(code: str, address: str, db=None, device: str = "") -> CodeHolder:
    """The roll entry a code belongs to. Wrong codes count against the sender (Sender); too many and it must
    wait, right code or not, so that a guesser never learns which guess was right."""
    db = db or connections[DEFAULT_DB_ALIAS]
    sender = Sender(address, device)
    failures_sql, failures_params = _recent_failures_sql(db, sender)
    normalised = codes.normalise(code)
    row = None
    if len(normalised) == codes.CODE_LENGTH:
        # The hot path is this one query: the entry, its matter's state and the address's recent failures.
        row = _fetchone(
            db,
            f"SELECT {failures_sql}, r.id, r.matter_id, r.voted_via, {_ONLINE_STATUS}, m.code_salt "
            "FROM decisions_rollentry r JOIN decisions_matter m ON m.id = r.matter_id"
            f" WHERE r.code_hash = %s AND {codes.CHECK_SQL[db.vendor]}",
            [*failures_params, codes.code_hash(normalised), codes.binding_key()],
            read_only=True,
        )
    if row is None:
        failures = _fetchone(db, f"SELECT {failures_sql}", failures_params, read_only=True)[0]
        return _holder_or_refusal(failures, None, sender, code)
    return _holder_or_refusal(row[0], row[1:], sender, code)


def _holder_or_refusal(failures: int, found, sender: Sender, code: str) -> CodeHolder:
    # A brake, not a lock: past the limit of wrong codes in the (short) window the client waits until the oldest
    # falls out of it, right code or not, so that a guesser never learns which guess was right. Guessing stays
    # hopeless (10 a minute against 50-bit codes), and a village behind one address waits a minute at most.
    if failures >= settings.VOTE_CODE_FAILURES:
        raise BallotRefused("rate_limited")
    if found is None:
        record_failure(sender, code)
        raise BallotRefused("unknown_code")
    holder = CodeHolder(*found)
    if holder.status == NOT_ONLINE:
        raise BallotRefused("not_online", holder.matter_id)
    if holder.status != MatterStatus.OPEN:
        raise BallotRefused("closed", holder.matter_id)
    return holder


def _refuse_if_voted(holder: CodeHolder) -> None:
    if holder.voted_via:
        if holder.voted_via != Way.ONLINE:  # the same phone again is no conflict between ways
            _refuse_second_vote(holder)
        raise BallotRefused(f"already_{holder.voted_via}", holder.matter_id)


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


@dataclass(frozen=True)
class Entry:
    """What a ballot adds to the ledger and to the live counters."""

    kind: str
    payload: str
    keys: list[str]


def _entry(meta: BallotMeta, receipt: str, chosen: list[str], sealed: str | None) -> Entry:
    if sealed is not None:
        # Encrypted, it adds only to the count of valid ballots: its choices are known once the totals are opened.
        payload = ledger.sealed_ballot_payload(Source.ONLINE, receipt, sealed)
        return Entry(EntryKind.SECRET_BALLOT, payload, [ledger.VALID_KEY])
    return Entry(EntryKind.BALLOT, ledger.ballot_payload(Source.ONLINE, receipt, chosen), [ledger.VALID_KEY, *chosen])


def _seal(meta: BallotMeta, chosen: list[str]) -> str | None:
    """A secret ballot's choices encrypted with proofs (about a millisecond), once per ballot; None for an open one."""
    if not meta.public_key:
        return None
    marks = [1 if key in chosen else 0 for key in meta.option_keys]
    context = ledger.ballot_context(meta.matter_id, meta.public_key)
    return secrecy.encrypt_ballot(meta.public_key, context, marks, ledger.allowed_totals(meta.kind, meta.limit))


def _record(db, meta: BallotMeta, lane: int, receipt: str, entry: Entry, claim: tuple[str, list]) -> bool:
    """SQLite: one transaction claims the roll entry (`claim`: the statement and its parameters), appends the
    ballot and counts it. False, with nothing written, if the claim found no entry to take."""
    with writers_queue(db), _sqlite_transaction(db):
        execute = ledger.raw_executor(db)
        if execute(*claim).rowcount != 1:
            return False
        ledger.append(meta.matter_id, lane, entry.kind, Source.ONLINE, entry.payload, receipt, execute, False)
        keys = entry.keys
        execute(
            "UPDATE decisions_tally SET n = n + 1 WHERE matter_id = %s AND lane = %s AND source = %s "
            f"AND key IN ({', '.join(['%s'] * len(keys))})",
            [meta.matter_id, lane, Source.ONLINE, *keys],
        )
    return True


# The entry's state check as it will be once it voted online (decisions.ledger.roll_state_check), and as it must
# be now: a claim takes only an entry whose state the server wrote, so that claiming does not launder an entry set
# back to "not voted" in the database. On SQLite, as the two claims below are (PostgreSQL claims in _ONE_STATEMENT).
_ONLINE_STATE = ledger.roll_state_sql("sqlite", f"'{Way.ONLINE}'")
_STATE = ledger.roll_state_sql("sqlite")


def _claim_entry(holder: CodeHolder) -> tuple[str, list]:
    """The entry found by find_code, if it has still not voted."""
    sql = (
        f"UPDATE decisions_rollentry SET voted_via = %s, state_check = {_ONLINE_STATE} WHERE id = %s AND voted_via = ''"
        f" AND state_check = {_STATE}"
    )
    return sql, [Way.ONLINE, ledger.roll_state_key(), holder.entry_id, ledger.roll_state_key()]


def _claim_by_code(db, meta: BallotMeta, code: str, sender: Sender) -> tuple[str, list]:
    """The entry a code opens, found and claimed in one statement, on the conditions find_code checks one by one:
    the address is not held back, the code is this matter's (this opening of it), the matter is open and the
    household has not voted. When it takes nothing, the long way says why."""
    failures_sql, failures_params = _recent_failures_sql(db, sender)
    return (
        f"UPDATE decisions_rollentry AS r SET voted_via = %s, state_check = {_ONLINE_STATE} WHERE code_hash = %s"
        f" AND {codes.CHECK_SQL[db.vendor]} AND matter_id = %s AND voted_via = '' AND state_check = {_STATE}"
        f" AND {failures_sql} < %s AND EXISTS (SELECT 1 FROM decisions_matter"
        f" WHERE id = %s AND status = %s AND code_salt = %s AND online_voting AND (matter_type IN ({_ONLINE_KINDS})"
        f" OR rule_version = '{rules.FIRST_READING.version}'))",
        [
            Way.ONLINE,
            ledger.roll_state_key(),
            codes.code_hash(code),
            codes.binding_key(),
            meta.matter_id,
            ledger.roll_state_key(),
            *failures_params,
            settings.VOTE_CODE_FAILURES,
            meta.matter_id,
            MatterStatus.OPEN,
            meta.salt,
        ],
    )


@contextmanager
def _sqlite_transaction(db):
    """BEGIN IMMEDIATE … COMMIT on the sqlite3 connection, as Django's atomic() does outside any transaction
    (its bookkeeping cost a tenth of a ballot); inside a caller's transaction, a savepoint as usual."""
    if db.in_atomic_block:
        with transaction.atomic(using=db.alias):
            yield
        return
    # The request may not have touched the database yet: a worker's first request, a connection closed for being
    # older than CONN_MAX_AGE, every request on runserver.
    db.ensure_connection()
    raw = db.connection
    with db.wrap_database_errors:
        raw.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        raw.rollback()
        raise
    with db.wrap_database_errors:
        raw.commit()


# PostgreSQL takes the whole ballot in one statement, which in autocommit is its own transaction: one round trip
# for what is otherwise a lookup and seven writes. It finds the code's roll entry and the address's recent wrong
# codes; it goes on only if the address is not held back, the entry belongs to the matter whose ballot was
# filled in (and to this opening of it: the salt) and has not voted by any way. Then the lane's head is locked;
# the entry is claimed; the head moves on (its new hash computed by sha256() exactly as decisions.ledger.chain
# does) only if the claim succeeded; the ledger entry and the counters follow the head. Any failure (a receipt
# drawn twice) undoes it all. The last line tells the caller what it found, so that a refusal says why.
_ONE_STATEMENT = f"""
WITH failures AS (
    SELECT CASE WHEN (
        SELECT count(*) FROM (
            SELECT 1 FROM decisions_codeattempt WHERE address_key = %(address)s AND at >= %(since)s LIMIT %(cap)s
        ) AS everyone
    ) >= %(cap)s THEN %(limit)s ELSE (
        SELECT count(*) FROM (
            SELECT 1 FROM decisions_codeattempt WHERE client_key = %(client)s AND at >= %(since)s LIMIT %(limit)s
        ) AS recent
    ) END AS n
), holder AS (
    SELECT r.id, r.matter_id, r.voted_via, {_ONLINE_STATUS} AS status, m.code_salt
    FROM decisions_rollentry r JOIN decisions_matter m ON m.id = r.matter_id
    WHERE r.code_hash = %(code)s AND {codes.CHECK_SQL["postgresql"].replace("%s", "%(binding)s")}
), head AS (
    SELECT 1 FROM decisions_chainhead
    WHERE matter_id = %(matter)s AND lane = %(lane)s AND is_open
      AND mac = {ledger._head_mac_sql("postgresql", "%(head_key)s", "seq", "last_hash")} AND EXISTS (
        SELECT 1 FROM holder, failures
        WHERE failures.n < %(limit)s AND holder.matter_id = %(matter)s AND holder.code_salt = %(salt)s
          AND holder.status = '{MatterStatus.OPEN}' AND holder.voted_via = ''
    )
    FOR UPDATE
), claim AS (
    UPDATE decisions_rollentry SET voted_via = '{Way.ONLINE}',
        state_check = {ledger.roll_state_sql("postgresql", f"'{Way.ONLINE}'").replace("%s", "%(state_key)s")}
    WHERE id = (SELECT id FROM holder) AND voted_via = ''
      AND state_check = {ledger.roll_state_sql("postgresql").replace("%s", "%(state_key)s")}
      AND EXISTS (SELECT 1 FROM head) RETURNING 1
), moved AS (
    UPDATE decisions_chainhead
    SET seq = seq + 1, last_hash = {ledger.NEXT_HASH["postgresql"].replace("%s", "%(payload)s")},
        mac = {
    ledger._head_mac_sql(
        "postgresql", "%(head_key)s", "seq + 1", ledger.NEXT_HASH["postgresql"].replace("%s", "%(payload)s")
    )
}
    WHERE matter_id = %(matter)s AND lane = %(lane)s AND EXISTS (SELECT 1 FROM claim)
    RETURNING seq, last_hash
), appended AS (
    INSERT INTO decisions_ledgerentry (matter_id, lane, seq, kind, source, receipt, payload, hash)
    SELECT %(matter)s, %(lane)s, seq, %(kind)s, '{Source.ONLINE}', %(receipt)s, %(payload)s, last_hash
    FROM moved
    RETURNING seq
), counted AS (
    UPDATE decisions_tally SET n = n + 1
    WHERE matter_id = %(matter)s AND lane = %(lane)s AND source = '{Source.ONLINE}' AND key = ANY(%(keys)s)
      AND EXISTS (SELECT 1 FROM moved)
)
SELECT failures.n, holder.id, holder.matter_id, holder.voted_via, holder.status, holder.code_salt,
       (SELECT count(*) FROM head), (SELECT count(*) FROM appended)
FROM failures LEFT JOIN holder ON true
"""


def _cast_in_one_statement(db, meta: BallotMeta, code: str, sender: Sender, lane: int, receipt: str, entry: Entry):
    """PostgreSQL: the ballot in one statement. Returns True when it is taken, or None when the code belongs to
    another matter than `meta` (the caller takes the long way); raises BallotRefused with the reason otherwise.

    A connection that fails under the statement leaves its fate unknown: after reconnecting, the receipt is
    looked up, and the statement runs once more only if it is not in the ledger. A second run cannot count the
    household twice, as it claims the roll entry only if no ballot did."""
    window = timezone.now() - timedelta(minutes=settings.VOTE_CODE_WINDOW_MINUTES)
    params = {
        "client": sender.key,
        "address": sender.address_key,
        "since": window,
        "limit": settings.VOTE_CODE_FAILURES,
        "cap": sender.address_cap,
        "code": codes.code_hash(code),
        "binding": codes.binding_key(),
        "head_key": ledger.head_key(),
        "state_key": ledger.roll_state_key(),
        "matter": meta.matter_id,
        "salt": meta.salt,
        "lane": lane,
        "receipt": receipt,
        "kind": entry.kind,
        "payload": entry.payload,
        "keys": entry.keys,
    }
    if db.in_atomic_block:
        # Inside a caller's transaction, a savepoint keeps that transaction usable if the statement fails.
        with transaction.atomic(using=db.alias):
            row = _fetchone(db, _ONE_STATEMENT, params)
    else:
        try:
            row = _fetchone(db, _ONE_STATEMENT, params)
        except (OperationalError, InterfaceError):
            db.close()
            if _fetchone(db, _RECEIPT_TAKEN, [meta.matter_id, receipt], read_only=True):
                return True
            row = _fetchone(db, _ONE_STATEMENT, params)
    failures, entry_id, matter_id, voted_via, status, salt, heads, appended = row
    if appended:
        return True
    found = (entry_id, matter_id, voted_via, status, salt) if entry_id else None
    holder = _holder_or_refusal(failures, found, sender, code)
    if holder.matter_id != meta.matter_id or holder.salt != meta.salt:
        return None
    _refuse_if_voted(holder)
    if not heads:
        raise ledger.ChainClosed
    # The entry was free when read, yet claimed by another way (or tab) before this statement could.
    _refuse_second_vote(holder)
    raise BallotRefused("already_voted", holder.matter_id)


_RECEIPT_TAKEN = "SELECT 1 FROM decisions_ledgerentry WHERE matter_id = %s AND receipt = %s"


def _known_meta(matter_id) -> BallotMeta | None:
    """The ballot a worker has already served for this matter, if any (the fast path needs no lookup first)."""
    try:
        return _meta.get(int(matter_id))
    except (TypeError, ValueError):
        return None


def cast_online(
    *,
    code: str,
    choices: list[str],
    address: str,
    device: str = "",
    matter_id=None,
    randbits=secrets.randbits,
    pick=None,
) -> Receipt:
    """Take one household's ballot and return its receipt, or raise BallotRefused with the reason.

    `matter_id` is the matter whose ballot the household filled in (the form carries it). When this worker knows
    that ballot (it showed it) and the choices fit it, the code is checked in the same statement that claims the
    household's entry. Otherwise the code is looked up first, which also tells why a ballot is refused; so it is
    when that statement finds the code is another matter's (PostgreSQL: any other refusal it explains itself) or
    takes nothing (SQLite)."""
    db = connections[DEFAULT_DB_ALIAS]
    sender = Sender(address, device)
    meta = _known_meta(matter_id)
    if meta is not None and not rules.check_choices(meta.kind, list(choices), list(meta.option_keys), meta.limit):
        receipt = _take(db, meta, code, sender, choices, None, randbits, pick)
        if receipt is not None:
            return receipt
    holder = find_code(code, address, db, device)
    if matter_id not in (None, "") and str(matter_id) != str(holder.matter_id):
        # The ballot was filled in for another question than the one this code votes on: never counted there.
        raise BallotRefused("other_matter", holder.matter_id)
    _refuse_if_voted(holder)
    meta = ballot_meta(holder.matter_id, holder.salt)
    problem = rules.check_choices(meta.kind, list(choices), list(meta.option_keys), meta.limit)
    if problem:
        raise BallotRefused(f"choice_{problem}", holder.matter_id)
    receipt = _take(db, meta, code, sender, choices, holder, randbits, pick)
    if receipt is None:
        # Another way (or another tab) got there between the lookup and the claim.
        _refuse_second_vote(holder)
        raise BallotRefused("already_voted", holder.matter_id)
    return receipt


def _take(db, meta, code, sender, choices, holder, randbits, pick) -> Receipt | None:
    """Record the ballot on `meta`; None if the household's entry could not be claimed (see cast_online)."""
    chosen = [key for key in meta.option_keys if key in set(choices)]  # ballot order, not click order
    sealed = _seal(meta, chosen)
    lane = (pick or _system_random.randrange)(LANES)
    for attempt in itertools.count(1):
        receipt = codes.new_receipt(randbits)
        entry = _entry(meta, receipt, chosen, sealed)
        try:
            if db.vendor == "postgresql":
                taken = _cast_in_one_statement(db, meta, code, sender, lane, receipt, entry)
            else:
                claim = _claim_entry(holder) if holder else _claim_by_code(db, meta, code, sender)
                taken = _record(db, meta, lane, receipt, entry, claim)
        except ledger.ChainClosed:
            raise BallotRefused("closed", meta.matter_id) from None
        except IntegrityError:
            # Two ballots of one matter drew the same receipt (about once in 2,000 matters of a million
            # ballots): the transaction rolled back whole; draw again.
            if attempt == 3:
                raise
            continue
        if not taken:
            return None
        # Committed: the witness notes the receipt (outside the database) before the voter is told.
        witness.ballot(meta.matter_id, receipt, db)
        return Receipt(receipt, meta.matter_id)
