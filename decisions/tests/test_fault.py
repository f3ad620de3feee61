"""A gunicorn worker killed with SIGKILL during online voting: every acknowledged ballot is counted, once.

The test runs the real stack in other processes, on a throwaway database of the same kind as the suite's
(a SQLite file, or a PostgreSQL database it creates and drops): migrate, a matter with 4,000 households,
gunicorn with two workers, four voters sending ballots for four seconds, one worker killed after 1.5 s.
"""

import json

from conftest import run_manage as _run
from tests import intake


def test_a_killed_worker_loses_no_acknowledged_ballot_and_counts_none_twice(throwaway_env, tmp_path):
    prepared = json.loads(_run(throwaway_env, "bench/votes.py", "prepare", "4000"))
    server, port = intake.start_gunicorn(throwaway_env)
    try:
        stats, receipts, killed = intake.vote_load(
            port, prepared["matter"], prepared["codes"], seconds=4, kill=(server, 1.5)
        )
    finally:
        intake.stop(server)
    assert killed, "no worker was killed"
    receipts_file = tmp_path / "receipts.json"
    receipts_file.write_text(json.dumps(receipts))
    result = json.loads(_run(throwaway_env, "bench/votes.py", "check", str(prepared["matter"]), str(receipts_file)))
    assert result["acknowledged"] >= 100, (stats, result)
    assert result["missing"] == 0 and result["duplicates"] == 0, result
    assert result["chain_ok"] and result["tally_agrees"], result
    # A ballot and its household's "voted" mark commit together or not at all.
    assert result["ballots"] == result["households_marked_voted"], result
