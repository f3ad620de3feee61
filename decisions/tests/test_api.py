"""The API runs a whole vote through the scoping layer; residents vote and check receipts without a token."""

from accounts.models import ApiToken
from decisions import services
from decisions.models import Matter
from decisions.tests.conftest import roll, secret_vote, yes_no_matter


def bearer(user):
    _token, key = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_vote_through_the_api_from_creation_to_result(client, place):
    auth = bearer(place.officer)
    created = client.post(
        "/api/decisions",
        {
            "village_code": place.village.code,
            "matter_type": "other_self_managed",
            "title": "Ngày hội văn hoá thôn",
            "question": "Tổ chức ngày hội văn hoá thôn vào 18/11?",
            "ballot_kind": "yes_no",
        },
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    matter_id = created.json()["id"]
    assert client.post(f"/api/decisions/{matter_id}/open", **auth).status_code == 422  # not before the choice
    chose = client.post(
        f"/api/decisions/{matter_id}/online-choice",
        {"chosen_on": "2026-11-20", "households": 7, "how": "Biểu quyết tại cuộc họp thôn"},
        content_type="application/json",
        **auth,
    )
    assert chose.status_code == 200 and chose.json()["online_chosen_households"] == 7, chose.content
    opened = client.post(f"/api/decisions/{matter_id}/open", **auth).json()
    assert opened["status"] == "open" and opened["turnout"]["roll"] == 10
    entries = client.get(f"/api/decisions/{matter_id}/roll", **auth).json()
    codes = [services.code_of(e) for e in roll(Matter.objects.get(pk=matter_id))]
    for i, code in enumerate(codes[:6]):
        # A client may say which matter the ballot is for (it saves a look-up); either way it is counted once.
        body = {"code": code, "choices": ["yes"], **({"matter_id": matter_id} if i % 2 else {})}
        ballot = client.post("/api/public/ballots", body, content_type="application/json")
        assert ballot.status_code == 201 and ballot.json()["matter_id"] == matter_id
    second = client.post(
        "/api/public/ballots",
        {"code": codes[0], "choices": ["no"], "matter_id": matter_id},
        content_type="application/json",
    )
    assert second.status_code == 409 and second.json()["reason"] == "already_online"
    checked = client.post(f"/api/decisions/{matter_id}/roll/{entries[0]['id']}/check-in", **auth).json()
    assert checked["votes_here"] is False
    assert client.get(f"/api/decisions/{matter_id}/conflicts", **auth).json()[0]["attempted_via"] == "meeting"
    closed = client.post(f"/api/decisions/{matter_id}/close", b"", content_type="application/json", **auth)
    assert closed.status_code == 200, closed.content
    closed = closed.json()
    assert closed["result"]["outcome"] == "valid" and closed["final_hash"]
    assert {o["key"]: o["votes"] for o in closed["options"]} == {"yes": 6, "no": 0}
    verified = client.get(f"/api/public/decisions/{matter_id}/verify").json()
    assert verified["ok"] and verified["final_hash_computed"] == closed["final_hash"]


def test_impossible_counts_are_refused_with_the_reason(client, place):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place))
    response = client.post(
        f"/api/decisions/{matter.pk}/counts",
        {"source": "meeting", "votes": {"yes": 1}},
        content_type="application/json",
        **bearer(place.officer),
    )
    assert response.status_code == 422 and "Chỉ có 0 hộ" in response.json()["detail"][0]


def test_another_communes_official_cannot_reach_the_matter(client, place):
    matter = yes_no_matter(place)
    auth = bearer(place.outsider)
    assert client.get(f"/api/decisions/{matter.pk}", **auth).status_code == 404
    assert client.post(f"/api/decisions/{matter.pk}/open", **auth).status_code == 404
    assert client.get("/api/decisions", **auth).json() == []


def test_a_secret_ballot_hides_option_counts_from_the_public_until_it_closes(client, place):
    matter = services.open_voting(by=place.officer, matter=secret_vote(place))
    code = services.code_of(roll(matter)[0])
    receipt = client.post("/api/public/ballots", {"code": code, "choices": ["c1"]}, content_type="application/json")
    public = client.get(f"/api/public/decisions/{matter.pk}").json()
    assert public["turnout"]["online"] == 1 and all(o["votes"] is None for o in public["options"])
    lookup = client.post(
        f"/api/public/decisions/{matter.pk}/receipts", {"receipt": receipt.json()["receipt"]}, "application/json"
    ).json()
    assert lookup["counted"] is True


def test_a_client_holds_the_ballot_round_after_a_meeting_that_fell_short_then_issues_the_sheets(client, place):
    from datetime import timedelta

    from django.utils import timezone

    from decisions.models import Source
    from decisions.tests.conftest import TEAM, meeting_matter

    auth = bearer(place.officer)
    meeting = meeting_matter(place)
    services.check_in(by=place.officer, entry=roll(meeting)[0])
    services.enter_count(by=place.officer, matter=meeting, count=services.EnteredCount(Source.MEETING, {"yes": 1}))
    today = timezone.localdate()
    body = {"team": TEAM[:2], "announced_on": str(today - timedelta(days=2)), "sheets_on": str(today)}
    short = client.post(f"/api/decisions/{meeting.pk}/ballot-round", body, content_type="application/json", **auth)
    assert short.status_code == 422 and "Điều 19" in short.json()["detail"][0]
    body["team"] = TEAM
    made = client.post(f"/api/decisions/{meeting.pk}/ballot-round", body, content_type="application/json", **auth)
    assert made.status_code == 201 and made.json()["after_meeting_of_id"] == meeting.pk
    sheets = made.json()["matter_id"]
    assert client.post(f"/api/decisions/{sheets}/open", **auth).status_code == 200
    issued = client.post(f"/api/decisions/{sheets}/sheets/issue", **auth)
    assert issued.status_code == 200 and issued.json() == {"issued": 10}
