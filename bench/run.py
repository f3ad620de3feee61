#!/usr/bin/env python
"""`make bench`: the app under gunicorn (2 workers) on loopback against a generated full-scale province.

Prints one JSON object per line: {"name", "value", "unit", ...}. Every HTTP line also has rps, p50_ms, p95_ms
and ratio (its rps divided by the ceiling's rps measured in the same run). The ceiling is /ping, which touches
no database. Generated databases are cached (bench/.cache for SQLite; the BENCH_DATABASE_URL database for
PostgreSQL) and regenerated only when missing.

Environment: BENCH_SECONDS (per measurement, default 10), BENCH_CONCURRENCY (default 4), BENCH_HOUSEHOLDS
(default 500000; smaller for a quick look), BENCH_DATABASE_URL (default the local PostgreSQL server),
BENCH_SKIP_POSTGRESQL=1, BENCH_DISCLOSURES (default 200000).

Lines: ceiling, household_search_page(_commune), household_search_api, portal_unit_page, portal_search (HTTP lines)
and compliance_rollup (seconds, median of 5 in-process runs); ballot_intake_sqlite and ballot_intake_postgresql
(HTTP POST lines: online ballots with one-time codes, each acknowledged after its commit, against the ceiling on
the same 4-worker server, the two taking turns in half-second slices; the median of three rounds),
write_floor_sqlite and write_floor_postgresql (the same for a POST that only updates one row and commits: the most
a ballot could reach on the machine), ballot_intake_secret_sqlite and _postgresql (the same for a secret ballot,
each ballot encrypted with its proofs), secret_tally_100k (seconds to close a secret ballot of 100,000 encrypted
ballots with the counting team's slips and verify it; goal < 30), tally_1m (ms) and recount_1m (s) on a matter of
1,000,000 ballots (these on a database of their own: part "votes"); grouping_10k and grouping_100k (seconds to
group generated opinions); consultation_page_10k and consultation_page_10k_uncached (HTTP lines: the public page of
a consultation with 10,000 opinions, on a database of its own); overlap_check (seconds: a 200-task programme
checked against 2,000 tasks, on the same database); province_dashboard (HTTP line, the five last years) and
annual_report (seconds) on the full-scale province with five years of activity (`manage.py generate_activity`).

The fault run, on small databases of its own (BENCH_FAULT_ROLL households on a roll, BENCH_FAULT_IMPORT_ROWS
rows in an import): fault_worker_kill_lost (acknowledged ballots missing after a run in which one web worker is
SIGKILLed; duplicates and chain_ok beside it), fault_db_restart_lost (the same with the PostgreSQL cluster that
serves BENCH_DATABASE_URL restarted with pg_ctlcluster: its port is looked up in pg_lsclusters; PostgreSQL only),
fault_job_recovered (1 when a household import whose task worker was SIGKILLed mid-write ended retried or
failed, never left running) and ballot_p95_during_import_sqlite (ballots sent while the import runs in a task
worker beside gunicorn: p95 ms, failed requests).

BENCH_ONLY=grouping,consultation,overlap,votes,faults,suite runs some parts only (steering: the two steering lines
alone, with what they need). Other PostgreSQL lines end in _postgresql.
"""

import http.client
import json
import multiprocessing
import os
import random
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
sys.path.insert(0, str(ROOT))

from tests import intake, worker  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
PYTHON = sys.executable
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
HOUSEHOLDS = int(os.environ.get("BENCH_HOUSEHOLDS", "500000"))
DISCLOSURES = int(os.environ.get("BENCH_DISCLOSURES", "200000"))
INTAKE_ROLL = int(os.environ.get("BENCH_INTAKE_ROLL", "30000"))  # more codes than one round can use
INTAKE_ROUNDS = 3
# gunicorn's advice, 2 workers per core: a ballot spends part of its time waiting on the database's commit, which
# another worker can use. The ceiling these lines are compared with is measured on the same 4-worker server.
INTAKE_WORKERS = 4
PROVINCE = "08"
# households.demo.GENERATOR_VERSION, read without starting Django: caches are keyed on it.
GENERATOR_VERSION = re.search(r"GENERATOR_VERSION = (\d+)", (ROOT / "households" / "demo.py").read_text())[1]
SCALE = {
    "communes": 100,
    "villages-per-commune": 15,
    "households": HOUSEHOLDS,
    "residents-per-household": 4.0,
}


