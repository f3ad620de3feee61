"""The append-only ledger of a matter: ballots and entered counts in hash chains.

Each matter has `LANES` chains. An entry's hash is sha256(previous hash + "\\n" + payload), the first
previous hash being the lane's genesis (derived from the matter id, so entries cannot be moved between
matters). Closing joins the lane heads into the final hash, which is published. Anyone holding the ledger
can recompute every hash, the final hash and the tally; changing, removing or reordering any entry shows.

Payloads are short canonical text, parsed without JSON so that a million can be recounted in seconds:
  ballot  B|<source>|<receipt>|<choice,choice…>[|<household code, open ballots entered per sheet>]
          an invalid ballot has "!" for its choices
  count   C|<source>|<valid>|<invalid>|<key=n,key=n…>|<user id>|<ISO time>
  secret  E|<source>|<receipt>|<base64: each option's encrypted pair and its proofs, then the ballot's proof>
  opened  D|<source>|<key=n,key=n…>|<base64: for each option, each member's part of opening its summed pair>
          (decisions.secrecy; the totals of a secret ballot's online ballots, entered once, at closing)
"""

import base64
import hashlib
import hmac
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Min, Q, Sum
from django.utils.translation import gettext, gettext_noop

from decisions import codes, secrecy, witness
from decisions.models import (
    LANES,
    VOTED,
    ChainHead,
    EntryKind,
    LedgerEntry,
    Matter,
    MatterStatus,
    Recognition,
    RollEntry,
    Tally,
)

INVALID = "!"
VALID_KEY = "#valid"
INVALID_KEY = "#invalid"


@dataclass(frozen=True)
class Problem:
    """What verification found wrong, kept untranslated (a verification is cached and read in either language):
    str() gives it in the active language, `english` as written here."""

    message: str
    params: tuple = ()

    @classmethod
    def of(cls, message: str, **params) -> "Problem":
        return cls(message, tuple(sorted(params.items())))

    def __str__(self) -> str:
        return gettext(self.message) % dict(self.params)

    @property
    def english(self) -> str:
        return self.message % dict(self.params)


def genesis(matter_id: int, lane: int, opening: str) -> str:
    """A lane's first previous hash: the matter, the lane, and what voting opened with (`opening_digest`)."""
    return hashlib.sha256(f"grassroots/decisions/matter/{matter_id}/lane/{lane}/opening/{opening}".encode()).hexdigest()


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def opening_digest(matter: Matter) -> str:
    """What a vote opens with and must not change after: the frozen roll (each household's place, code, name and
    address), its size, the options and a secret ballot's key. Every lane's genesis carries it, so an edit to any
    of them breaks every chain."""
    digest = hashlib.sha256()
    digest.update(_canonical([matter.roll_size, matter.encryption, matter.kind.value, matter.choice_limit]).encode())
    if matter.ledger_format >= 2:
        # What decides how the count becomes a result, and what residents were asked: changing the matter's type
        # changes its rule (a whole-roll threshold becomes one of valid ballots), changing the question what was
        # adopted. A format set back to 1 gives another genesis, so it breaks the chains too.
        settings_of_vote = [
            matter.matter_type,
            matter.title,
            matter.question,
            matter.seats,
            matter.is_secret,
            matter.electorate,
            matter.village_id,
            matter.round,
            matter.revote_of_id,
        ]
        if matter.ledger_format >= 3:
            # From format 3 each roll entry carries its state check (roll_state_check): the format itself is in
            # the genesis, so that setting it back to skip that check breaks the chains.
            settings_of_vote.append(matter.ledger_format)
        if matter.ledger_format >= 4:
            # The rule book decides the threshold (set back to another book, a result would recount differently),
            # and online voting is lawful for some matters only: turned on in the database, it would take ballots.
            settings_of_vote += [
                matter.rule_version,
                matter.online_voting,
                matter.online_chosen_on.isoformat() if matter.online_chosen_on else None,
                matter.online_chosen_households,
            ]
        digest.update(_canonical(settings_of_vote).encode())
    for key, label in matter.options.order_by("position", "id").values_list("key", "label"):
        digest.update(f"\n{key}|{label}".encode())
    rows = matter.roll.order_by("position").values_list("position", "household_code", "name", "address")
    for position, code, name, address in rows.iterator(20000):
        digest.update(f"\n{position}|{code}|{name}|{address}".encode())
    return digest.hexdigest()


def closing_digest(matter: Matter) -> str:
    """What closing recorded: the result with its figures, and each roll entry's way of voting, attendance and
    sheets register. The final hash carries it."""
    digest = hashlib.sha256(_canonical(matter.result).encode())
    rows = matter.roll.order_by("position").values_list(
        "position", "voted_via", "attended", "sheet_issued", "sheet_returned"
    )
    for position, way, attended, issued, returned in rows.iterator(20000):
        digest.update(f"\n{position}|{way}|{int(attended)}{int(issued)}{int(returned)}".encode())
    return digest.hexdigest()


