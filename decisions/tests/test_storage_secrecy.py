"""Secret ballots against someone holding a copy of the storage, read the way they would read it.

The real stack in other processes (a throwaway database of the suite's kind, gunicorn): households vote one at a
time, so the attacker may take the k-th ballot transaction in storage as the k-th household's (better linkage than
any real attacker has). Then, on SQLite, the database file and its WAL frames are read as raw bytes, each commit
diffed page by page against the page before it; on PostgreSQL every roll entry is joined to the ledger entry and the
counters its transaction wrote (`xmin`), in physical order (`ctid`). From all that the attacker guesses each
household's choice. On a secret ballot they must do no better than chance; on an open ballot (the control) the same
attack reads every choice, which shows it would see one if storage held it. After closing, nothing stored holds a
counting team's share, in any of the forms it takes.
"""

import http.client
import json
import random
import re
import urllib.parse
from pathlib import Path

import pytest

from conftest import run_manage
from decisions import secrecy
from tests import intake

HOUSEHOLDS = 60
OPTIONS = ("yes", "no")


def _cast(port: int, matter: int, codes: list[str], choices: list[str]) -> None:
    for code, choice in zip(codes, choices, strict=True):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        body = urllib.parse.urlencode({"code": code, "matter": matter, "choice": choice})
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        conn.request("POST", "/bieu-quyet/gui/", body=body, headers=form)
        response = conn.getresponse()
        assert response.status == 200 and intake.RECEIPT.search(response.read())


# An open ballot's payload: on disk its row's hash (hex) follows at once.
_OPEN_BALLOT = re.compile(rb"B\|online\|([0-9A-Z]{10})\|(" + b"|".join(k.encode() for k in OPTIONS) + rb")")


def _guess(changed: bytes, seen: set[bytes]) -> str | None:
    """What an attacker reads off the bytes a ballot's transaction wrote: a ballot's choice standing in the clear
    (in a ledger row not seen in an earlier transaction)."""
    for receipt, key in _OPEN_BALLOT.findall(changed):
        if receipt not in seen:
            seen.add(receipt)
            return key.decode()
    return None


def _wal_commits(path: Path) -> list[bytes]:
    """Each committed transaction of the WAL as the bytes it changed: every frame's page diffed against the same
    page's previous version (in an earlier frame, or the database file)."""
    wal = Path(f"{path}-wal").read_bytes()
    page_size, salts = int.from_bytes(wal[8:12], "big"), wal[16:24]
    database = path.read_bytes()
    last: dict[int, bytes] = {}
    commits, current = [], bytearray()
    offset = 32
    while offset + 24 + page_size <= len(wal):
        header, page = wal[offset : offset + 24], wal[offset + 24 : offset + 24 + page_size]
        if header[8:16] != salts:  # a frame of an earlier generation of the WAL, already in the database file
            break
        number, commit_size = int.from_bytes(header[:4], "big"), int.from_bytes(header[4:8], "big")
        before = last.get(number) or database[(number - 1) * page_size : number * page_size]
        current += _runs(before.ljust(page_size, b"\0"), page)
        last[number] = page
        if commit_size:
            commits.append(bytes(current))
            current = bytearray()
        offset += 24 + page_size
    return commits


def _runs(before: bytes, after: bytes) -> bytes:
    """The changed stretches of a page (stretches less than 32 equal bytes apart joined), by newlines."""
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    out, start = bytearray(), None
    for i, position in enumerate(changed):
        if start is None:
            start = position
        if i + 1 == len(changed) or changed[i + 1] - position > 32:
            out += after[start : position + 1] + b"\n"
            start = None
    return bytes(out)


def _sqlite_guesses(env) -> list[str | None]:
    commits = [c for c in _wal_commits(Path(env["SQLITE_PATH"])) if b"|online|" in c]
    seen: set[bytes] = set()
    return [_guess(c, seen) for c in commits]


def _postgres_guesses(env, matter: int, codes_in_order: list[str]) -> dict[int, str | None]:
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as conn:
        rows = conn.execute(
            "SELECT r.position, l.payload, (SELECT string_agg(t.key, ',') FROM decisions_tally t"
            "  WHERE t.xmin::text = l.xmin::text AND t.key NOT LIKE '#%%')"
            " FROM decisions_rollentry r JOIN decisions_ledgerentry l ON r.xmin::text = l.xmin::text"
            " WHERE r.matter_id = %s ORDER BY l.ctid",
            [matter],
        ).fetchall()
    seen: set[bytes] = set()
    guesses = {position: _guess(payload.encode(), seen) for position, payload, _ in rows}
    # The counters the ballot's transaction moved: an option's counter is a choice, the valid count says nothing.
    for position, _, counters in rows:
        if guesses[position] is None and counters:
            guesses[position] = counters.split(",")[0]
    return guesses


