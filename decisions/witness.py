"""A witness of what the server acknowledged, kept outside the database: an append-only file per matter.

The hash chains and the keyed heads catch any edit a database writer makes without the server's key, but not a
rewind: a copy of the database taken earlier (a backup, a replica, a snapshot) holds heads, counters and roll
states that the server really wrote, and writing them back, with the later ballots deleted, passes every check
that lives in the database. So each thing the server acknowledges is also noted here, after it is committed and
before the user is told: a ballot's receipt (never its household or its choice), each other ledger entry's place
and hash, an officer's change to a roll entry, the closing's final hash and the recognition. Verification
(decisions.ledger.verify) reports whatever the witness saw that the database no longer holds.

Each line is keyed with a key derived from SECRET_KEY, so a writer without it can remove lines but not add any;
keep `LEDGER_WITNESS_DIR` where the database's writers cannot reach (another disk or host, or a log shipped away
as it is written) for the witness to outlive a rewound database. A vote's lines start after an opening line
carrying its opening digest: lines left by another database under the same matter number are not read.
"""

import hashlib
import hmac
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from decisions import codes

log = logging.getLogger(__name__)

OPENED, BALLOT, ENTRY, ROLL, CLOSED, RECOGNISED = "O", "B", "A", "R", "C", "G"


_folders: dict[tuple, str] = {}
# Files kept open for appending, per process (a ballot's note is then one write, not an open, a write and a close).
_open: dict[str, int] = {}
_opened_by = os.getpid()
_MOST_OPEN = 32


def _directory() -> str | None:
    """The witness's folder for this database: two databases served from one machine never share a file."""
    where = getattr(settings, "LEDGER_WITNESS_DIR", None)
    if not where:
        return None
    db = connection.settings_dict
    key = (where, db["ENGINE"], db.get("HOST"), db.get("PORT"), db["NAME"])
    folder = _folders.get(key)
    if folder is None:
        tag = hashlib.sha256("|".join(map(str, key[1:])).encode()).hexdigest()[:12]
        folder = _folders[key] = os.path.join(where, tag)
    return folder


def _append(path: str, data: bytes) -> None:
    global _opened_by
    if _opened_by != os.getpid():  # a forked worker opens its own
        _open.clear()
        _opened_by = os.getpid()
    fd = _open.get(path)
    if fd is None:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if len(_open) >= _MOST_OPEN:
            os.close(_open.pop(next(iter(_open))))
        fd = _open[path] = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        # One write to a file opened for appending: the lines of several workers never interleave.
        os.write(fd, data)
    except OSError:
        os.close(_open.pop(path))
        raise


def _mac(matter_id: int, line: str) -> str:
    key = codes.derived_key(b"ledger-witness").encode()
    return hmac.digest(key, f"{matter_id}|{line}".encode(), "sha256").hex()[:32]


def _write(matter_id: int, rows: list[Iterable]) -> None:
    directory = _directory()
    if directory is None:
        return
    lines = ["|".join(str(f) for f in fields) for fields in rows]
    data = "".join(f"{line}|{_mac(matter_id, line)}\n" for line in lines).encode()
    try:
        _append(os.path.join(directory, f"{int(matter_id)}.log"), data)
    except OSError:
        # What was acknowledged is committed already: a witness that cannot write only lags (it never accuses).
        log.exception("the ledger witness could not note matter %s", matter_id)


def note(matter_id: int, *fields, using=None) -> None:
    """Note `fields` once the current transaction commits (at once outside a transaction)."""
    note_all(matter_id, [fields], using)


def note_all(matter_id: int, rows: list[Iterable], using=None) -> None:
    db = connection if using is None else using
    if db.in_atomic_block:
        transaction.on_commit(lambda: _write(matter_id, rows), using=db.alias)
    else:
        _write(matter_id, rows)


def opened(matter_id: int, opening: str) -> None:
    note(matter_id, OPENED, opening)


def ballot(matter_id: int, receipt: str, db=None) -> None:
    note(matter_id, BALLOT, receipt, using=db)


def entry(matter_id: int, lane: int, seq: int, digest: str) -> None:
    note(matter_id, ENTRY, lane, seq, digest)


def roll(matter_id: int, states: Iterable[tuple[int, str, bool, bool, bool]]) -> None:
    """Roll entries as an officer's action left them: (id, way voted, attended, sheet issued, sheet returned)."""
    rows = [(ROLL, i, way, int(a), int(issued), int(returned)) for i, way, a, issued, returned in states]
    if rows:
        note_all(matter_id, rows)


def closed(matter_id: int, final: str) -> None:
    note(matter_id, CLOSED, final)


def recognised(matter_id: int, decision_number: str) -> None:
    note(matter_id, RECOGNISED, decision_number.replace("|", "/").replace("\n", " "))


@dataclass
class Seen:
    """What the witness saw of one vote since its opening."""

    found: bool = False  # an opening line with this vote's opening digest
    receipts: set[str] = field(default_factory=set)
    entries: dict[tuple[int, int], str] = field(default_factory=dict)  # (lane, seq) -> hash
    roll: dict[int, tuple[str, bool, bool, bool]] = field(default_factory=dict)  # entry id -> its latest state
    final_hash: str = ""
    recognised: str = ""
    forged: int = 0  # lines not keyed by this server


def read(matter_id: int, opening: str) -> Seen:
    seen = Seen()
    directory = _directory()
    path = Path(directory) / f"{int(matter_id)}.log" if directory else None
    if path is None or not path.exists():
        return seen
    with path.open(encoding="utf-8", errors="replace") as lines:
        for raw in lines:
            line, _, mac = raw.rstrip("\n").rpartition("|")
            if not line or not hmac.compare_digest(mac, _mac(matter_id, line)):
                seen.forged += 1
                continue
            kind, *rest = line.split("|")
            if kind == OPENED:
                # A later opening line of this digest starts over; one of another starts another vote's lines.
                seen = Seen(found=rest == [opening], forged=seen.forged)
            elif not seen.found:
                continue
            elif kind == BALLOT:
                seen.receipts.add(rest[0])
            elif kind == ENTRY:
                seen.entries[int(rest[0]), int(rest[1])] = rest[2]
            elif kind == ROLL:
                seen.roll[int(rest[0])] = (rest[1], rest[2] == "1", rest[3] == "1", rest[4] == "1")
            elif kind == CLOSED:
                seen.final_hash = rest[0]
            elif kind == RECOGNISED:
                seen.recognised = rest[0]
    return seen