def server_seal(final: str, extra: str = "") -> str:
    """A keyed seal of a published hash: someone with the database but not the server's key cannot remake it after
    rewriting a vote and all its hashes consistently."""
    return hmac.new(settings.SECRET_KEY.encode(), f"decisions/seal/{final}/{extra}".encode(), "sha256").hexdigest()


def chain(previous_hash: str, payload: str) -> str:
    return hashlib.sha256(f"{previous_hash}\n{payload}".encode()).hexdigest()


def final_hash(lane_hashes: list[str], closing: str) -> str:
    return hashlib.sha256("\n".join([*lane_hashes, closing]).encode()).hexdigest()


def ballot_payload(source: str, receipt: str, choices: list[str] | None, household_code: str = "") -> str:
    marks = INVALID if choices is None else ",".join(choices)
    payload = f"B|{source}|{receipt}|{marks}"
    return f"{payload}|{household_code}" if household_code else payload


def sealed_ballot_payload(source: str, receipt: str, sealed: str) -> str:
    return f"E|{source}|{receipt}|{sealed}"


def sealed_marks(payload: str) -> str:
    return payload.split("|", 3)[3]


def ballot_context(matter_id: int, public_key: str) -> bytes:
    """What a secret ballot's proofs are bound to: this matter and its key (a ballot copied elsewhere fails)."""
    return f"grassroots/decisions/matter/{matter_id}/key/{public_key}".encode()


def option_context(matter: Matter, key: str) -> bytes:
    return ballot_context(matter.pk, matter.encryption["public_key"]) + f"/option/{key}".encode()


def allowed_totals(kind: str, limit: int) -> list[int]:
    """How many marks an online ballot may carry: one, or one to the limit."""
    return list(range(1, limit + 1)) if kind == "choose_up_to" else [1]


_PART = 1 + secrecy.POINT + 2 * secrecy.SCALAR


def decryption_payload(totals: dict[str, int], parts: list[dict]) -> str:
    data = bytearray()
    for option_parts in parts:
        data.append(len(option_parts))
        for index, (part, c, s) in sorted(option_parts.items()):
            data += bytes([index]) + part + c.to_bytes(secrecy.SCALAR, "big") + s.to_bytes(secrecy.SCALAR, "big")
    cells = ",".join(f"{key}={n}" for key, n in totals.items())
    return f"D|online|{cells}|{base64.b64encode(bytes(data)).decode()}"


def parse_decryption(payload: str) -> tuple[dict[str, int], list[dict]]:
    _, _, cells, blob = payload.split("|")
    totals = {key: int(n) for key, n in (cell.split("=") for cell in cells.split(",") if cell)}
    data, at, parts = base64.b64decode(blob), 0, []
    for _ in totals:
        members, at = data[at], at + 1
        option_parts = {}
        for _ in range(members):
            chunk = data[at : at + _PART]
            at += _PART
            point_end = 1 + secrecy.POINT
            option_parts[chunk[0]] = (
                chunk[1:point_end],
                int.from_bytes(chunk[point_end : point_end + secrecy.SCALAR], "big"),
                int.from_bytes(chunk[point_end + secrecy.SCALAR :], "big"),
            )
        parts.append(option_parts)
    return totals, parts


def count_payload(source: str, valid: int, invalid: int, votes: dict[str, int], user_id, at_iso: str) -> str:
    cells = ",".join(f"{key}={n}" for key, n in sorted(votes.items()))
    return f"C|{source}|{valid}|{invalid}|{cells}|{user_id or ''}|{at_iso}"


def create_chains(matter: Matter) -> None:
    """Start the lanes, once the roll, its size, the options and the key are in place (they make the genesis)."""
    opening = opening_digest(matter)
    starts = [genesis(matter.pk, lane, opening) for lane in range(LANES)]
    witness.opened(matter.pk, opening, matter.code_salt)
    ChainHead.objects.bulk_create(
        ChainHead(matter=matter, lane=lane, seq=0, last_hash=start, mac=head_mac(matter.pk, lane, 0, start, True))
        for lane, start in enumerate(starts)
    )


class ChainClosed(Exception):
    """The matter's voting has closed (or never opened): nothing more can be appended."""