def emit(**fields):
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def log(message):
    print(message, file=sys.stderr, flush=True)


def manage(env, *args, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else sys.stderr,
    )
    return result.stdout


def base_env(**extra):
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        DEBUG="0",
        SECRET_KEY="bench-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="ERROR",
        CONN_MAX_AGE="600",
        **extra,
    )
    return env


def ensure_population(env, label):
    """Migrate, and generate the province once; emit how long generation took when it ran."""
    manage(env, "migrate", "--noinput", "-v0")
    count = manage(
        env, "shell", "-c", "from households.models import Household; print(Household.objects.count())", capture=True
    )
    if int(count.strip().splitlines()[-1]) >= HOUSEHOLDS:
        return
    log(f"[{label}] generating the full-scale province (once; cached afterwards)…")
    started = time.monotonic()
    args = ["generate_province", "--province", PROVINCE]
    for key, value in SCALE.items():
        args += [f"--{key}", str(value)]
    manage(env, *args)
    emit(
        name=f"generate_province_{label}",
        value=round(time.monotonic() - started, 1),
        unit="s",
        households=HOUSEHOLDS,
        residents_per_household=SCALE["residents-per-household"],
    )


def ensure_disclosures(env, label):
    """Add the benchmark's disclosures to a cached province that does not have them yet."""
    count = manage(
        env, "shell", "-c", "from disclosures.models import Disclosure; print(Disclosure.objects.count())", capture=True
    )
    if int(count.strip().splitlines()[-1]) >= DISCLOSURES:
        return
    log(f"[{label}] generating {DISCLOSURES} disclosures (once; cached afterwards)…")
    started = time.monotonic()
    manage(env, "generate_disclosures", "--province", PROVINCE, "--count", str(DISCLOSURES))
    emit(
        name=f"generate_disclosures_{label}",
        value=round(time.monotonic() - started, 1),
        unit="s",
        disclosures=DISCLOSURES,
    )


def _client(args):
    """One client process: `threads` closed-loop clients for `seconds`; returns latencies in ms and errors.

    With `unique`, each request gets a never-seen query parameter, so no page cache can answer it.
    """
    port, paths, headers, seconds, threads, seed, unique = args
    rng = random.Random(seed)
    latencies, errors = [], [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def loop(thread_seed):
        local_rng = random.Random(thread_seed)
        mine = []
        while time.monotonic() < stop_at:
            path = local_rng.choice(paths)
            if unique:
                path += ("&" if "?" in path else "?") + f"nocache={local_rng.getrandbits(48)}"
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                ok = response.status == 200
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            if ok:
                mine.append(elapsed)
            else:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=loop, args=(rng.random(),)) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return latencies, errors[0]


def measure(port, paths, headers=None, seconds=SECONDS, concurrency=CONCURRENCY, unique=False):
    processes = 2 if concurrency >= 2 else 1
    per_process = max(1, concurrency // processes)
    # Warm up caches and connections, not counted.
    _client((port, paths, headers or {}, 1.0, 1, 0, unique))
    with multiprocessing.Pool(processes) as pool:
        started = time.monotonic()
        results = pool.map(
            _client, [(port, paths, headers or {}, seconds, per_process, i, unique) for i in range(processes)]
        )
        elapsed = time.monotonic() - started
    latencies = sorted(x for lat, _ in results for x in lat)
    errors = sum(e for _, e in results)
    if not latencies:
        raise RuntimeError(f"no successful request to {paths[0]} ({errors} errors)")
    return {
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 2),
        "requests": len(latencies),
        "errors": errors,
    }


def http_line(name, stats, ceiling_rps, **extra):
    emit(
        name=name,
        value=stats["p95_ms"],
        unit="ms",
        **stats,
        ratio=round(stats["rps"] / ceiling_rps, 3),
        concurrency=CONCURRENCY,
        seconds=SECONDS,
        **extra,
    )


