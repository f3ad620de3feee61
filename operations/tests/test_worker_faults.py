"""The task worker in other processes, on a throwaway database of the suite's kind (as decisions/tests/test_fault.py):
killed with SIGKILL in the middle of a household import, and imports timed against a writer like a ballot."""

import os

import pytest

from tests import worker


def test_an_import_whose_worker_is_killed_is_retried_by_the_next_worker_and_imports_each_household_once(
    throwaway_env,
):
    # Large enough that the kill, which follows a look at the import from another process, lands mid-write even
    # on PostgreSQL, which writes faster.
    outcome = worker.kill_mid_import(throwaway_env, rows=15000)
    assert outcome["killed_at"]["status"] == "writing", outcome  # killed with part of the file written
    assert outcome["after_kill"]["task_status"] == "RUNNING", outcome  # what a dead worker leaves behind
    assert outcome["after_kill"]["published"] == 0, outcome  # and none of it is visible
    assert outcome["task_status"] == "SUCCESSFUL" and outcome["attempts"] == 2, outcome
    assert outcome["status"] == "done", outcome
    assert outcome["published"] == outcome["households"] == 5000, outcome
    assert outcome["staged"] == 0 and outcome["residents"] == 15000, outcome


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="PostgreSQL has row locks, not one writer"
)
def test_a_ballot_like_write_never_waits_long_behind_a_large_import(throwaway_env):
    timed = worker.time_writes_during_import(throwaway_env, throwaway_env["SQLITE_PATH"], rows=6000)
    assert timed["status"] == "done" and timed["published"] == 2000, timed
    assert timed["writes"] > 50 and timed["errors"] == 0, timed
    # One transaction for the whole file held the database 9-15 s for 5,000 rows.
    assert timed["max_ms"] < 250, timed