def raw_executor(db=None):
    """execute(sql with %s placeholders, params) -> cursor, for statements run inside Django's transaction.

    On SQLite it is the sqlite3 connection's own, which skips the wrapper Django puts around every statement:
    on the ballot path that wrapper cost about a third as much as SQLite's own work."""
    db = db or connection
    db.ensure_connection()
    if db.vendor == "sqlite":
        raw, errors = db.connection, db.wrap_database_errors

        def execute_raw(sql, params):
            with errors:  # Django's exception classes, as callers expect (IntegrityError…)
                return raw.execute(sql.replace("%s", "?"), params)

        return execute_raw
    cursor = db.cursor()

    def execute(sql, params):
        cursor.execute(sql, params)
        return cursor

    return execute


# The head's next hash, as decisions.ledger.chain computes it, in each database's SQL.
NEXT_HASH = {
    "sqlite": "grassroots_chain(last_hash, %s)",  # registered by decisions.apps
    "postgresql": "encode(sha256(convert_to(last_hash || E'\\n' || %s, 'UTF8')), 'hex')",
}


def head_key() -> str:
    """The key of the heads' checks; passed to the SQL that moves a head."""
    return codes.derived_key(b"decisions/chain-head")


def head_mac(matter_id: int, lane: int, seq: int, last_hash: str, is_open: bool) -> str:
    """A chain head's keyed check: chain(key, "matter|lane|seq|last hash|open or closed"). Someone who can write to
    the database but has not the key cannot re-hash a lane and make its head's check, nor reopen a closed lane:
    every append first checks the head's check (HEAD_MAC_SQL), and verification checks every head's."""
    return chain(head_key(), f"{matter_id}|{lane}|{seq}|{last_hash}|{'open' if is_open else 'closed'}")


def _head_mac_sql(vendor: str, key: str, seq: str, last_hash: str) -> str:
    """head_mac of an open head in SQL, over the expressions `seq` and `last_hash` and the key parameter `key`."""
    message = f"matter_id || '|' || lane || '|' || ({seq}) || '|' || ({last_hash}) || '|open'"
    if vendor == "sqlite":
        return f"grassroots_chain({key}, {message})"
    return f"encode(sha256(convert_to({key} || E'\\n' || {message}, 'UTF8')), 'hex')"


def roll_state_check(entry_id: int, matter_id: int, way: str, attended: bool, issued: bool, returned: bool) -> str:
    """A roll entry's keyed check over how it voted, its attendance and its sheet: chain(key, "entry|matter|way|
    attended issued returned" as 0s and 1s). Every change the server makes writes it (ROLL_STATE_SQL); someone who
    writes to the database without the key cannot mark an absent household as voted, to make room for a code
    set back to "not voted" voting twice. Setting an entry back to a state it had before passes this check, but
    not the count checks: each ballot and each entered count needs a household marked as voting that way."""
    return chain(roll_state_key(), f"{entry_id}|{matter_id}|{way}|{int(attended)}{int(issued)}{int(returned)}")


def roll_state_key() -> str:
    return codes.derived_key(b"decisions/roll-state")


def roll_state_sql(vendor: str, way: str = "voted_via") -> str:
    """roll_state_check in SQL over a roll entry's row (the way it voted given as the SQL `way`, which an UPDATE
    setting it passes as a literal); its one parameter is roll_state_key()."""
    flags = "attended || sheet_issued || sheet_returned"  # SQLite keeps booleans as 0 and 1
    if vendor == "sqlite":
        return f"grassroots_chain(%s, id || '|' || matter_id || '|' || {way} || '|' || {flags})"
    flags = "attended::int || sheet_issued::int || sheet_returned::int"
    message = f"id || '|' || matter_id || '|' || {way} || '|' || {flags}"
    return f"encode(sha256(convert_to(%s || E'\\n' || {message}, 'UTF8')), 'hex')"


def seal_roll_states(matter_id: int, entry_ids=None) -> None:
    """Write the roll state check of a matter's entries (or of `entry_ids`), after the server changed them."""
    where, params = "matter_id = %s", [roll_state_key(), matter_id]
    if entry_ids is not None:
        entry_ids = list(entry_ids)
        if not entry_ids:
            return
        where += f" AND id IN ({', '.join(['%s'] * len(entry_ids))})"
        params += entry_ids
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE decisions_rollentry SET state_check = {roll_state_sql(connection.vendor)} WHERE {where}", params
        )
    if entry_ids is not None:
        # An officer's action: the witness keeps the entries' new states, which no later action sets back.
        states = RollEntry.objects.filter(pk__in=entry_ids).values_list(
            "id", "voted_via", "attended", "sheet_issued", "sheet_returned"
        )
        witness.roll(matter_id, list(states))


