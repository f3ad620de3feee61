"""Online ballots through HTTP against gunicorn on loopback: shared by `make bench` and the fault test.

Django-free on purpose: it drives a server in other processes, as phones would.
"""

import http.client
import multiprocessing
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECEIPT = re.compile(rb'id="receipt">([0-9A-Z-]+)<')
RECEIPT_SHAPE = re.compile(r"^[0-9A-Z]{5}-[0-9A-Z]{5}$")  # decisions.codes.display of a receipt


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, workers: int = 2) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [
        "-m",
        "gunicorn",
        "grassroots.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
    ]
    # Plain HTTP on loopback: the base settings, not production's HTTPS redirect (wsgi.py's default).
    env = {"DJANGO_SETTINGS_MODULE": "grassroots.settings", **env}
    return _started(subprocess.Popen([sys.executable, *command, "--log-level", "warning"], cwd=ROOT, env=env), port)


def start_runserver(env: dict) -> tuple[subprocess.Popen, int]:
    """Django's development server, as `make run` serves: a thread and a new database connection per request."""
    port = free_port()
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    return _started(subprocess.Popen(command, cwd=ROOT, env=env, **quiet), port)


def _started(server: subprocess.Popen, port: int) -> tuple[subprocess.Popen, int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"{server.args[1]} did not start")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def workers_of(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def session_cookie(port: int) -> str:
    """The cookie the voting page sets, which a phone then sends with its ballot (the ballot needs no token)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/bieu-quyet/")
    response = conn.getresponse()
    response.read()
    return next(
        part.split(";")[0]
        for name, part in response.getheaders()
        if name.lower() == "set-cookie" and "csrftoken" in part
    )


def _send_ballot(port: int, matter, code: str, cookie: str):
    """POST one ballot as the ballot form sends it (decisions/public/ballot.html); its receipt, or None."""
    body = urllib.parse.urlencode({"code": code, "matter": matter, "choice": "yes"})
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request(
            "POST",
            "/bieu-quyet/gui/",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        )
        response = conn.getresponse()
        content = response.read()
        conn.close()
        found = RECEIPT.search(content) if response.status == 200 else None
    except (OSError, http.client.HTTPException):  # a worker killed mid-answer: not acknowledged
        found = None
    return found[1].decode().replace("-", "") if found else None


def _ping(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/ping")
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        return False


def _voter(args):
    """One process of closed-loop clients: each thread sends the next code of its own share until time is up.

    With `slice_s`, time is cut into slices (on the wall clock, the same in every process) that alternate
    between /ping and ballots: every thread sends pings in even slices and ballots in odd ones. A request is
    counted for its kind only if it started and ended in one slice."""
    port, matter, codes, seconds, threads, cookie, start_at, slice_s = args
    latencies, pings, receipts, errors = [], [], [], [0]
    lock = threading.Lock()
    stop_at = start_at + seconds
    shares = [codes[i::threads] for i in range(threads)]
    time.sleep(max(0.0, start_at - time.time()))

    def slot_at(moment: float) -> int:
        return int((moment - start_at) / slice_s) if slice_s else 1

    def loop(share):
        mine_latency, mine_pings, mine_receipts = [], [], []
        codes_left = iter(share)
        while (now := time.time()) < stop_at:
            slot = slot_at(now)
            started = time.perf_counter()
            if slot % 2 == 0:
                if _ping(port) and slot_at(time.time()) == slot:
                    mine_pings.append((time.perf_counter() - started) * 1000)
                continue
            code = next(codes_left, None)
            if code is None:
                break
            receipt = _send_ballot(port, matter, code, cookie)
            if receipt:
                mine_receipts.append(receipt)
                if slot_at(time.time()) == slot:
                    mine_latency.append((time.perf_counter() - started) * 1000)
            else:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine_latency)
            pings.extend(mine_pings)
            receipts.extend(mine_receipts)

    workers = [threading.Thread(target=loop, args=(share,)) for share in shares]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return latencies, receipts, errors[0], pings


def _stats(latencies: list[float], seconds: float, errors: int = 0) -> dict:
    latencies = sorted(latencies)
    return {
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": round(statistics.median(latencies), 2) if latencies else None,
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 2) if latencies else None,
        "requests": len(latencies),
        "errors": errors,
    }


def _run_clients(port, matter, codes, seconds, concurrency, slice_s=None, on_start=None):
    cookie = session_cookie(port)
    processes = 2 if concurrency >= 2 else 1
    per_process = max(1, concurrency // processes)
    shares = [codes[i::processes] for i in range(processes)]
    # Spawned, not forked: the caller (pytest, the bench) may have threads of its own.
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        pool.map(time.sleep, [0] * processes)  # the processes are up before the clock starts
        start_at = time.time() + 0.2
        if on_start is not None:
            on_start(start_at)
        results = pool.map(
            _voter, [(port, matter, share, seconds, per_process, cookie, start_at, slice_s) for share in shares]
        )
    latencies = [x for r in results for x in r[0]]
    receipts = [x for r in results for x in r[1]]
    errors = sum(r[2] for r in results)
    pings = [x for r in results for x in r[3]]
    return latencies, receipts, errors, pings


def interleaved(port, matter, codes, seconds, concurrency=4, slice_s=0.5):
    """Ballots against the ceiling, measured in alternating slices of the same `seconds` (half each), so that a
    machine whose speed drifts (other tenants, a burst elsewhere) weighs on both alike.

    Returns (ceiling stats of /ping, ballot stats); rps counts whole requests within their own slices."""
    latencies, _receipts, errors, pings = _run_clients(port, matter, codes, seconds, concurrency, slice_s)
    return _stats(pings, seconds / 2), _stats(latencies, seconds / 2, errors)


def vote_load(port, matter, codes, seconds, concurrency=4, kill=None):
    """Send ballots of `matter` for `seconds`; `kill` = (server, after_seconds) SIGKILLs one worker mid-run.

    Returns rps and latencies of acknowledged ballots, their receipts, and the count of failed requests."""
    killed = []
    on_start = None
    if kill is not None:
        server, after = kill

        def assassin(start_at):
            # Timed from the ballots' start, not from the call: on a slow machine the clients' setup (the page's
            # cookie, spawning them) took longer than `after`, and the kill hit the setup instead of the voting.
            time.sleep(max(0.0, start_at + after - time.time()))
            pids = workers_of(server)
            if pids:
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])

        def on_start(start_at):
            threading.Thread(target=assassin, args=(start_at,), daemon=True).start()

    latencies, receipts, errors, _ = _run_clients(port, matter, codes, seconds, concurrency, on_start=on_start)
    return _stats(latencies, seconds, errors), receipts, killed
