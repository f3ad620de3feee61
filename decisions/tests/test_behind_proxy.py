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