def unsealed_roll_entries(matter: Matter, limit: int = 5) -> tuple[int, list[int]]:
    """How many of the matter's roll entries fail their state check, and the first positions among them."""
    where = f"matter_id = %s AND state_check <> {roll_state_sql(connection.vendor)}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM decisions_rollentry WHERE {where}", [matter.pk, roll_state_key()])
        n = cursor.fetchone()[0]
        if not n:
            return 0, []
        cursor.execute(
            f"SELECT position FROM decisions_rollentry WHERE {where} ORDER BY position LIMIT %s",
            [matter.pk, roll_state_key(), limit],
        )
        return n, [row[0] for row in cursor.fetchall()]


def append(
    matter_id: int,
    lane: int,
    kind: str,
    source: str,
    payload: str,
    receipt: str | None,
    execute=None,
    witnessed: bool = True,
) -> int:
    """Append one entry to a lane; returns its sequence number. Call inside a transaction.

    The UPDATE takes the lane's row lock and moves the head on in one statement, so appends to a lane are ordered
    and none reads a stale head. The witness notes the entry's place and hash once it commits (online ballots are
    noted by their receipt instead: decisions.ballots).
    """
    execute = execute or raw_executor()
    vendor = connection.vendor
    following = NEXT_HASH[vendor]
    row = execute(
        f"UPDATE decisions_chainhead SET seq = seq + 1, last_hash = {following},"
        f" mac = {_head_mac_sql(vendor, '%s', 'seq + 1', following)}"
        f" WHERE matter_id = %s AND lane = %s AND is_open AND mac = {_head_mac_sql(vendor, '%s', 'seq', 'last_hash')}"
        " RETURNING seq, last_hash",
        [payload, head_key(), payload, matter_id, lane, head_key()],
    ).fetchone()
    if row is None:
        raise ChainClosed
    seq, digest = row
    execute(
        "INSERT INTO decisions_ledgerentry (matter_id, lane, seq, kind, source, receipt, payload, hash) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        [matter_id, lane, seq, kind, source, receipt, payload, digest],
    )
    if witnessed:
        witness.entry(matter_id, lane, seq, digest)
    return seq


@dataclass
class Recount:
    """Counts per source recomputed from the ledger: ballots add up, an entered count replaces its source's."""

    by_source: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    ballots: int = 0
    counts_entered: int = 0

    def totals(self) -> Counter:
        total = Counter()
        for cells in self.by_source.values():
            total.update(cells)
        return total


@dataclass
class Verification:
    ok: bool
    entries: int
    lane_hashes: list[str]
    computed_final_hash: str
    problems: list[Problem]
    recount: Recount


def _count_cells(payload: str) -> Counter:
    parts = payload.split("|")
    cells = Counter({VALID_KEY: int(parts[2]), INVALID_KEY: int(parts[3])})
    for cell in filter(None, parts[4].split(",")):
        key, n = cell.split("=")
        cells[key] = int(n)
    return cells


def _id_bounds(matter: Matter, heads) -> tuple[int, int] | None:
    """The ids of the matter's first and last entries: those of each lane's first entry and of the one its head
    points at. Entries are appended in id order within a lane (each waits for the lane's lock)."""
    ends = Q()
    for head in heads:
        if head.seq:
            ends |= Q(lane=head.lane, seq__in=[1, head.seq])
    if not ends:
        return None
    bounds = LedgerEntry.objects.filter(ends, matter_id=matter.pk).aggregate(lo=Min("id"), hi=Max("id"))
    return (bounds["lo"], bounds["hi"]) if bounds["lo"] is not None else None


