"""A queue for SQLite writers in different processes.

SQLite lets one writer at a time; a writer that finds the database locked polls, sleeping 1, 2, 5, 10… ms
between tries (its busy handler). Under a stream of short write transactions from several gunicorn workers
those sleeps, not the writes, set the pace. Taking an exclusive `flock` on a file beside the database before
`BEGIN IMMEDIATE` makes writers wait in the kernel instead, and each is woken the moment the previous one is
done. Other databases have row locks and need none of this: there the context manager does nothing.
"""

import fcntl
import os
from contextlib import contextmanager

from django.db import connection

_handles: dict[str, int] = {}


def _handle(path: str) -> int:
    handle = _handles.get(path)
    if handle is None:
        handle = _handles[path] = os.open(f"{path}-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)
    return handle


@contextmanager
def writers_queue(db=None):
    db = db or connection
    name = db.settings_dict["NAME"]
    if db.vendor != "sqlite" or not name or str(name).startswith(":memory:") or "mode=memory" in str(name):
        yield
        return
    handle = _handle(str(name))
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
