"""The household ballot round (Law 10/2022 Art. 19; Decree 59/2023 Art. 4): after a meeting whose households present
cannot reach the threshold, or from the start for items 1, 2 and 6; a team of 3 to 5, made public at least 2 days
before the sheets go out, one sheet per household; combined with the meeting's hands by the reading in force."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from decisions import services
from decisions.models import BallotRound, Matter, MatterStatus, RollEntry, Source
from decisions.tests.conftest import TEAM, meeting_matter, roll, yes_no_matter


def _at_the_meeting(place, matter, yes: int, no: int = 0):
    for entry in roll(matter)[: yes + no]:
        services.check_in(by=place.village_head, entry=entry)
    services.enter_count(
        by=place.officer, matter=matter, count=services.EnteredCount(Source.MEETING, {"yes": yes, "no": no})
    )


def _round(place, matter, team=TEAM, announced_days_ago=2, sheets_in_days=0):
    today = timezone.localdate()
    return services.start_ballot_round(
        by=place.officer,
        matter=matter,
        team=team,
        announced_on=today - timedelta(days=announced_days_ago),
        sheets_on=today + timedelta(days=sheets_in_days),
    )


def _sheets(place, matter, yes: int, no: int = 0):
    issued = services.issue_sheets(by=place.officer, matter=matter)
    returned = [e for e in roll(matter) if e.sheet_issued][: yes + no]
    for entry in returned:
        services.return_sheet(by=place.officer, entry=entry)
    services.enter_count(
        by=place.officer,
        matter=matter,
        count=services.EnteredCount(Source.SHEET, {"yes": yes, "no": no}, returned=yes + no),
    )
    return issued


def test_a_contribution_the_meeting_cannot_pass_is_decided_by_every_household_on_a_sheet(place):
    """Item 1 of 10 households needs 7 (two thirds). 5 came to the meeting: they cannot pass it, so the round opens;
    under the default reading every household, those 5 too, answers afresh on a sheet, and 7 agreeing pass it."""
    meeting = meeting_matter(place)
    _at_the_meeting(place, meeting, yes=5)
    with pytest.raises(ValidationError, match="từ 3 đến 5"):
        _round(place, meeting, team=TEAM[:2])
    with pytest.raises(ValidationError, match="Điều 19 khoản 2"):
        _round(place, meeting, announced_days_ago=0, sheets_in_days=1)
    with pytest.raises(ValidationError, match="30 ngày"):
        _round(place, meeting, announced_days_ago=0, sheets_in_days=31)
    ballot_round = _round(place, meeting)
    meeting.refresh_from_db()
    assert meeting.status == MatterStatus.CLOSED and meeting.result["outcome"] == "failed"
    assert meeting.result["votes"]["yes"] == 5  # the meeting's own count stays in its record
    with pytest.raises(ValidationError, match="phát phiếu"):
        services.send_for_recognition(by=place.officer, matter=meeting, sent_on=timezone.localdate())
    with pytest.raises(ValidationError, match="đã có"):
        _round(place, meeting)

    sheets = ballot_round.matter
    assert sheets.revote_of == meeting and sheets.meeting_at is None and not sheets.online_voting
    assert ballot_round.after_meeting_of == meeting and ballot_round.reading == "every_household"
    sheets = services.open_voting(by=place.officer, matter=sheets)
    with pytest.raises(ValidationError):
        services.check_in(by=place.village_head, entry=roll(sheets)[0])
    assert _sheets(place, sheets, yes=7, no=1) == 10  # one sheet for every household on the roll
    closed = services.close_voting(by=place.officer, matter=sheets)
    assert closed.result["outcome"] == "valid" and closed.result["needed"] == 7


def test_six_of_ten_on_the_sheets_do_not_pass_a_contribution(place):
    meeting = meeting_matter(place)
    _at_the_meeting(place, meeting, yes=4)
    sheets = services.open_voting(by=place.officer, matter=_round(place, meeting).matter)
    _sheets(place, sheets, yes=6, no=4)
    assert services.close_voting(by=place.officer, matter=sheets).result["outcome"] == "failed"


def test_a_meeting_whose_households_present_can_still_pass_it_gets_no_ballot_round(place):
    meeting = meeting_matter(place)
    _at_the_meeting(place, meeting, yes=6, no=1)  # 7 present: they can still reach 7
    with pytest.raises(ValidationError, match="7"):
        _round(place, meeting)
    assert not BallotRound.objects.exists()
    assert Matter.objects.get(pk=meeting.pk).status == MatterStatus.OPEN


def test_no_round_before_the_meeting_is_over(place):
    upcoming = meeting_matter(place, hours_ago=-24)
    with pytest.raises(ValidationError):
        _round(place, upcoming, announced_days_ago=0, sheets_in_days=2)


def test_a_round_that_keeps_the_meetings_hands_hands_sheets_to_the_absent_only(place, settings):
    """The other reading, as a setting: the meeting's 5 votes stand, the 5 absent households get sheets."""
    settings.BALLOT_ROUND_READING = "absent_households"
    meeting = meeting_matter(place)
    _at_the_meeting(place, meeting, yes=5)
    ballot_round = _round(place, meeting)
    assert ballot_round.matter == meeting and ballot_round.reading == "absent_households"
    assert _sheets(place, meeting, yes=2) == 5
    attended = {e.pk for e in RollEntry.objects.filter(matter=meeting, attended=True)}
    assert not RollEntry.objects.filter(pk__in=attended, sheet_issued=True).exists()
    closed = services.close_voting(by=place.officer, matter=meeting)
    assert closed.result["votes"]["yes"] == 7 and closed.result["outcome"] == "valid"