def _walk(matter: Matter, opening: str, order: str | None, bounds: tuple[int, int] | None = None):
    sha256 = hashlib.sha256
    problems: list[Problem] = []
    lane_hashes = [genesis(matter.pk, lane, opening) for lane in range(LANES)]
    expected_seq = [1] * LANES
    broken = [False] * LANES
    entries = 0
    ballot_marks: Counter = Counter()  # (source, marks) -> ballots
    last_count: dict[str, str] = {}  # source -> payload of its latest entered count
    counts_entered = 0
    sealed: list[str] = []  # encrypted ballots' payloads
    opened: list[str] = []  # the counting team's opening of their totals
    columns = "SELECT lane, seq, kind, source, payload, hash, receipt FROM decisions_ledgerentry"
    if bounds and not order:
        # The primary key's range, read in its order: the order the entries lie on disk. "+matter_id" keeps the
        # planners off the (matter, …) indexes, which would read the same rows in another order and sort them.
        sql, params = f"{columns} WHERE id BETWEEN %s AND %s AND +matter_id = %s ORDER BY id", [*bounds, matter.pk]
    else:
        sql, params = f"{columns} WHERE matter_id = %s", [matter.pk]
        if order:
            sql += f" ORDER BY {order}"
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(20000):
            entries += len(rows)
            for lane, seq, kind, source, payload, stored_hash, receipt in rows:
                if not 0 <= lane < LANES or payload[:2] != f"{kind}|" or payload.count("|") < 3:
                    # A row no append could have written: reported, and kept out of the count, never a crash.
                    problems.append(
                        Problem.of(gettext_noop("lane %(lane)s: entry %(seq)s cannot be read"), lane=lane, seq=seq)
                    )
                    if 0 <= lane < LANES:
                        broken[lane] = True
                    continue
                if not broken[lane]:
                    if seq != expected_seq[lane]:
                        problems.append(
                            Problem.of(
                                gettext_noop("lane %(lane)s: entry %(seq)s is missing (found %(found)s)"),
                                lane=lane,
                                seq=expected_seq[lane],
                                found=seq,
                            )
                        )
                        broken[lane] = True
                    else:
                        digest = sha256(f"{lane_hashes[lane]}\n{payload}".encode()).hexdigest()
                        if digest != stored_hash:
                            problems.append(
                                Problem.of(
                                    gettext_noop("lane %(lane)s: entry %(seq)s does not match its hash"),
                                    lane=lane,
                                    seq=seq,
                                )
                            )
                            broken[lane] = True
                        lane_hashes[lane] = digest
                        expected_seq[lane] = seq + 1
                if payload[2 : 3 + len(source)] != f"{source}|":
                    # The hashes cover the payload, not the column beside it: the payload's own source counts (a
                    # count relabelled in the column would otherwise replace another source's count).
                    problems.append(
                        Problem.of(
                            gettext_noop("lane %(lane)s: entry %(seq)s is filed under another source than its own"),
                            lane=lane,
                            seq=seq,
                        )
                    )
                    source = payload.split("|", 2)[1]
                if kind in (EntryKind.BALLOT, EntryKind.SECRET_BALLOT) and (receipt or "") != payload.split("|", 3)[2]:
                    # Receipts are looked up by the column: one moved off its ballot would say it is not counted.
                    problems.append(
                        Problem.of(
                            gettext_noop("lane %(lane)s: entry %(seq)s is filed under another receipt than its own"),
                            lane=lane,
                            seq=seq,
                        )
                    )
                if kind == EntryKind.BALLOT:
                    ballot_marks[source, payload.split("|", 4)[3]] += 1
                elif kind == EntryKind.SECRET_BALLOT:
                    sealed.append(payload)
                elif kind == EntryKind.DECRYPTION:
                    opened.append(payload)
                else:
                    last_count[source] = payload
                    counts_entered += 1
    secret = (sealed, opened)
    return problems, lane_hashes, expected_seq, broken, entries, ballot_marks, last_count, counts_entered, secret


def _without_article(result: dict | None) -> dict | None:
    return {k: v for k, v in result.items() if k != "article"} if result else result