def ensure_activity(env, label):
    """Five years of votes, consultations, programmes and inspections for the steering lines (once; cached)."""
    count = manage(
        env, "shell", "-c", "from steering.models import Programme; print(Programme.objects.count())", capture=True
    )
    if int(count.strip().splitlines()[-1]):
        return
    log(f"[{label}] generating five years of activity (once; cached afterwards)…")
    started = time.monotonic()
    manage(env, "generate_activity", "--province", PROVINCE, "--years", "5")
    emit(name=f"generate_activity_{label}", value=round(time.monotonic() - started, 1), unit="s", years=5)


def bench_script(env, name, *args):
    """Run bench/<name>.py in the benchmark's Django environment and read the JSON object it prints."""
    return json.loads(
        subprocess.run(
            [PYTHON, f"bench/{name}.py", *args], cwd=ROOT, env=env, check=True, text=True, stdout=subprocess.PIPE
        ).stdout
    )


def _prepare_actors(env) -> dict:
    return bench_script(env, "prepare", PROVINCE)


def run_steering(env, label, suffix, ensure=False):
    """`province_dashboard`: a provincial member's dashboard for each of the last five years, on its own server
    after the ceiling; `annual_report`: last year's report generated through the service."""
    if ensure:
        ensure_population(env, label)
        ensure_disclosures(env, label)
    ensure_activity(env, label)
    actors = _prepare_actors(env)
    server, port = intake.start_gunicorn(env)
    try:
        ceiling = measure(port, ["/ping"])
        this_year = time.localtime().tm_year
        dashboard = measure(
            port,
            [f"/steering/dashboard/?year={year}" for year in range(this_year - 4, this_year + 1)],
            {"Cookie": actors["province"]["cookie"]},
        )
        http_line(f"province_dashboard{suffix}", dashboard, ceiling["rps"], database=label, years=5)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = bench_script(env, "report", PROVINCE)
    emit(name=f"annual_report{suffix}", value=report.pop("median_s"), unit="s", database=label, **report)


def run_suite(env, label, suffix):
    ensure_population(env, label)
    ensure_disclosures(env, label)
    actors = _prepare_actors(env)
    server, port = intake.start_gunicorn(env)
    try:
        ceiling = measure(port, ["/ping"])
        http_line(f"ceiling{suffix}", ceiling, ceiling["rps"], database=label)
        queries = [urllib.parse.quote(q) for q in actors["queries"]]
        for who in ("province", "commune"):
            actor = actors[who]
            page = measure(port, [f"/households/?q={q}" for q in queries], {"Cookie": actor["cookie"]})
            name = "household_search_page" if who == "province" else "household_search_page_commune"
            http_line(
                f"{name}{suffix}",
                page,
                ceiling["rps"],
                database=label,
                scope=who,
                households=actors["households"],
                residents=actors["residents"],
            )
        api = measure(
            port,
            [f"/api/households?q={q}" for q in queries],
            {"Authorization": f"Bearer {actors['province']['token']}"},
        )
        http_line(
            f"household_search_api{suffix}",
            api,
            ceiling["rps"],
            database=label,
            scope="province",
            households=actors["households"],
            residents=actors["residents"],
        )
        portal = actors["portal"]
        unit_pages = measure(port, portal["unit_pages"])
        http_line(
            f"portal_unit_page{suffix}",
            unit_pages,
            ceiling["rps"],
            database=label,
            disclosures=portal["disclosures"],
            pages=len(portal["unit_pages"]),
        )
        searches = measure(port, portal["searches"])
        http_line(
            f"portal_search{suffix}",
            searches,
            ceiling["rps"],
            database=label,
            disclosures=portal["disclosures"],
            queries=len(portal["searches"]),
        )
        # The same pages with the page cache defeated: what a reader pays on a page nobody asked for lately.
        for name, paths in (
            ("portal_unit_page_uncached", portal["unit_pages"]),
            ("portal_search_uncached", portal["searches"]),
        ):
            stats = measure(port, paths, unique=True)
            http_line(f"{name}{suffix}", stats, ceiling["rps"], database=label, disclosures=portal["disclosures"])
    finally:
        server.terminate()
        server.wait(timeout=30)
    rollup = bench_script(env, "rollup", PROVINCE)
    emit(name=f"compliance_rollup{suffix}", value=rollup["median_s"], unit="s", database=label, **rollup)
    run_steering(env, label, suffix)


