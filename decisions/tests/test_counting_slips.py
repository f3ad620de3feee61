"""The counting team's key slips reach only their members: the official who names the team gets one link per
member, each member draws their own slip once, on their own device, and voting opens only when all have."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from decisions import secrecy, services
from decisions.models import CountingSlip, Matter
from decisions.tests.conftest import TEAM, secret_vote
from decisions.tests.test_api import bearer


def _draft_secret_vote(place):
    return secret_vote(place, team=False)


def _token(link_url: str) -> str:
    return link_url.split("#", 1)[1]


def test_the_official_sees_links_not_slips_and_each_member_draws_theirs_once(client, place):
    matter = _draft_secret_vote(place)
    client.force_login(place.officer)
    page = client.post(f"/decisions/{matter.pk}/counting-team/", {"team": "\n".join(TEAM)}).content.decode()
    matter.refresh_from_db()
    links = re.findall(r'<code class="break">([^<]*#[^<]*)</code>', page)
    assert len(links) == 3 and all("/bieu-quyet/kiem-phieu/#" in link for link in links)
    # What the official's page shows opens no total: no slip's code is on it.
    stored = list(CountingSlip.objects.filter(matter=matter).order_by("member"))
    codes = [secrecy.open_slip(_token(link), slip.sealed) for link, slip in zip(links, stored, strict=True)]
    assert all(code not in page for code in codes)
    # Nor can the official open voting before the members have drawn.
    opened = client.post(f"/decisions/{matter.pk}/open/", follow=True).content.decode()
    assert "3 thành viên ban kiểm phiếu chưa nhận phiếu khoá" in opened
    assert Matter.objects.get(pk=matter.pk).status == "draft"

    member = Client()  # the member's own phone: no session of the official's
    form = member.get("/bieu-quyet/kiem-phieu/")
    assert form.status_code == 200 and 'name="token"' in form.content.decode()
    drawn = member.post("/bieu-quyet/kiem-phieu/", {"token": _token(links[0])}).content.decode()
    assert codes[0] in drawn and "Lê Văn Kiểm" in drawn
    again = member.post("/bieu-quyet/kiem-phieu/", {"token": _token(links[0])}).content.decode()
    assert codes[0] not in again and "đã được nhận" in again  # shown once: a second look says when it was drawn
    assert CountingSlip.objects.get(matter=matter, member=1).sealed == ""  # and the server keeps no copy
    detail = client.get(f"/decisions/{matter.pk}/").content.decode()
    assert "đã nhận phiếu lúc" in detail and "chưa nhận phiếu" in detail

    for link in links[1:]:
        assert services.draw_slip(_token(link)).code
    client.post(f"/decisions/{matter.pk}/open/")
    matter = Matter.objects.get(pk=matter.pk)
    assert matter.status == "open"
    # The slips drawn open the totals.
    services.close_voting(by=place.officer, matter=matter, shares=codes[:2])


def test_a_wrong_or_stale_link_opens_nothing(client, place):
    matter = _draft_secret_vote(place)
    old = services.prepare_counting_team(by=place.officer, matter=matter, names=TEAM)
    new = services.prepare_counting_team(by=place.officer, matter=matter, names=TEAM)  # a new team: old links die
    assert services.draw_slip(old[0].token) is None
    refused = client.post("/bieu-quyet/kiem-phieu/", {"token": old[0].token})
    assert refused.status_code == 404 and "không mở phiếu khoá nào" in refused.content.decode()
    assert client.post("/bieu-quyet/kiem-phieu/", {"token": "x" * 500}).status_code == 404
    assert client.post("/bieu-quyet/kiem-phieu/", {}).status_code == 404
    assert services.draw_slip(new[0].token).code


def test_a_copy_of_the_database_holds_no_slip_and_no_link(place):
    """What the slips' table holds before anyone drew: only each link's hash and the code under the link's token."""
    matter = _draft_secret_vote(place)
    links = services.prepare_counting_team(by=place.officer, matter=matter, names=TEAM)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM decisions_countingslip")
        dump = repr(cursor.fetchall())
    assert not any(link.token in dump for link in links)
    drawn = [services.draw_slip(link.token).code for link in links]
    for code in drawn:
        assert code not in dump and code.replace("-", "") not in dump
    secrecy.parse_share(drawn[0])  # a real slip


def test_the_api_returns_links_and_voting_waits_for_every_member(client, place):
    matter = _draft_secret_vote(place)
    answer = client.post(
        f"/api/decisions/{matter.pk}/counting-team",
        {"members": TEAM},
        content_type="application/json",
        **bearer(place.officer),
    ).json()
    assert answer["threshold"] == 2 and [link["member"] for link in answer["links"]] == TEAM
    assert all("#" in link["link"] and "code" not in link for link in answer["links"])
    with pytest.raises(ValidationError):
        services.open_voting(by=place.officer, matter=Matter.objects.get(pk=matter.pk))
    for link in answer["links"]:
        services.draw_slip(_token(link["link"]))
    assert services.open_voting(by=place.officer, matter=Matter.objects.get(pk=matter.pk)).status == "open"


def test_no_new_slips_once_a_member_has_drawn(client, place):
    """New slips after a draw would take the key from the members without their knowing: whoever drew the new
    links would hold the whole key and could open each ballot (a fresh attack found it). Refused, and not offered."""
    matter = _draft_secret_vote(place)
    links = services.prepare_counting_team(by=place.officer, matter=matter, names=TEAM)
    services.prepare_counting_team(by=place.officer, matter=matter, names=TEAM)  # before any draw: allowed
    links = services.prepare_counting_team(by=place.officer, matter=matter, names=TEAM)
    services.draw_slip(links[0].token)
    with pytest.raises(ValidationError):
        services.prepare_counting_team(by=place.officer, matter=matter, names=TEAM)
    assert services.draw_slip(links[1].token).code  # the members' links still work
    client.force_login(place.officer)
    page = client.get(f"/decisions/{matter.pk}/").content.decode()
    assert "Tạo phiếu khoá mới" not in page
