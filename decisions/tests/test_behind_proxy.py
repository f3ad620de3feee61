"""Behind the reverse proxy, one client's wrong codes slow that client, not every household (issue 13, finding 7).

At a village meeting on one Wi-Fi, or behind nginx, every request used to share the proxy's address."""

import pytest

from decisions import services
from decisions.tests.conftest import roll, yes_no_matter

PROXY = "10.0.0.1"
GUESSER, VOTER = "203.0.113.7", "198.51.100.2"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.VOTE_CODE_FAILURES = 10


def via_proxy(client_ip):
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_ip}


def test_ten_wrong_codes_from_one_client_do_not_refuse_another_clients_good_code(client, place, behind_proxy):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    for i in range(10):
        wrong = client.post(
            "/api/public/ballots",
            {"code": f"AAAAA-AAA{i:02d}", "choices": ["yes"]},
            content_type="application/json",
            **via_proxy(GUESSER),
        )
        assert wrong.status_code == 400
    entry = roll(matter)[0]
    slowed = client.post(
        "/api/public/ballots",
        {"code": services.code_of(roll(matter)[1]), "choices": ["yes"]},
        content_type="application/json",
        **via_proxy(GUESSER),
    )
    assert slowed.status_code == 429
    good = client.post(
        "/api/public/ballots",
        {"code": services.code_of(entry), "choices": ["yes"]},
        content_type="application/json",
        **via_proxy(VOTER),
    )
    assert good.status_code == 201, good.content


def test_the_ballot_page_keys_wrong_codes_on_the_client_behind_the_proxy(client, place, behind_proxy):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    for i in range(10):
        assert client.post("/bieu-quyet/", {"code": f"BBBBB-BBB{i:02d}"}, **via_proxy(GUESSER)).status_code == 400
    entry = roll(matter)[0]
    assert client.post("/bieu-quyet/", {"code": services.code_of(entry)}, **via_proxy(GUESSER)).status_code == 429
    shown = client.post("/bieu-quyet/", {"code": services.code_of(entry)}, **via_proxy(VOTER))
    assert shown.status_code == 200
    cast = client.post(
        "/bieu-quyet/gui/",
        {"code": services.code_of(entry), "choice": "yes", "matter": matter.pk},
        **via_proxy(VOTER),
    )
    assert cast.status_code == 200 and 'id="receipt"' in cast.content.decode()


VILLAGE_WIFI = "203.0.113.50"  # one address for the whole meeting hall


def _phone():
    """A resident's (or a guesser's) browser: its own cookies, on the hall's shared address."""
    from django.test import Client

    phone = Client(REMOTE_ADDR=VILLAGE_WIFI)
    assert phone.get("/bieu-quyet/").status_code == 200  # shown the voting page: it gets its device cookie
    return phone


def test_a_guesser_on_the_village_wifi_slows_itself_not_its_neighbours(place, settings):
    """Behind one shared address (no proxy to tell them apart), a browser flooding wrong codes is held back; the
    neighbour's browser beside it still votes, and so does a phone with no cookies at all."""
    settings.VOTE_CODE_FAILURES = 10
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    entries = roll(matter)
    guesser, neighbour = _phone(), _phone()
    statuses = [guesser.post("/bieu-quyet/", {"code": f"CCCCC-CCC{i:02d}"}).status_code for i in range(30)]
    assert statuses[:10] == [400] * 10 and set(statuses[10:]) == {429}
    # Held back even with a right code: the guesser never learns which guess was right.
    assert guesser.post("/bieu-quyet/", {"code": services.code_of(entries[2])}).status_code == 429
    code = services.code_of(entries[0])
    assert neighbour.post("/bieu-quyet/", {"code": code}).status_code == 200
    cast = neighbour.post("/bieu-quyet/gui/", {"code": code, "choice": "yes", "matter": matter.pk})
    assert cast.status_code == 200 and 'id="receipt"' in cast.content.decode()
    from django.test import Client

    plain = Client(REMOTE_ADDR=VILLAGE_WIFI)  # no cookie: the address's cookie-less senders share one brake
    ballot = plain.post(
        "/api/public/ballots",
        {"code": services.code_of(entries[1]), "choices": ["yes"]},
        content_type="application/json",
    )
    assert ballot.status_code == 201, ballot.content