def test_sheets_go_out_only_in_a_round_and_from_its_day(place):
    matter = services.open_voting(by=place.officer, matter=yes_no_matter(place, online_voting=False))
    with pytest.raises(ValidationError, match="Điều 19"):
        services.issue_sheets(by=place.officer, matter=matter)
    _round(place, matter, announced_days_ago=0, sheets_in_days=2)
    with pytest.raises(ValidationError, match=(timezone.localdate() + timedelta(days=2)).strftime("%d/%m/%Y")):
        services.issue_sheets(by=place.officer, matter=matter)
    assert not RollEntry.objects.filter(matter=matter, sheet_issued=True).exists()


def test_a_village_convention_goes_to_sheets_only_after_its_meeting(place):
    """Items 3 to 5 are decided at a meeting (Art. 17 §2): no matter without one, no round from the start."""
    with pytest.raises(ValidationError, match="Điều 17 khoản 2"):
        yes_no_matter(place, matter_type="village_convention", online_voting=False)
    convention = meeting_matter(place, matter_type="village_convention")
    _at_the_meeting(place, convention, yes=4)  # 4 present cannot make more than half of 10
    assert _round(place, convention).matter.matter_type == "village_convention"


def test_the_rules_page_and_the_matter_show_the_reading_in_force(client, place, settings):
    page = client.get("/quy-dinh/").content.decode()
    assert "một lần lấy ý kiến mới" in page and "BALLOT_ROUND_READING = every_household" in page
    settings.BALLOT_ROUND_READING = "absent_households"
    page = client.get("/quy-dinh/").content.decode()
    assert "Sở Nội vụ" in page and "BALLOT_ROUND_READING = absent_households" in page


def test_the_meeting_page_offers_the_round_once_it_cannot_pass(client, place):
    client.force_login(place.officer)
    upcoming = meeting_matter(place, hours_ago=-24)
    assert 'id="ballot-round"' not in client.get(f"/decisions/{upcoming.pk}/").content.decode()
    meeting = meeting_matter(place)
    for entry in roll(meeting)[:3]:
        services.check_in(by=place.village_head, entry=entry)
    # Still voting at the meeting: no round until its count is in.
    assert 'id="ballot-round"' not in client.get(f"/decisions/{meeting.pk}/").content.decode()
    services.enter_count(by=place.officer, matter=meeting, count=services.EnteredCount(Source.MEETING, {"yes": 3}))
    page = client.get(f"/decisions/{meeting.pk}/").content.decode()
    assert 'id="ballot-round"' in page and "Điều 19 khoản 1 điểm b" in page
    today = timezone.localdate()
    response = client.post(
        f"/decisions/{meeting.pk}/ballot-round/",
        {
            "team": "\n".join(TEAM),
            "announced_on": (today - timedelta(days=2)).isoformat(),
            "sheets_on": today.isoformat(),
        },
    )
    sheets = BallotRound.objects.get().matter
    assert response.status_code == 302 and response.url == f"/decisions/{sheets.pk}/"
    services.open_voting(by=place.officer, matter=sheets)
    round_page = client.get(response.url).content.decode()
    assert "Lê Văn Kiểm" in round_page and "In phiếu lấy ý kiến (PDF)" in round_page
    # Its meeting was the other matter's: no meeting count to enter here.
    assert f"/decisions/{sheets.pk}/counts/meeting/" not in round_page
    assert "phát phiếu" in client.get(f"/decisions/{meeting.pk}/").content.decode()


def test_the_minutes_of_the_round_say_how_and_when_the_households_were_asked(place):
    import io

    import docx

    from decisions.documents import minutes_docx

    meeting = meeting_matter(place)
    _at_the_meeting(place, meeting, yes=2)
    sheets = services.open_voting(by=place.officer, matter=_round(place, meeting).matter)
    _sheets(place, sheets, yes=8)
    closed = services.close_voting(by=place.officer, matter=sheets)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(minutes_docx(closed))).paragraphs)
    assert "phát phiếu lấy ý kiến hộ gia đình (Luật 10/2022/QH15 Điều 19 khoản 1 điểm b" in text
    assert ", ".join(TEAM) in text and "Thời gian hội nghị" not in text


def test_one_households_sheet_is_printed_only_once_issued_where_nobody_votes_online(client, place):
    meeting = meeting_matter(place)
    entry = roll(meeting)[0]
    client.force_login(place.officer)
    assert client.get(f"/decisions/{meeting.pk}/sheets.pdf?entry={entry.pk}").status_code == 404
    # The default reading: the round's own matter gets the sheets.
    sheets = services.open_voting(by=place.officer, matter=_round(place, meeting).matter)
    services.issue_sheets(by=place.officer, matter=sheets)
    issued = roll(sheets)[0]
    response = client.get(f"/decisions/{sheets.pk}/sheets.pdf?entry={issued.pk}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_residents_find_the_round_from_the_meeting_that_fell_short(client, place):
    meeting = meeting_matter(place)
    _at_the_meeting(place, meeting, yes=2)
    sheets = services.open_voting(by=place.officer, matter=_round(place, meeting).matter)
    page = client.get(f"/bieu-quyet/{meeting.pk}/").content.decode()
    assert f'href="/bieu-quyet/{sheets.pk}/"' in page and "không thể đạt tỷ lệ" in page
    page = client.get(f"/bieu-quyet/{sheets.pk}/").content.decode()
    assert ", ".join(TEAM) in page and f'href="/bieu-quyet/{meeting.pk}/"' in page
    # A notice recorded after the day it says it was made public shows when it was recorded.
    assert "ghi nhận trên hệ thống lúc" in page