def _attack(env, secret: bool, tmp: Path) -> tuple[float, int]:
    """Cast a vote of HOUSEHOLDS random choices; returns the attacker's share of right guesses and how many ballots
    their linkage found."""
    prepared = json.loads(run_manage(env, "bench/votes.py", "prepare-secret" if secret else "prepare", str(HOUSEHOLDS)))
    rng = random.Random(11 if secret else 12)
    choices = [rng.choice(OPTIONS) for _ in range(HOUSEHOLDS)]
    server, port = intake.start_gunicorn(env, workers=1)
    try:
        _cast(port, prepared["matter"], prepared["codes"], choices)
        if env.get("DATABASE_URL", "").startswith("postgres"):
            guesses = _postgres_guesses(env, prepared["matter"], prepared["codes"])
            linked = len(guesses)
            right = sum((guesses.get(i + 1) or OPTIONS[0]) == choice for i, choice in enumerate(choices))
        else:
            guesses = _sqlite_guesses(env)[-HOUSEHOLDS:]
            linked = len(guesses)
            right = sum((guess or OPTIONS[0]) == choice for guess, choice in zip(guesses, choices, strict=False))
    finally:
        intake.stop(server)
    if secret:
        slips = tmp / "slips.json"
        slips.write_text(json.dumps(prepared["slips"][:2]))
        closed = json.loads(run_manage(env, "bench/votes.py", "close", str(prepared["matter"]), str(slips)))
        assert closed["votes"] == {key: choices.count(key) for key in OPTIONS}  # the totals open right
        _assert_no_share_is_stored(env, prepared["slips"])
    return right / HOUSEHOLDS, linked


def _share_forms(slips: list[str]) -> list[bytes]:
    forms = []
    for slip in slips:
        _, share = secrecy.parse_share(slip)
        raw = share.to_bytes(32, "big")
        forms += [raw, raw[::-1], raw.hex().encode(), slip.encode(), slip.replace("-", "").encode()]
    return forms


def _assert_no_share_is_stored(env, slips: list[str]) -> None:
    if env.get("DATABASE_URL", "").startswith("postgres"):
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as conn:
            conn.execute("CHECKPOINT")
            files = [
                row[0]
                for row in conn.execute(
                    "SELECT pg_relation_filepath(c.oid) FROM pg_class c WHERE c.relname LIKE 'decisions%%'"
                    " AND pg_relation_filepath(c.oid) IS NOT NULL"
                )
            ]
            stored = b"".join(bytes(conn.execute("SELECT pg_read_binary_file(%s)", [f]).fetchone()[0]) for f in files)
            wal = [r[0] for r in conn.execute("SELECT name FROM pg_ls_waldir() ORDER BY modification DESC LIMIT 2")]
            for name in wal:
                stored += bytes(conn.execute("SELECT pg_read_binary_file(%s)", [f"pg_wal/{name}"]).fetchone()[0])
    else:
        path = Path(env["SQLITE_PATH"])
        stored = b"".join(p.read_bytes() for p in path.parent.glob(f"{path.name}*") if p.is_file())
    assert stored, "the storage was not read"
    assert not [form for form in _share_forms(slips) if form in stored]


@pytest.fixture(scope="module")
def storage_env(throwaway_env):
    return {**throwaway_env, "CONN_MAX_AGE": "600"}


def test_a_copy_of_the_storage_links_no_secret_ballot_to_its_choice(storage_env, tmp_path):
    accuracy, linked = _attack(storage_env, secret=True, tmp=tmp_path)
    assert linked >= HOUSEHOLDS * 0.9  # the attacker did find each household's ballot transaction...
    # ...yet reads its choice no better than a coin would (60 ballots: chance is 0.5, three deviations 0.69).
    assert accuracy < 0.7, accuracy


def test_the_same_attack_reads_every_choice_of_an_open_ballot(storage_env, tmp_path):
    accuracy, linked = _attack(storage_env, secret=False, tmp=tmp_path)
    assert linked >= HOUSEHOLDS * 0.9 and accuracy > 0.95, (accuracy, linked)