def test_a_guesser_who_takes_new_cookies_is_stopped_by_the_address_brake(place, settings):
    """A guesser may drop its cookie and fetch a new one for every ten guesses: then the whole address is held
    back at VOTE_CODE_FAILURES_PER_ADDRESS — what is left of the old lock-out, and only against such a guesser."""
    settings.VOTE_CODE_FAILURES, settings.VOTE_CODE_FAILURES_PER_ADDRESS = 10, 30
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    statuses = []
    for batch in range(5):
        phone = _phone()
        statuses += [phone.post("/bieu-quyet/", {"code": f"DDDD{batch}-DDD{i:02d}"}).status_code for i in range(10)]
    assert statuses.count(400) == 30 and statuses[30:] == [429] * 20
    assert _phone().post("/bieu-quyet/", {"code": services.code_of(roll(matter)[0])}).status_code == 429


def _resident_since(seconds_ago: int):
    """A resident's browser that was given its device id `seconds_ago` (the id carries its time, signed)."""
    import secrets
    import time

    from django.http import HttpResponse
    from django.test import Client

    from decisions import public

    phone = Client(REMOTE_ADDR=VILLAGE_WIFI)
    given = HttpResponse()
    value = f"{secrets.token_urlsafe(12)}.{int(time.time()) - seconds_ago}"
    given.set_signed_cookie(public.DEVICE_COOKIE, value, salt=public._DEVICE_SALT)
    phone.cookies[public.DEVICE_COOKIE] = given.cookies[public.DEVICE_COOKIE].value
    return phone


def test_a_cookie_changing_guesser_does_not_hold_back_residents_who_were_already_there(place, settings):
    """The address brake holds back only browsers new since the window began: the residents whose voting page was
    open before the flood keep voting; a browser arriving during it waits (a fresh attack found the lock-out)."""
    settings.VOTE_CODE_FAILURES, settings.VOTE_CODE_FAILURES_PER_ADDRESS = 10, 30
    settings.VOTE_CODE_WINDOW_MINUTES = 1
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    entries = roll(matter)
    resident = _resident_since(120)
    for batch in range(5):
        phone = _phone()
        for i in range(10):
            phone.post("/bieu-quyet/", {"code": f"FFFF{batch}-FFF{i:02d}"})
    assert _phone().post("/bieu-quyet/", {"code": services.code_of(entries[0])}).status_code == 429
    code = services.code_of(entries[1])
    assert resident.post("/bieu-quyet/", {"code": code}).status_code == 200
    cast = resident.post("/bieu-quyet/gui/", {"code": code, "choice": "yes", "matter": matter.pk})
    assert cast.status_code == 200 and 'id="receipt"' in cast.content.decode()
    # An old browser that guesses is still held back by its own brake.
    old_guesser = _resident_since(120)
    statuses = [old_guesser.post("/bieu-quyet/", {"code": f"GGGGG-GGG{i:02d}"}).status_code for i in range(12)]
    assert statuses[:10] == [400] * 10 and statuses[10:] == [429, 429]


def test_wrong_codes_from_one_ipv6_network_count_together(client, place, behind_proxy):
    """A home or a phone is given a whole /64: each of its addresses is not a new sender."""
    services.open_voting(by=place.officer, matter=yes_no_matter(place))
    statuses = [
        client.post(
            "/api/public/ballots",
            {"code": f"HHHHH-HHH{i:02d}", "choices": ["yes"]},
            content_type="application/json",
            **via_proxy(f"2001:db8:1:2::{i + 1:x}"),
        ).status_code
        for i in range(12)
    ]
    assert statuses[:10] == [400] * 10 and statuses[10:] == [429, 429]


def test_a_forged_device_cookie_counts_as_none(place, settings):
    settings.VOTE_CODE_FAILURES = 3
    services.open_voting(by=place.officer, matter=yes_no_matter(place))
    from django.test import Client

    statuses = []
    for i in range(6):  # a new made-up device id for every guess
        forger = Client(REMOTE_ADDR=VILLAGE_WIFI)
        forger.cookies["thiet-bi"] = f"made-up-{i}"
        statuses.append(forger.post("/bieu-quyet/", {"code": f"EEEEE-EEE{i:02d}"}).status_code)
    assert statuses == [400] * 3 + [429] * 3


def test_a_guesser_with_many_aged_cookies_still_meets_a_ceiling(place, settings):
    """Cookies gathered in advance and aged past the window each have their own ten guesses: the address brake for
    established browsers, five times the usual, still stops them all (a fresh attack harvested 40)."""
    settings.VOTE_CODE_FAILURES, settings.VOTE_CODE_FAILURES_PER_ADDRESS = 10, 10
    services.open_voting(by=place.officer, matter=yes_no_matter(place))
    statuses = []
    for batch in range(8):
        phone = _resident_since(120)
        statuses += [phone.post("/bieu-quyet/", {"code": f"JJJJ{batch}-JJJ{i:02d}"}).status_code for i in range(10)]
    assert statuses.count(400) == 50 and statuses[50:] == [429] * 30
