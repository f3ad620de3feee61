"""Decree 59/2023 Art. 3 §3 (law.md A2): households are told of a meeting, its time, place and content, at least 2
days before it. A shorter notice is refused, saying from when the meeting may be held; a meeting already announced
on paper is recorded with the day its notice went out."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from decisions import services

pytestmark = pytest.mark.django_db


def data(meeting_on, notice_given_on=None):
    return services.MatterInput(
        matter_type="contribution_policy",
        title="Đóng góp làm đường",
        question="Mỗi hộ đóng góp 500.000 đồng?",
        ballot_kind="yes_no",
        meeting_at=datetime.combine(meeting_on, time(19, 30), timezone.get_current_timezone()),
        meeting_place="Nhà văn hoá thôn",
        notice_given_on=notice_given_on,
    )


@pytest.mark.parametrize(("days", "refused"), [(0, True), (1, True), (2, False), (7, False)])
def test_a_meeting_sooner_than_two_days_after_its_notice_is_refused(place, days, refused):
    today = timezone.localdate()
    if not refused:
        matter = services.create_matter(by=place.officer, village=place.village, data=data(today + timedelta(days)))
        assert matter.notice_given_on == today
        return
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.create_matter(by=place.officer, village=place.village, data=data(today + timedelta(days)))
    message = " ".join(error.value.message_dict["meeting_at"])
    assert "ít nhất 2 ngày" in message and "Nghị định 59/2023/NĐ-CP Điều 3 khoản 3" in message
    assert (today + timedelta(2)).strftime("%d/%m/%Y") in message


def test_a_meeting_announced_earlier_on_paper_is_recorded_with_its_notice(place):
    today = timezone.localdate()
    matter = services.create_matter(
        by=place.officer, village=place.village, data=data(today, notice_given_on=today - timedelta(days=3))
    )
    assert matter.notice_given_on == today - timedelta(days=3)
    with pytest.raises(ValidationError):  # a notice "given" tomorrow has not been given
        services.create_matter(
            by=place.officer, village=place.village, data=data(today + timedelta(5), today + timedelta(1))
        )


def test_the_matter_page_says_when_the_meeting_was_announced(client, place):
    today = timezone.localdate()
    matter = services.create_matter(by=place.officer, village=place.village, data=data(today + timedelta(3)))
    client.force_login(place.officer)
    page = client.get(f"/decisions/{matter.pk}/").content.decode()
    assert f"Đã thông báo đến các hộ ngày {today:%d/%m/%Y}" in page


def test_a_vote_with_a_meeting_cannot_be_closed_before_the_meeting(place):
    today = timezone.localdate()
    matter = services.create_matter(by=place.officer, village=place.village, data=data(today + timedelta(3)))
    matter = services.open_voting(by=place.officer, matter=matter)
    refused = "không thể kết thúc biểu quyết trước cuộc họp"
    with translation.override("vi"), pytest.raises(ValidationError, match=refused):
        services.close_voting(by=place.officer, matter=matter)
    after = matter.meeting_at + timedelta(hours=2)
    assert services.close_voting(by=place.officer, matter=matter, now=after).status == "closed"