def verify(matter: Matter, proofs: bool = False) -> Verification:
    """Walk every lane from its genesis, recomputing each hash, and recount the votes on the way.

    Ballots add up in any order; entered counts (all in lane 0, in the order entered) replace their source's
    earlier count. Ballots and counts never share a source. Problems name the first broken entry of each lane.
    Written for a million entries in seconds: rows are read as they lie on disk, which is the order they were
    stored in (a lane's entries are stored in its order, since each waits for the lane's lock): the range of ids
    between the chains' first and last entries, read along the primary key, in chunks from one cursor; ballots
    are tallied by their whole marks string, split once per distinct string at the end. Should that order ever
    disagree with the chains', or the matter have entries outside that range, the walk is redone over all of
    them in chain order before anything is reported.
    """
    heads = {h.lane: h for h in ChainHead.objects.filter(matter_id=matter.pk)}
    opening = opening_digest(matter)
    walk = _walk(matter, opening, None, _id_bounds(matter, heads.values()))
    if walk[0] or walk[4] != LedgerEntry.objects.filter(matter_id=matter.pk).count():
        # Something is out of place, or lies outside the chains' ends: every entry of the matter, in chain order.
        walk = _walk(matter, opening, "lane, seq")
    problems, lane_hashes, expected_seq, broken, entries, ballot_marks, last_count, counts_entered, secret = walk
    recount = Recount(ballots=sum(ballot_marks.values()), counts_entered=counts_entered)
    for (source, marks), n in ballot_marks.items():
        cells = recount.by_source[source]
        if marks == INVALID:
            cells[INVALID_KEY] += n
        else:
            cells[VALID_KEY] += n
            for key in marks.split(","):
                cells[key] += n
    for source, payload in last_count.items():
        try:
            recount.by_source[source] = _count_cells(payload)
        except (IndexError, ValueError):
            problems.append(Problem.of(gettext_noop("an entered count of %(source)s cannot be read"), source=source))
    if secret[0] or secret[1]:
        problems += _recount_sealed(matter, *secret, recount, proofs)
    for lane in range(LANES):
        head = heads.get(lane)
        if head is not None and not broken[lane]:
            if head.seq != expected_seq[lane] - 1:
                problems.append(
                    Problem.of(
                        gettext_noop("lane %(lane)s: the chain ends at entry %(seq)s, not %(head)s"),
                        lane=lane,
                        seq=expected_seq[lane] - 1,
                        head=head.seq,
                    )
                )
            elif head.last_hash != lane_hashes[lane]:
                problems.append(
                    Problem.of(gettext_noop("lane %(lane)s: the last hash differs from the recorded one"), lane=lane)
                )
    for lane, head in heads.items():
        if not hmac.compare_digest(head.mac, head_mac(matter.pk, lane, head.seq, head.last_hash, head.is_open)):
            problems.append(
                Problem.of(gettext_noop("lane %(lane)s: its head was not written by the server"), lane=lane)
            )
    if lane_hashes and not heads:
        problems.append(Problem.of(gettext_noop("the matter has no chains")))
    if matter.roll.count() != matter.roll_size:
        problems.append(Problem.of(gettext_noop("the roll does not have the size recorded at opening")))
    if matter.ledger_format >= 3:
        changed, positions = unsealed_roll_entries(matter)
        if changed:
            problems.append(
                Problem.of(
                    gettext_noop("roll entries changed outside the server: %(n)s (at places %(places)s)"),
                    n=changed,
                    places=", ".join(map(str, positions)) + (" …" if changed > len(positions) else ""),
                )
            )
    if matter.code_salt:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM decisions_rollentry r"
                f" WHERE r.matter_id = %s AND NOT ({codes.CHECK_SQL[connection.vendor]})",
                [matter.pk, codes.binding_key()],
            )
            if bad_codes := cursor.fetchone()[0]:
                # A household's code hash changed in the database: its code opens nothing any more.
                problems.append(
                    Problem.of(gettext_noop("household codes changed outside the server: %(n)s"), n=bad_codes)
                )
    computed = final_hash(lane_hashes, closing_digest(matter)) if matter.final_hash else ""
    if matter.final_hash:
        problems += _check_closing(matter, computed, recount)
    elif (
        matter.status in VOTED
        or matter.result
        or any(not head.is_open for head in heads.values())
        or Recognition.objects.filter(matter_id=matter.pk).exists()
    ):
        # A closed vote always has its final hash and seal: without them there is nothing its result is checked by.
        # Closed chains or a recognition say it was closed, whatever its row says now.
        problems.append(Problem.of(gettext_noop("the vote is closed but its final hash is missing")))
    problems += _check_witness(matter, opening)
    return Verification(not problems, entries, lane_hashes, computed, problems, recount)


