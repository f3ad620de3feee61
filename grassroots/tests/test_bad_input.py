"""Bad parameters are refused with a message (422/400 in the API, 404 past the last page), never a 500; search
words and filters reach the full-text index only as plain words."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ApiToken, Role
from decisions import services as decisions
from decisions.tests.conftest import (  # noqa: F401  (the `place` fixture)
    TEAM,
    meeting_matter,
    place,
    roll,
    yes_no_matter,
)
from disclosures import services as disclosures
from disclosures.selectors import PortalFilter, portal_page
from disclosures.tests.test_publishing import data
from tests.factories import official


@pytest.fixture(autouse=True)
def _no_exceptions_raised(client):
    # A 500 is what a resident or a client would see: let it be the response, not the test's exception.
    client.raise_request_exception = False


def bearer(user):
    _token, key = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/units?limit=-1014408",
        "/api/units?offset=-1",
        "/api/units?offset=99999999999999999999",
        "/api/households?page=6310106044893116416",
        "/api/households?page=0",
        "/api/legacy-units?code=99999999999999999999",
        "/api/disclosures?page=99999999999999999999",
        "/api/disclosures/compliance/91001?year=-64503",
        "/api/consultations/1/opinions?offset=99999999999999999999",
        "/api/public/units/91001/disclosures?page=-1458&year=-64503",
        "/api/public/units/91001/disclosures?year=2026&month=13",
        '/api/public/units/91001/disclosures?topic=x"',
        '/api/public/units/91001/disclosures?q=x"&topic=x"',
        "/api/public/units/91001/disclosures?topic=x)+OR+(y&q=abc",
        "/api/public/consultations/1/opinions?limit=-5",
    ],
)
def test_an_out_of_range_api_parameter_is_a_422_with_a_message(client, tree, url):
    auth = bearer(official("xa", Role.COMMUNE_OFFICIAL, tree.commune))
    response = client.get(url, **auth)
    assert response.status_code == 422, response.content[:300]
    assert response.json()["detail"][0]["msg"]


def test_the_api_says_what_is_wrong_in_the_caller_s_language(client, tree):
    auth = bearer(official("xa", Role.COMMUNE_OFFICIAL, tree.commune))
    said = client.get("/api/units?limit=-5", **auth).json()["detail"][0]
    assert said["loc"] == ["query", "limit"] and said["type"] == "greater_than_equal"
    assert said["msg"] == "Phải ít nhất là 1."
    client.cookies["django_language"] = "en"
    assert client.get("/api/units?limit=-5", **auth).json()["detail"][0]["msg"] == "It must be at least 1."
    assert client.get("/api/units?limit=abc", **auth).json()["detail"][0]["msg"] == "It must be a whole number."
    assert client.get("/api/units").json()["detail"].startswith("A valid API token is needed")


@pytest.mark.parametrize(
    "url",
    [
        "/cong-khai/91001/?page=99999999999999999999",
        "/cong-khai/91001/?page=10001",
        "/y-kien/?page=99999999999999999999",
    ],
)
def test_a_page_past_the_last_is_not_found_not_a_server_error(client, tree, url):
    assert client.get(url).status_code == 404


def test_officials_pages_refuse_a_parameter_that_is_not_a_number_without_a_500(client, place):  # noqa: F811
    matter = decisions.open_voting(by=place.officer, matter=yes_no_matter(place))
    client.force_login(place.officer)
    assert client.get(f"/decisions/{matter.pk}/sheets.pdf?entry=abc").status_code == 404
    assert client.get("/consultations/new/?unit=%C2%B2").status_code == 200  # "²": a digit to isdigit(), not to int()


def test_an_unknown_topic_on_the_portal_shows_the_page_with_a_message(client, tree):
    response = client.get('/cong-khai/91001/?q=abc&topic=x"&year=-64503')
    assert response.status_code == 200
    assert "Bộ lọc đã chọn không hợp lệ" in response.content.decode()


def test_a_hostile_topic_cannot_widen_the_search_to_another_commune(tree):
    clerk = official("clerk", Role.COMMUNE_OFFICIAL, tree.sibling)
    theirs = disclosures.publish_disclosure(by=clerk, unit=tree.sibling, data=data(title="Thu phí chợ y tế abc"))
    assert theirs.pk
    for topic in ["x) OR (y", 'x" OR "y', "x | y", "x) OR u91002 OR (y", "x & !y"]:
        page = portal_page(tree.commune, PortalFilter(topic=topic, query="abc"))
        assert page.items == [], topic


def test_checking_in_a_household_that_had_its_sheet_then_returning_the_sheet_is_a_409(
    client,
    place,  # noqa: F811
    settings,
):
    # A ballot round that keeps the meeting's hands: a household with its sheet may still come to the meeting.
    settings.BALLOT_ROUND_READING = "absent_households"
    auth = bearer(place.officer)
    matter = meeting_matter(place)
    entry = roll(matter)[0]
    today = timezone.localdate()
    decisions.start_ballot_round(
        by=place.officer, matter=matter, team=TEAM, announced_on=today - timedelta(days=2), sheets_on=today
    )
    decisions.issue_sheets(by=place.officer, matter=matter)
    assert client.post(f"/api/decisions/{matter.pk}/roll/{entry.pk}/check-in", **auth).status_code == 200
    response = client.post(f"/api/decisions/{matter.pk}/roll/{entry.pk}/sheet-returned", **auth)
    assert response.status_code == 409
    assert response.json()["reason"] == "already_meeting" and response.json()["detail"]


def test_recognising_a_result_never_sent_is_a_422_with_the_reason(client, place):  # noqa: F811
    matter = decisions.open_voting(by=place.officer, matter=yes_no_matter(place))
    decisions.close_voting(by=place.officer, matter=matter)
    response = client.post(
        f"/api/decisions/{matter.pk}/recognition",
        {"decision_number": "", "recognised_on": "2026-01-05"},
        content_type="application/json",
        **bearer(place.officer),
    )
    assert response.status_code == 422
    assert "chưa được gửi" in response.json()["detail"][0]


def test_a_ballot_body_that_is_not_json_is_refused_with_the_documented_reason(client, db):
    response = client.post("/api/public/ballots", b"\x00", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["reason"] == "unreadable_body" and response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    ["/api/units?parent=a%00b", "/api/decisions?unit_code=%00", "/api/units/91%0001", "/api/households?q=%00"],
)
def test_a_nul_character_in_an_api_parameter_is_a_422(client, tree, url):
    response = client.get(url, **bearer(official("xa", Role.COMMUNE_OFFICIAL, tree.commune)))
    assert response.status_code == 422 and response.json()["reason"] == "nul_character"


def test_a_nul_character_in_a_json_body_is_refused_as_unreadable(client, tree):
    response = client.post(
        "/api/decisions",
        {"village_code": "\x00", "matter_type": "x", "title": "a\x00", "question": "q", "ballot_kind": "yes_no"},
        content_type="application/json",
        **bearer(official("xa", Role.COMMUNE_OFFICIAL, tree.commune)),
    )
    assert response.status_code == 400 and response.json()["reason"] == "unreadable_body"


def test_a_nul_character_in_a_page_parameter_is_a_400(client, tree):
    assert client.get("/cong-khai/91001/?q=%00").status_code == 400
