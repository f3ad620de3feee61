"""A resident who takes longer than CONN_MAX_AGE to decide still has the vote taken (runserver, as `make run`).

The server runs in another process on a database of its own, so that its connections open, age and close as
they do for phones; the in-process live server shares the suite's one connection and never meets that."""

import json
import time

import pytest
from playwright.sync_api import expect

from conftest import run_manage
from decisions import codes as household_codes
from tests import intake

pytestmark = pytest.mark.browser


def test_a_resident_who_thinks_past_conn_max_age_gets_a_receipt(browser, throwaway_env):
    env = {**throwaway_env, "CONN_MAX_AGE": "1"}
    prepared = json.loads(run_manage(env, "bench/votes.py", "prepare", "3"))
    server, port = intake.start_runserver(env)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/bieu-quyet/")
        page.fill("#code", household_codes.display(prepared["codes"][0]))
        page.get_by_role("button", name="Tiếp tục").click()
        page.get_by_label("Đồng ý", exact=True).check()
        time.sleep(2.5)  # longer than CONN_MAX_AGE: the server closes the connection as the ballot arrives
        page.get_by_role("button", name="Gửi biểu quyết").click()
        expect(page.locator("#receipt")).to_have_text(intake.RECEIPT_SHAPE)
    finally:
        context.close()
        intake.stop(server)
