"""The write floor: what the same stack serves when a POST does the least a durable write can do.

`/bieu-quyet/gui/` here updates one row of a table of eight (as ballots pick one of eight lanes) and commits, the
way the ballot path does (SQLite: the writers' queue and BEGIN IMMEDIATE; PostgreSQL: one prepared statement in
autocommit), then answers with a receipt the load generator recognises. No code check, no ledger, no counters:
the ratio it reaches against the ceiling is the most any ballot could reach on this machine and stack.
"""

import secrets

from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from decisions import ballots, codes
from grassroots.sqlite_lock import writers_queue
from grassroots.urls import urlpatterns as app_urlpatterns

TABLE = "bench_write_floor"


def create_table() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id integer PRIMARY KEY, n integer NOT NULL)")
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(f"INSERT INTO {TABLE} (id, n) VALUES " + ", ".join(f"({i}, 0)" for i in range(8)))


@csrf_exempt
@require_POST
def write_one_row(request):
    request.POST.get("code")
    db = connections[DEFAULT_DB_ALIAS]
    row = secrets.randbelow(8)
    sql = f"UPDATE {TABLE} SET n = n + 1 WHERE id = %s"
    if db.vendor == "postgresql":
        ballots._fetchone(db, sql + " RETURNING n", [row])
    else:
        db.ensure_connection()
        with writers_queue(db), ballots._sqlite_transaction(db):
            db.connection.execute(sql.replace("%s", "?"), [row])
    receipt = codes.display(codes.new_receipt())
    return HttpResponse(f'<p class="receipt"><strong id="receipt">{receipt}</strong></p>')


urlpatterns = [path("bieu-quyet/gui/", write_one_row), *app_urlpatterns]
