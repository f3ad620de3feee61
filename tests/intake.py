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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, workers: int = 2) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "grassroots.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
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
    raise RuntimeError("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def workers_of(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def csrf(port: int) -> tuple[str, str]:
    """A CSRF cookie and token from the voting page, as a browser would get them."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/bieu-quyet/")
    response = conn.getresponse()
    body = response.read()
    cookie = next(
        part.split(";")[0]
        for name, part in response.getheaders()
        if name.lower() == "set-cookie" and "csrftoken" in part
    )
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1].decode()
    return cookie, token


def _voter(args):
    """One process of closed-loop voters: each thread sends the next code of its own share until time is up."""
    port, codes, seconds, threads, cookie, token = args
    latencies, receipts, errors = [], [], [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    shares = [codes[i::threads] for i in range(threads)]

    def loop(share):
        mine_latency, mine_receipts = [], []
        for code in share:
            if time.monotonic() >= stop_at:
                break
            body = urllib.parse.urlencode({"code": code, "choice": "yes", "csrfmiddlewaretoken": token})
            started = time.perf_counter()
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
            if found:
                mine_latency.append((time.perf_counter() - started) * 1000)
                mine_receipts.append(found[1].decode().replace("-", ""))
            else:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine_latency)
            receipts.extend(mine_receipts)

    workers = [threading.Thread(target=loop, args=(share,)) for share in shares]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return latencies, receipts, errors[0]


def vote_load(port, codes, seconds, concurrency=4, kill=None):
    """Send ballots for `seconds`; `kill` = (server, after_seconds) SIGKILLs one worker mid-run.

    Returns rps and latencies of acknowledged ballots, their receipts, and the count of failed requests."""
    cookie, token = csrf(port)
    processes = 2 if concurrency >= 2 else 1
    per_process = max(1, concurrency // processes)
    shares = [codes[i::processes] for i in range(processes)]
    killed = []
    if kill is not None:
        server, after = kill

        def assassin():
            time.sleep(after)
            pids = workers_of(server)
            if pids:
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])

        threading.Thread(target=assassin, daemon=True).start()
    # Spawned, not forked: the caller (pytest, the bench) may have threads of its own.
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        started = time.monotonic()
        results = pool.map(_voter, [(port, share, seconds, per_process, cookie, token) for share in shares])
        elapsed = time.monotonic() - started
    latencies = sorted(x for lat, _, _ in results for x in lat)
    receipts = [r for _, rec, _ in results for r in rec]
    errors = sum(e for _, _, e in results)
    stats = {
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 2) if latencies else None,
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 2) if latencies else None,
        "requests": len(latencies),
        "errors": errors,
    }
    return stats, receipts, killed