def interleaved_line(name, env, matter, codes, label, **extra):
    """Emit `name`: INTAKE_ROUNDS rounds on one INTAKE_WORKERS server; in each, ballots and the ceiling (/ping)
    take turns in half-second slices for 2 x SECONDS, so that the machine's drifting speed weighs on both alike.
    The line is the median round's, with every round's ratio."""
    server, port = intake.start_gunicorn(env, workers=INTAKE_WORKERS)
    rounds = []
    try:
        measure(port, ["/ping"], seconds=1)  # warm up
        for i in range(INTAKE_ROUNDS):
            share = codes[i * INTAKE_ROLL : (i + 1) * INTAKE_ROLL]
            ceiling, stats = intake.interleaved(port, matter, share, 2 * SECONDS, CONCURRENCY)
            rounds.append((stats["rps"] / ceiling["rps"], stats, ceiling))
    finally:
        server.terminate()
        server.wait(timeout=30)
    rounds.sort(key=lambda r: r[0])
    _ratio, stats, ceiling = rounds[len(rounds) // 2]
    http_line(
        name,
        stats,
        ceiling["rps"],
        database=label,
        ceiling=ceiling["rps"],
        workers=INTAKE_WORKERS,
        ratios=[round(r[0], 3) for r in rounds],
        measured="interleaved with the ceiling, 0.5 s slices",
        **extra,
    )


SECRET_TALLY_BALLOTS = 100_000


def run_votes(env, label, suffix):
    """The ballot lines, on a database of their own: a roll needs no registry (bench/votes.py)."""
    manage(env, "migrate", "--noinput", "-v0")
    prepared = bench_script(env, "votes", "prepare", str(INTAKE_ROLL * INTAKE_ROUNDS))
    interleaved_line(
        f"ballot_intake_{label}",
        env,
        prepared["matter"],
        prepared["codes"],
        label,
        roll=INTAKE_ROLL,
        acknowledged="after commit",
    )
    # A secret ballot: each ballot is encrypted with its proofs before it is stored (decisions.secrecy).
    secret = bench_script(env, "votes", "prepare-secret", str(INTAKE_ROLL * INTAKE_ROUNDS))
    interleaved_line(
        f"ballot_intake_secret_{label}",
        env,
        secret["matter"],
        secret["codes"],
        label,
        roll=INTAKE_ROLL,
        acknowledged="after commit",
        encrypted="exponential ElGamal on secp256k1, with proofs",
    )
    tally = bench_script(env, "votes", "secret-tally", str(SECRET_TALLY_BALLOTS))
    emit(
        name=f"secret_tally_100k{suffix}",
        value=round(tally["close_s"] + tally["verify_s"], 2),
        unit="s",
        goal_s=30,
        database=label,
        **tally,
    )
    # The same, for a POST that only updates one row and commits (bench/floor_urls.py): what any ballot could reach.
    floor_env = dict(env, DJANGO_SETTINGS_MODULE="bench.floor_settings")
    subprocess.run(
        [PYTHON, "-c", "import django; django.setup(); from bench.floor_urls import create_table; create_table()"],
        cwd=ROOT,
        env=floor_env,
        check=True,
    )
    interleaved_line(
        f"write_floor_{label}",
        floor_env,
        0,
        prepared["codes"],
        label,
        writes="one row updated and committed per request",
    )
    million = bench_script(env, "votes", "million")
    emit(
        name=f"tally_1m{suffix}",
        value=million["tally_ms"],
        unit="ms",
        max_ms=million["tally_max_ms"],
        ballots=million["ballots"],
        runs=21,
        database=label,
    )
    emit(
        name=f"recount_1m{suffix}",
        value=million["recount_s"],
        unit="s",
        max_s=million["recount_max_s"],
        ballots=million["ballots"],
        agrees=million["recount_agrees"],
        runs=3,
        database=label,
    )


# The fault run ------------------------------------------------------------------------------------------------
# On small databases of its own (a fresh SQLite file; a fresh database on BENCH_DATABASE_URL's server): web
# workers killed, the database server restarted, the task worker killed, each while ballots or an import run.

FAULT_ROLL = int(os.environ.get("BENCH_FAULT_ROLL", "40000"))
FAULT_IMPORT_ROWS = int(os.environ.get("BENCH_FAULT_IMPORT_ROWS", "50000"))
ROUND_SECONDS = 10  # ballots during an import: rounds that ended while it still ran (or the first) are counted


def check_receipts(env, run, matter, receipts) -> dict:
    """bench/votes.py check: every acknowledged receipt in the ledger once, the chains verify, the tally agrees."""
    receipts_file = CACHE / f"receipts-{run}.json"
    receipts_file.write_text(json.dumps(receipts))
    return bench_script(env, "votes", "check", str(matter), str(receipts_file))


def fault_ballots(env, label, suffix, name, fault):
    """Ballots for SECONDS while `fault(server)` runs a third of the way in; then every acknowledged receipt is
    looked up: none missing, none twice, every chain verifies."""
    prepared = bench_script(env, "votes", "prepare", str(FAULT_ROLL))
    server, port = intake.start_gunicorn(env)
    done = {}

    def strike():
        time.sleep(SECONDS / 3)
        done.update(fault(server))

    striker = threading.Thread(target=strike, daemon=True)
    striker.start()
    try:
        latencies, receipts, errors, _ = intake._run_clients(port, prepared["matter"], prepared["codes"], SECONDS, 4)
    finally:
        striker.join(timeout=120)
        intake.stop(server)
    checked = check_receipts(env, f"{name}-{label}", prepared["matter"], receipts)
    emit(
        name=f"{name}{suffix}",
        value=checked["missing"],
        unit="ballots",
        duplicates=checked["duplicates"],
        acknowledged=checked["acknowledged"],
        failed_requests=errors,
        chain_ok=checked["chain_ok"],
        tally_agrees=checked["tally_agrees"],
        database=label,
        **done,
    )


def kill_a_web_worker(server):
    pids = intake.workers_of(server)
    if pids:
        os.kill(pids[0], signal.SIGKILL)
    return {"workers_killed": len(pids[:1])}


def postgresql_cluster(url):
    """(version, name) of the local cluster that serves `url`, from its port (pg_lsclusters)."""
    port = urllib.parse.urlparse(url).port or 5432
    for line in subprocess.run(
        ["pg_lsclusters", "--no-header"], check=True, text=True, capture_output=True
    ).stdout.splitlines():
        version, name, cluster_port = line.split()[:3]
        if int(cluster_port) == port:
            return version, name
    raise RuntimeError(f"no local PostgreSQL cluster on port {port}")


def restart_postgresql(url):
    def fault(_server):
        version, name = postgresql_cluster(url)
        started = time.monotonic()
        subprocess.run(["pg_ctlcluster", version, name, "restart"], check=True)
        return {"cluster": f"{version}/{name}", "restart_s": round(time.monotonic() - started, 1)}

    return fault


def fault_job(env, label, suffix):
    outcome = worker.kill_mid_import(env, rows=FAULT_IMPORT_ROWS)
    settled = outcome["task_status"] in ("SUCCESSFUL", "FAILED")
    emit(
        name=f"fault_job_recovered{suffix}",
        value=1 if settled else 0,
        unit="jobs",
        outcome="retried" if outcome["attempts"] > 1 and outcome["status"] == "done" else outcome["status"],
        task_status=outcome["task_status"],
        killed_while=outcome["killed_at"]["status"],
        left_running_by_the_kill=outcome["after_kill"]["task_status"] == "RUNNING",
        attempts=outcome["attempts"],
        households_expected=outcome["households"],
        households_published=outcome["published"],
        staged_left=outcome["staged"],
        recovered_in_s=outcome["seconds"],
        rows=FAULT_IMPORT_ROWS,
        database=label,
    )


def ballots_during_import(env, label):
    """`ballot_p95_during_import_sqlite`: ballots sent, in rounds, for as long as a FAULT_IMPORT_ROWS import
    runs in a task worker beside the web server; every acknowledged receipt is then looked up."""
    prepared = bench_script(env, "votes", "prepare", str(FAULT_ROLL))
    job = worker.manage_script(env, "bench/imports.py", "prepare", str(FAULT_IMPORT_ROWS))["job"]
    server, port = intake.start_gunicorn(env)
    task_worker = worker.start_worker(env)
    latencies, receipts, errors, rounds, overlapping = [], [], 0, 0, 0
    codes = prepared["codes"]
    started = time.monotonic()
    try:
        worker.wait_for(env, job, lambda s: s["status"] != "pending", every=0.1)
        while codes:
            share, codes = codes[:6000], codes[6000:]
            round_latencies, round_receipts, round_errors, _ = intake._run_clients(
                port, prepared["matter"], share, ROUND_SECONDS, CONCURRENCY
            )
            receipts += round_receipts
            rounds += 1
            final = worker.import_status(env, job)
            if final["status"] in ("done", "failed") and overlapping:
                break  # this round ran partly after the import: not counted
            latencies += round_latencies
            errors += round_errors
            overlapping += 1
            if final["status"] in ("done", "failed"):
                break
    finally:
        worker.stop_worker(task_worker)
        intake.stop(server)
    checked = check_receipts(env, f"during-import-{label}", prepared["matter"], receipts)
    stats = intake._stats(latencies, max(1, overlapping) * ROUND_SECONDS, errors)
    emit(
        name=f"ballot_p95_during_import_{label}",
        value=stats["p95_ms"],
        unit="ms",
        p50_ms=stats["p50_ms"],
        ballots=stats["requests"],
        failed_requests=errors,
        missing=checked["missing"],
        import_status=final["status"],
        import_rows=FAULT_IMPORT_ROWS,
        households_published=final["published"],
        import_s=round(time.monotonic() - started, 1),
        rounds_counted=overlapping,
        round_s=ROUND_SECONDS,
        database=label,
    )


def run_faults(env, label, suffix, postgresql_url=None):
    log(f"[{label}] fault run on a database of its own")
    manage(env, "migrate", "--noinput", "-v0")
    fault_ballots(env, label, suffix, "fault_worker_kill_lost", kill_a_web_worker)
    if postgresql_url:
        fault_ballots(env, label, suffix, "fault_db_restart_lost", restart_postgresql(postgresql_url))
    fault_job(env, label, suffix)
    if label == "sqlite":
        ballots_during_import(env, label)


def fresh_postgres_database(url):
    import psycopg

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def postgres_reachable(url):
    parsed = urllib.parse.urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), timeout=2):
            return True
    except OSError:
        return False


