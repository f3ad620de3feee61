"""A task worker killed mid-import, and writers timed while an import runs: shared by `make bench` and the tests.

Django-free on purpose, like tests/intake.py: the worker runs in other processes, as in production; the
state of the import is read through bench/imports.py.
"""

import fcntl
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

from tests.intake import ROOT


def manage_script(env, *args) -> dict:
    """Run bench/<script>.py ARGS in `env` and read the JSON it prints."""
    out = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, text=True, stdout=subprocess.PIPE
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def start_worker(env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", "-v0"],
        cwd=ROOT,
        env=env,
    )


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def import_status(env, job: int) -> dict:
    return manage_script(env, "bench/imports.py", "status", str(job))


def wait_for(env, job: int, done, timeout: float = 600, every: float = 0.2) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = import_status(env, job)
        if done(status):
            return status
        time.sleep(every)
    raise TimeoutError(f"import {job}: {status}")


def kill_mid_import(env, rows: int, timeout: float = 600) -> dict:
    """Queue an import of `rows` rows; SIGKILL the worker once it has written part of it (rows hidden, not yet
    published); start a new worker, as `make run`'s loop or systemd would; wait until the job is settled.

    Returns the job's final state with `killed_at` (the state when the worker was killed) and `seconds`."""
    prepared = manage_script(env, "bench/imports.py", "prepare", str(rows))
    job = prepared["job"]
    worker = start_worker(env)
    try:
        killed_at = wait_for(env, job, lambda s: s["staged"] > 0 or s["status"] in ("done", "failed"), timeout, 0.05)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        after_kill = import_status(env, job)
    finally:
        stop_worker(worker)
    started = time.monotonic()
    worker = start_worker(env)
    try:
        final = wait_for(env, job, lambda s: s["task_status"] in ("SUCCESSFUL", "FAILED"), timeout)
    finally:
        stop_worker(worker)
    return dict(
        final,
        job=job,
        households=prepared["households"],
        killed_at=killed_at,
        after_kill=after_kill,
        seconds=round(time.monotonic() - started, 1),
    )


def time_writes_during_import(env, sqlite_path: str, rows: int, timeout: float = 600) -> dict:
    """While a worker imports `rows` rows, another process's writer does what a ballot does: take the writers'
    queue (grassroots/sqlite_lock.py), BEGIN IMMEDIATE, insert a row, commit. Returns the writes' waits (ms)."""
    prepared = manage_script(env, "bench/imports.py", "prepare", str(rows))
    job = prepared["job"]
    db = sqlite3.connect(sqlite_path, timeout=10, isolation_level=None, check_same_thread=False)
    db.execute("CREATE TABLE IF NOT EXISTS fault_probe (id INTEGER PRIMARY KEY, at REAL)")
    queue = os.open(f"{sqlite_path}-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)
    waits, errors, finished = [], [0], threading.Event()

    def writer():
        while not finished.is_set():
            started = time.perf_counter()
            try:
                fcntl.flock(queue, fcntl.LOCK_EX)
                try:
                    db.execute("BEGIN IMMEDIATE")
                    db.execute("INSERT INTO fault_probe (at) VALUES (?)", [time.time()])
                    db.execute("COMMIT")
                finally:
                    fcntl.flock(queue, fcntl.LOCK_UN)
                waits.append((time.perf_counter() - started) * 1000)
            except sqlite3.OperationalError:
                errors[0] += 1
            time.sleep(0.01)

    thread = threading.Thread(target=writer, daemon=True)
    worker = start_worker(env)
    try:
        wait_for(env, job, lambda s: s["status"] in ("validating", "writing", "done", "failed"), timeout, 0.05)
        thread.start()
        final = wait_for(env, job, lambda s: s["status"] in ("done", "failed"), timeout)
    finally:
        finished.set()
        thread.join(timeout=30)
        stop_worker(worker)
        db.close()
        os.close(queue)
    waits.sort()
    return {
        "status": final["status"],
        "published": final["published"],
        "households": prepared["households"],
        "writes": len(waits),
        "errors": errors[0],
        "max_ms": round(waits[-1], 1) if waits else None,
        "p95_ms": round(waits[int(0.95 * (len(waits) - 1))], 1) if waits else None,
    }
