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
# What the commune was told and answered: a sending (items 1, 2, 6 take effect with it), a refusal, an annulment.
SENT, REFUSED, ANNULLED = "S", "N", "X"


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
    name = str(db["NAME"])
    # The database by its name (a SQLite file by its real path), not by how the address to it is spelt: the web
    # server, the worker and an administrator's verify_ledger must read the same folder.
    key = (where, db["ENGINE"], os.path.realpath(name) if db["ENGINE"].endswith("sqlite3") else name)
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
        # One write to a file opened for appending: the lines of several workers never interleave. A short write
        # (a full disk) is finished, so that a half line never hides the next one.
        written = os.write(fd, data)
        while written < len(data):
            written += os.write(fd, data[written:])
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


def opened(matter_id: int, opening: str, salt: str) -> None:
    """The opening line: the opening digest says which vote the lines are of, the salt which opening of it (a vote
    set back to a draft in the database and opened again has another)."""
    note(matter_id, OPENED, opening, salt)


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


def _clean(text: str) -> str:
    return "".join(" " if ch == "|" or not ch.isprintable() else ch for ch in text)


def recognised(matter_id: int, decision_number: str) -> None:
    note(matter_id, RECOGNISED, _clean(decision_number))


def answered(matter_id: int, kind: str, on: str) -> None:
    """The sending (SENT), a refusal (REFUSED) or an annulment (ANNULLED), with its date: a database written back to
    before it then shows."""
    note(matter_id, kind, _clean(on))


@dataclass
class Seen:
    """What the witness saw of one vote, over every opening of it."""

    found: bool = False  # an opening line with this vote's opening digest
    openings: set[str] = field(default_factory=set)  # the salts it was opened with
    receipts: set[str] = field(default_factory=set)
    entries: dict[tuple[int, int], str] = field(default_factory=dict)  # (lane, seq) -> hash
    roll: dict[int, tuple[str, bool, bool, bool]] = field(default_factory=dict)  # entry id -> its latest state
    final_hash: str = ""
    recognised: str = ""
    answers: set[str] = field(default_factory=set)  # SENT, REFUSED, ANNULLED as noted
    forged: int = 0  # lines not keyed by this server


def _lines(path: Path):
    """The file's lines as text; a line that is not UTF-8 (cut short, or written by someone else) as None."""
    with path.open("rb") as raw:
        for chunk in raw:
            try:
                yield chunk.rstrip(b"\n").decode("utf-8")
            except UnicodeDecodeError:
                yield None


def read(matter_id: int, opening: str) -> Seen:
    """Lines after an opening line of this vote's digest are its own, those after another opening line another
    vote's (one of another database that once had this number). Every opening of this vote counts: a vote set back
    to a draft and opened again keeps what was acknowledged before."""
    seen = Seen()
    directory = _directory()
    path = Path(directory) / f"{int(matter_id)}.log" if directory else None
    if path is None or not path.exists():
        return seen
    ours = False
    for text in _lines(path):
        line, _, mac = (text or "").rpartition("|")
        if not line or not mac.isascii() or not hmac.compare_digest(mac, _mac(matter_id, line)):
            seen.forged += 1
            continue
        kind, *rest = line.split("|")
        try:
            if kind == OPENED:
                ours = rest[0] == opening
                if ours:
                    seen.found = True
                    seen.openings.add(rest[1] if len(rest) > 1 else "")
            elif not ours:
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
            elif kind in (SENT, REFUSED, ANNULLED):
                seen.answers.add(kind)
        except (IndexError, ValueError):
            seen.forged += 1
    return seen


def votes_seen() -> list[int]:
    """The matter numbers the witness holds a file for, in this database's folder."""
    directory = _directory()
    if not directory or not os.path.isdir(directory):
        return []
    return sorted(int(name[:-4]) for name in os.listdir(directory) if name.endswith(".log") and name[:-4].isdigit())


def was_opened(matter_id: int) -> bool:
    """Whether the witness saw this matter number opened in this database (any opening line keyed by the server)."""
    directory = _directory()
    path = Path(directory) / f"{int(matter_id)}.log" if directory else None
    if path is None or not path.exists():
        return False
    for text in _lines(path):
        line, _, mac = (text or "").rpartition("|")
        if line.startswith(f"{OPENED}|") and mac.isascii() and hmac.compare_digest(mac, _mac(matter_id, line)):
            return True
    return False