def ensure_postgres_database(url):
    """Create the benchmark database on the server if it is not there (psycopg, autocommit)."""
    import psycopg

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def run_grouping():
    """Grouping generated Vietnamese opinions (consultations.grouping): seconds, median of 3 runs each."""
    from collections import Counter

    from consultations.generate import generate_opinions
    from consultations.grouping import group_opinions

    for count, name in ((10_000, "grouping_10k"), (100_000, "grouping_100k")):
        opinions = generate_opinions(count, seed=1)
        texts = [text for text, _ in opinions]
        times = []
        for _ in range(3):
            started = time.perf_counter()
            grouping = group_opinions(texts)
            times.append(time.perf_counter() - started)
        points: dict[int, list[int]] = {}
        for (_, point), label in zip(opinions, grouping.labels, strict=True):
            points.setdefault(label, []).append(point)
        # Purity: the share of opinions whose group's most common point is their own.
        purity = sum(Counter(p).most_common(1)[0][1] for p in points.values()) / count
        emit(
            name=name,
            value=round(statistics.median(times), 2),
            unit="s",
            max_s=round(max(times), 2),
            opinions=count,
            groups=len(grouping.key_phrases),
            points_made=len({p for _, p in opinions}),
            purity=round(purity, 3),
        )


def run_consultation(env, label, suffix):
    """The public page of a consultation with 10,000 opinions (bench/consultation.py), on a database of its own:
    the page reads the consultation's rows, not the province's. As served (the page cache answers repeat
    readers), and with the cache defeated."""
    manage(env, "migrate", "--noinput", "-v0")
    prepared = bench_script(env, "consultation")
    server, port = intake.start_gunicorn(env)
    try:
        ceiling = measure(port, ["/ping"])
        facts = {"database": label, "opinions": prepared["opinions"], "groups": prepared["groups"]}
        for name, unique in (("consultation_page_10k", False), ("consultation_page_10k_uncached", True)):
            stats = measure(port, prepared["paths"], unique=unique)
            http_line(f"{name}{suffix}", stats, ceiling["rps"], pages=len(prepared["paths"]), **facts)
    finally:
        server.terminate()
        server.wait(timeout=30)


