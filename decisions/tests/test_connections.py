"""Online ballots on every state a server's database connection can be in, as phones meet them.

A resident who takes a minute to decide sends the ballot on a connection older than CONN_MAX_AGE, which Django
closes as the request starts; runserver opens a new connection for every request; a gunicorn worker that has
served nothing yet has none. Each of them must take the ballot (the tests and the bench keep one warm
connection, where the ballot path once used a connection that was not open yet: HTTP 500, the vote lost).
"""

import http.client
import json
import time
import urllib.parse

import pytest

from conftest import run_manage
from tests import intake


def _post(port: int, path: str, fields: dict, cookie: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(
        "POST",
        path,
        body=urllib.parse.urlencode(fields),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    response = conn.getresponse()
    return response.status, response.read()


@pytest.fixture(scope="module")
def idle_env(throwaway_env):
    return {**throwaway_env, "CONN_MAX_AGE": "1"}


@pytest.mark.parametrize("server_kind", ["gunicorn", "runserver"])
def test_ballots_on_fresh_and_idle_connections_are_all_taken(idle_env, server_kind):
    prepared = json.loads(run_manage(idle_env, "bench/votes.py", "prepare", "12"))
    matter, codes = prepared["matter"], prepared["codes"]
    server, port = intake.start_gunicorn(idle_env) if server_kind == "gunicorn" else intake.start_runserver(idle_env)
    try:
        cookie = intake.session_cookie(port)
        answers = []
        # A phone that sends its ballot straight away to a worker that has not shown it.
        for code in codes[:4]:
            answers.append(_post(port, "/bieu-quyet/gui/", {"code": code, "matter": matter, "choice": "yes"}, cookie))
        # A resident who looks at the ballot, thinks past CONN_MAX_AGE, then votes.
        for code in codes[4:8]:
            token = cookie.split("=", 1)[1]  # the form's CSRF token may be the cookie's secret itself
            shown = _post(port, "/bieu-quyet/", {"code": code, "csrfmiddlewaretoken": token}, cookie)
            assert shown[0] == 200, shown
            time.sleep(1.3)
            answers.append(_post(port, "/bieu-quyet/gui/", {"code": code, "matter": matter, "choice": "no"}, cookie))
    finally:
        intake.stop(server)
    assert [status for status, _ in answers] == [200] * 8, [body[-400:] for _, body in answers]
    assert all(intake.RECEIPT.search(body) for _, body in answers)
