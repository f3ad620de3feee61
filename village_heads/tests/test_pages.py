"""The village heads' pages as officials reach them: each step a form, a refused step shown again with what was
typed and why, each role only its own steps, another commune nothing, the candidates' minutes as a paper."""

import io

import docx
import pytest

from village_heads.models import HeadElection
from village_heads.tests.conftest import TEAM, days, prepared


def _text(response) -> str:
    return response.content.decode()


def _create(client, place, **overrides):
    data = {
        "village": place.village.pk,
        "election_day": days(30).isoformat(),
        "meeting_place": "Nhà văn hoá thôn",
        "plan_on": days(0).isoformat(),
        "plan_number": "45/QĐ-UBND",
    }
    data.update(overrides)
    return client.post("/village-heads/elections/new/", data)


def test_the_commune_plans_an_election_and_a_late_plan_is_refused_with_what_was_typed(client, place):
    client.force_login(place.officer)
    late = _create(client, place, election_day=days(19).isoformat(), meeting_place="Sân kho hợp tác xã")
    assert late.status_code == 200
    page = _text(late)
    assert "Nghị định 59/2023/NĐ-CP Điều 6" in page and "Sân kho hợp tác xã" in page
    assert not HeadElection.objects.exists()
    made = _create(client, place)
    election = HeadElection.objects.get()
    assert made.status_code == 302 and made.url == f"/village-heads/elections/{election.pk}/"
    page = _text(client.get(made.url))
    # Each step with its last day: 15, 10 and 7 days before the 30th day from now.
    for before in (15, 10, 7):
        assert days(30 - before).strftime("%d/%m/%Y") in page


def test_each_role_records_only_its_own_steps(client, place, front):
    client.force_login(place.officer)
    _create(client, place, election_day=days(20).isoformat())
    election = HeadElection.objects.get()
    url = f"/village-heads/elections/{election.pk}/"
    listing = {"step": "candidates", "candidates-names": "Hoàng Văn Minh\nNông Thị Hạnh", "candidates-on": days(0)}
    assert client.post(url, listing).status_code == 403  # the commune official does not fix the Front's list
    client.force_login(front)
    assert client.post(url, listing).status_code == 302
    team = {"step": "team", "team-team": "\n".join(TEAM), "team-on": days(0)}
    assert client.post(url, team).status_code == 403  # nor does the Front decide the commune's team
    client.force_login(place.village_head)
    assert client.get("/village-heads/elections/new/").status_code == 404
    assert client.post(url, team).status_code == 403
    client.force_login(place.outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, team).status_code == 404
    client.force_login(place.officer)
    refused = client.post(url, {"step": "team", "team-team": "\n".join([*TEAM, "Hoàng Văn Minh"]), "team-on": days(0)})
    assert refused.status_code == 200 and "Quàng Thị Hoa" in _text(refused)  # kept, with the reason
    assert "Tổ bầu cử" in _text(refused) or "tổ bầu cử" in _text(refused)
    election.refresh_from_db()
    assert election.team == [] and election.candidates_on == days(0)


def test_the_candidate_minutes_are_the_fronts_paper(client, place, front):
    election = prepared(place, front)
    client.force_login(place.officer)
    response = client.get(f"/village-heads/elections/{election.pk}/candidate-minutes.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    words = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "BAN CÔNG TÁC MẶT TRẬN" in words and "THÔN ĐÔNG" in words
    assert "Hoàng Văn Minh" in words and "Nông Thị Hạnh" in words and "Trưởng thôn Đông" in words
    assert "02 người" in words


def test_the_meeting_takes_nominations_and_the_attendees_choice(client, place, front):
    election = prepared(place, front)
    url = f"/village-heads/elections/{election.pk}/"
    nomination = {
        "step": "nominate",
        "nominate-name": "Vi Văn Đức",
        "nominate-source": "floor",
        "nominate-nominated_by": "Chủ hộ số 2",
    }
    # The election team convenes the meeting (Decree 59/2023 Art. 3 §1(b)), not the village head whose office it is:
    # neither here nor on the vote's page.
    client.force_login(place.village_head)
    assert client.post(url, nomination).status_code == 403
    assert client.post(f"/decisions/{election.matter.pk}/open/").status_code == 403
    client.force_login(front)
    assert client.post(url, nomination).status_code == 302
    assert client.post(url, {"step": "method", "method-is_secret": "1"}).status_code == 302
    election.matter.refresh_from_db()
    assert election.matter.is_secret
    page = _text(client.get(url))
    assert "Vi Văn Đức" in page and "Chủ hộ số 2" in page
    vote = _text(client.get(f"/decisions/{election.matter.pk}/"))
    assert "Vi Văn Đức" in vote


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_pages_and_the_rules_page_speak_the_users_language(client, place, front, lang):
    prepared(place, front)
    client.force_login(place.officer)
    client.cookies["django_language"] = lang
    index = _text(client.get("/village-heads/"))
    rules_page = _text(client.get("/quy-dinh/"))
    if lang == "vi":
        assert "Trưởng thôn" in index and "VILLAGE_HEAD_TERM_MONTHS" in rules_page
        assert "chậm nhất 20 ngày trước" in rules_page
    else:
        assert "Village heads" in index and "at least 20 days before" in rules_page