def run_overlap(env, label, suffix):
    """`overlap_check`: a 200-task programme against 2,000 tasks of another committee, through the service (reads
    the tasks, compares, writes the flags), on the consultation lines' database."""
    manage(env, "migrate", "--noinput", "-v0")
    result = bench_script(env, "overlap")
    emit(name=f"overlap_check{suffix}", value=result.pop("median_s"), unit="s", database=label, **result)


def main():
    CACHE.mkdir(parents=True, exist_ok=True)
    # BENCH_ONLY=grouping,consultation,overlap,votes,faults,suite runs some parts (all by default).
    parts = "grouping,consultation,overlap,votes,faults,suite"
    only = set(filter(None, os.environ.get("BENCH_ONLY", parts).split(",")))
    if "grouping" in only:
        run_grouping()
    sqlite_path = CACHE / f"province-{PROVINCE}-{HOUSEHOLDS}-v{GENERATOR_VERSION}.sqlite3"
    small_sqlite = base_env(SQLITE_PATH=str(CACHE / "consultation.sqlite3"))
    if "consultation" in only:
        run_consultation(small_sqlite, "sqlite", "")
    if "overlap" in only:
        run_overlap(small_sqlite, "sqlite", "")
    if "votes" in only:
        run_votes(base_env(SQLITE_PATH=str(CACHE / "votes.sqlite3")), "sqlite", "")
    if "faults" in only:
        faults_sqlite = CACHE / "faults.sqlite3"
        for stale in CACHE.glob("faults.sqlite3*"):
            stale.unlink()
        run_faults(base_env(SQLITE_PATH=str(faults_sqlite)), "sqlite", "")
    if "suite" in only:
        run_suite(base_env(SQLITE_PATH=str(sqlite_path)), "sqlite", "")
    elif "steering" in only:
        run_steering(base_env(SQLITE_PATH=str(sqlite_path)), "sqlite", "", ensure=True)

    url = os.environ.get(
        "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/grassroots_bench_v{GENERATOR_VERSION}"
    )
    if os.environ.get("BENCH_SKIP_POSTGRESQL"):
        emit(name="household_search_page_postgresql", value=None, unit="ms", skipped="BENCH_SKIP_POSTGRESQL is set")
    elif not postgres_reachable(url):
        emit(name="household_search_page_postgresql", value=None, unit="ms", skipped=f"no PostgreSQL at {url}")
    else:
        small_url = urllib.parse.urlparse(url)._replace(path="/grassroots_bench_consultation").geturl()
        if only & {"consultation", "overlap"}:
            ensure_postgres_database(small_url)
        if "consultation" in only:
            run_consultation(base_env(DATABASE_URL=small_url), "postgresql", "_postgresql")
        if "overlap" in only:
            run_overlap(base_env(DATABASE_URL=small_url), "postgresql", "_postgresql")
        if "votes" in only:
            votes_url = urllib.parse.urlparse(url)._replace(path="/grassroots_bench_votes").geturl()
            ensure_postgres_database(votes_url)
            run_votes(base_env(DATABASE_URL=votes_url), "postgresql", "_postgresql")
        if "suite" in only:
            ensure_postgres_database(url)
            run_suite(base_env(DATABASE_URL=url), "postgresql", "_postgresql")
        if "faults" in only:
            faults_url = urllib.parse.urlparse(url)._replace(path="/grassroots_bench_faults").geturl()
            fresh_postgres_database(faults_url)
            run_faults(base_env(DATABASE_URL=faults_url), "postgresql", "_postgresql", postgresql_url=faults_url)
        elif "steering" in only:
            ensure_postgres_database(url)
            run_steering(base_env(DATABASE_URL=url), "postgresql", "_postgresql", ensure=True)


if __name__ == "__main__":
    main()