def _check_witness(matter: Matter, opening: str) -> list[Problem]:
    """What the witness outside the database saw acknowledged (decisions.witness) against what the database holds
    now: a database set back to an earlier copy of itself passes every other check, not this one."""
    seen = witness.read(matter.pk, opening)
    problems = []
    if seen.forged:
        problems.append(Problem.of(gettext_noop("the witness has %(n)s lines the server did not write"), n=seen.forged))
    if not seen.found:
        return problems
    if seen.openings - {matter.code_salt}:
        problems.append(
            Problem.of(gettext_noop("the vote was set back and opened again since the witness saw it open"))
        )
    if seen.receipts:
        stored = set(
            LedgerEntry.objects.filter(
                matter_id=matter.pk, kind__in=[EntryKind.BALLOT, EntryKind.SECRET_BALLOT], source="online"
            ).values_list("receipt", flat=True)
        )
        if missing := seen.receipts - stored:
            problems.append(
                Problem.of(gettext_noop("acknowledged ballots missing from the ledger: %(n)s"), n=len(missing))
            )
    changed = 0
    wanted = list(seen.entries)
    for start in range(0, len(wanted), 2000):
        chunk = wanted[start : start + 2000]
        where = Q()
        for lane, seq in chunk:
            where |= Q(lane=lane, seq=seq)
        found = dict(
            ((lane, seq), digest)
            for lane, seq, digest in LedgerEntry.objects.filter(where, matter_id=matter.pk).values_list(
                "lane", "seq", "hash"
            )
        )
        changed += sum(1 for place in chunk if found.get(place) != seen.entries[place])
    if changed:
        problems.append(
            Problem.of(gettext_noop("ledger entries the witness saw are missing or changed: %(n)s"), n=changed)
        )
    set_back = []
    ids = list(seen.roll)
    for start in range(0, len(ids), 2000):
        rows = RollEntry.objects.filter(matter_id=matter.pk, pk__in=ids[start : start + 2000]).values_list(
            "id", "position", "voted_via", "attended", "sheet_issued", "sheet_returned"
        )
        now = {row[0]: row[1:] for row in rows}
        for entry_id in ids[start : start + 2000]:
            way, attended, issued, returned = seen.roll[entry_id]
            position, *state = now.get(entry_id, (None, "", False, False, False))
            if (
                position is None
                or (way and state[0] != way)
                or (attended and not state[1])
                or (issued and not state[2])
                or (returned and not state[3])
            ):
                set_back.append(position if position is not None else "?")
    if set_back:
        problems.append(
            Problem.of(
                gettext_noop("roll entries set back to an earlier state: %(n)s (at places %(places)s)"),
                n=len(set_back),
                places=", ".join(map(str, sorted(set_back, key=str)[:5])) + (" …" if len(set_back) > 5 else ""),
            )
        )
    if seen.final_hash and seen.final_hash != matter.final_hash:
        problems.append(Problem.of(gettext_noop("the vote was closed with another final hash than the one stored")))
    recognition = Recognition.objects.filter(matter_id=matter.pk).first()
    if seen.recognised and not (recognition and recognition.recognised_on):
        problems.append(Problem.of(gettext_noop("the result was recognised but the recognition is missing")))
    if witness.SENT in seen.answers and recognition is None:
        problems.append(Problem.of(gettext_noop("the decision was sent to the commune but the sending is missing")))
    if witness.REFUSED in seen.answers and not (recognition and recognition.refused_on):
        problems.append(Problem.of(gettext_noop("the commune refused the result but the refusal is missing")))
    if witness.ANNULLED in seen.answers and not (recognition and recognition.annulled_on):
        problems.append(Problem.of(gettext_noop("the decision was annulled but the annulment is missing")))
    return problems


def _check_closing(matter: Matter, computed: str, recount: Recount) -> list[Problem]:
    """A closed vote: its final hash (the lanes, the result and the roll as closing left them), the server's seal of
    it, the result the recount gives, and the live counters the pages show, against what is stored."""
    from decisions import rules

    problems = []
    if computed != matter.final_hash:
        problems.append(Problem.of(gettext_noop("the final hash differs from the published one")))
    if matter.status not in VOTED:
        problems.append(Problem.of(gettext_noop("the vote has a final hash but is not recorded as closed")))
    if not hmac.compare_digest(matter.seal or "", server_seal(matter.final_hash)):
        problems.append(Problem.of(gettext_noop("the server's seal does not match the final hash")))
    totals = recount.totals()
    keys = list(matter.options.values_list("key", flat=True))
    participants = matter.roll.filter(~Q(voted_via="") | Q(attended=True)).count()
    counts = rules.Counts(
        roll=matter.roll_size,
        participants=participants,
        valid=totals.get(VALID_KEY, 0),
        invalid=totals.get(INVALID_KEY, 0),
        votes={key: totals.get(key, 0) for key in keys},
    )
    recounted = rules.result_record(matter.rule, matter.kind, counts, matter.seats, version=matter.rule_version)
    stored = matter.result
    if matter.rule_version == rules.FIRST_READING.version:
        # The first reading's article strings were reworded after its results were stored; they decide nothing,
        # and the final hash over the stored result still shows any edit of them.
        recounted, stored = _without_article(recounted), _without_article(stored)
    if recounted != stored:
        problems.append(Problem.of(gettext_noop("the stored result is not what the recount gives")))
    live = Counter()
    for cells in live_totals(matter.pk).values():
        live.update(cells)
    if +live != +totals:
        problems.append(Problem.of(gettext_noop("the live counters differ from the ledger's recount")))
    ways = dict(matter.roll.values_list("voted_via").annotate(n=Count("id")).order_by())

    def ballots_of(*sources):
        cells = [recount.by_source.get(source, Counter()) for source in sources]  # .get: adds no empty source
        return sum(c[VALID_KEY] + c[INVALID_KEY] for c in cells)

    if ballots_of("online") != ways.get("online", 0):
        # A household set back to "not voted" would let its code vote again: each online ballot claims one entry.
        problems.append(
            Problem.of(gettext_noop("the online ballots are not as many as the households who voted online"))
        )
    if ballots_of("meeting") > ways.get("meeting", 0):
        problems.append(Problem.of(gettext_noop("the meeting's count has more votes than households voting there")))
    if ballots_of("sheet", "paper") > ways.get("sheet", 0):
        problems.append(Problem.of(gettext_noop("more ballot sheets were counted than households returned")))
    recognition = Recognition.objects.filter(matter_id=matter.pk).first()
    if recognition is not None and (
        recognition.recognised_on or recognition.refused_on or recognition.annulled_on or recognition.seal
    ):
        if not hmac.compare_digest(recognition.seal or "", recognition_seal(matter, recognition)):
            problems.append(Problem.of(gettext_noop("the recognition was changed after it was recorded")))
    if matter.status in (
        MatterStatus.RECOGNISED,
        MatterStatus.IN_EFFECT,
        MatterStatus.REFUSED,
        MatterStatus.ANNULLED,
    ) and (recognition is None or not _answered(matter.status, recognition)):
        problems.append(Problem.of(gettext_noop("the vote is recorded as recognised, but its recognition is gone")))
    return problems


