"""Shared fixtures: a small province with two communes, their villages and households; a throwaway database for
the real stack in other processes."""

import os
import subprocess
import sys
import urllib.parse
import uuid
from dataclasses import dataclass

import pytest

from disclosures.services import seed_catalogue
from tests import intake
from tests.factories import commune, household_with, province, village


@pytest.fixture(autouse=True)
def _witness_of_this_test(settings, tmp_path):
    """Each test's votes have a witness folder of their own (decisions.witness): matter numbers repeat between
    tests, and a witness must never be read against another test's vote."""
    settings.LEDGER_WITNESS_DIR = str(tmp_path / "witness")


@dataclass
class Tree:
    province: object
    commune: object
    sibling: object
    village: object
    village2: object
    sibling_village: object
    household: object
    sibling_household: object


@pytest.fixture
def tree(db):
    p = province()
    c = commune(p, "91001", "Xã Tân Lập")
    s = commune(p, "91002", "Xã Đồng Tâm")
    v = village(c, 1, "Thôn Đông")
    v2 = village(c, 2, "Thôn Tây")
    sv = village(s, 1, "Thôn Bắc")
    h = household_with(v, "Nguyễn Văn Đức", "Lê Thị Hoa", code="91001-000001")
    sh = household_with(sv, "Trần Văn Bình", code="91002-000001")
    # The catalogue is seeded by a migration; tests that flush the database (browser tests) lose it.
    seed_catalogue()
    return Tree(p, c, s, v, v2, sv, h, sh)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_portal_cache():
    # Portal pages are cached by a version kept in the database, which each test's rollback rewinds.
    from django.core.cache import caches

    caches["portal"].clear()


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def run_manage(env, *args) -> str:
    """Run a script of the project (manage.py, bench/votes.py) in another process; its standard output."""
    return subprocess.run(
        [sys.executable, *args], cwd=intake.ROOT, env=env, check=True, text=True, stdout=subprocess.PIPE
    ).stdout


@pytest.fixture(scope="session")
def throwaway_env(tmp_path_factory):
    """The environment of a server in other processes, on a migrated database of the suite's kind that is its own
    (a SQLite file, or a PostgreSQL database created and dropped here): the state phones really meet."""
    env = dict(os.environ)
    env.update(DEBUG="0", SECRET_KEY="fault-" + "k" * 50, ALLOWED_HOSTS="127.0.0.1", LOG_LEVEL="CRITICAL")
    env.update(CONN_MAX_AGE="600")
    url = os.environ.get("DATABASE_URL", "")
    dropped = None
    if url.startswith("postgres"):
        import psycopg

        name = f"grassroots_fault_{uuid.uuid4().hex[:8]}"
        parsed = urllib.parse.urlparse(url)
        admin = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = parsed._replace(path=f"/{name}").geturl()
        dropped = (admin, name)
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(tmp_path_factory.mktemp("stack") / "stack.sqlite3")
    run_manage(env, "manage.py", "migrate", "--noinput", "-v0")
    yield env
    if dropped:
        import psycopg

        with psycopg.connect(dropped[0], autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dropped[1]}" WITH (FORCE)')


def pytest_sessionfinish(session):
    """Remove what SQLite and the writers' queue leave beside the suite's own database file (grassroots.settings
    names it per test process); Django removes the file itself."""
    from django.conf import settings

    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and name and "grassroots-test-" in str(name):
        for suffix in ("", "-wal", "-shm", "-writers.lock"):
            try:
                os.remove(f"{name}{suffix}")
            except FileNotFoundError:
                pass