def _answered(status: str, recognition) -> bool:
    """Whether the recognition row holds what the matter's status says the commune did."""
    return {
        MatterStatus.RECOGNISED: bool(recognition.recognised_on),
        MatterStatus.IN_EFFECT: bool(recognition.seal),
        MatterStatus.REFUSED: bool(recognition.refused_on),
        MatterStatus.ANNULLED: bool(recognition.annulled_on),
    }[status]


def recognition_seal(matter: Matter, recognition) -> str:
    fields = [
        recognition.sent_on.isoformat(),
        recognition.due_on.isoformat(),
        recognition.recognised_on.isoformat() if recognition.recognised_on else "",
        recognition.decision_number,
        recognition.note,
        str(recognition.recognised_by_id or ""),
        str(recognition.disclosure_id or ""),
    ]
    # A refusal and an annulment are sealed once made (a recognition sealed before they existed keeps its seal).
    if recognition.refused_on:
        fields += ["refused", recognition.refused_on.isoformat(), recognition.reasons]
    if recognition.annulled_on:
        fields += [
            "annulled",
            recognition.annulled_on.isoformat(),
            recognition.annulment_number,
            recognition.annulment_reasons,
            str(recognition.annulled_by_id or ""),
        ]
    return server_seal(matter.final_hash, _canonical(fields))


def _recount_sealed(
    matter: Matter, sealed: list[str], opened: list[str], recount: Recount, proofs: bool
) -> list[Problem]:
    """The encrypted online ballots: each option's pairs summed again from the ledger and the counting team's
    opening of that sum checked, part by part; with `proofs`, every ballot's own proofs too (an audit: about 2 ms a
    ballot). Until closing the totals stay sealed: only the number of ballots is known."""
    encryption = matter.encryption or {}
    if not encryption.get("public_key"):
        return [Problem.of(gettext_noop("encrypted ballots, but no key is on record for this matter"))]
    problems = []
    keys = list(matter.options.values_list("key", flat=True))
    cells = recount.by_source["online"]
    cells[VALID_KEY] += len(sealed)
    recount.ballots += len(sealed)
    if proofs:
        context = ballot_context(matter.pk, encryption["public_key"])
        totals = allowed_totals(matter.ballot_kind, matter.choice_limit)
        bad = sum(
            not secrecy.ballot_is_well_formed(encryption["public_key"], context, sealed_marks(p), len(keys), totals)
            for p in sealed
        )
        if bad:
            problems.append(Problem.of(gettext_noop("%(n)s encrypted ballots fail their proofs"), n=bad))
    if len(opened) > 1:
        problems.append(Problem.of(gettext_noop("the totals were opened more than once")))
    if not opened:
        return problems
    totals, parts = parse_decryption(opened[-1])
    if list(totals) != keys or len(parts) != len(keys):
        return [*problems, Problem.of(gettext_noop("the opened totals do not name this ballot's options"))]
    pairs: list[list] = [[] for _ in keys]
    for payload in sealed:
        for i, pair in enumerate(secrecy.ciphertexts(sealed_marks(payload), len(keys))):
            pairs[i].append(pair)
    for i, key in enumerate(keys):
        a_sum, b_sum = secrecy.add_up(pairs[i])
        proven = len(parts[i]) >= encryption["threshold"] and secrecy.check_decryption(
            option_context(matter, key), encryption["keys"], a_sum, b_sum, parts[i], totals[key]
        )
        if not proven:
            problems.append(
                Problem.of(gettext_noop("the opened total of option %(key)s is not what its ballots hold"), key=key)
            )
        cells[key] += totals[key]
    return problems


def live_totals(matter_id: int) -> dict[str, Counter]:
    """The live counters by source: a handful of rows however many ballots there are."""
    by_source: dict[str, Counter] = defaultdict(Counter)
    for source, key, n in (
        Tally.objects.filter(matter_id=matter_id).values_list("source", "key").annotate(n=Sum("n")).order_by()
    ):
        if n:
            by_source[source][key] = n
    return by_source
