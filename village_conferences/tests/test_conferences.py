"""The annual village conference (Law 10/2022 Art. 33; Decree 59/2023 Art. 10–11): once a year, its plan sent
beforehand, the households told at least 5 days before, the result reported in writing."""

import io
from datetime import timedelta

import docx
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from village_conferences import documents, services


def _plan(place, **overrides):
    today = timezone.localdate()
    data = dict(
        village=place.village,
        held_on=today,
        place="Nhà văn hoá thôn",
        plan_sent_on=today - timedelta(days=10),
        notice_on=today - timedelta(days=5),
        agenda=["Báo cáo kết quả năm", "Bàn phương hướng năm tới"],
    )
    data.update(overrides)
    return services.plan(by=place.village_head, **data)


def test_the_households_are_told_at_least_five_days_before(place):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="Điều 11"):
        _plan(place, notice_on=today - timedelta(days=4))
    with pytest.raises(ValidationError, match="Điều 10"):
        _plan(place, plan_sent_on=today)
    assert _plan(place).notice_on == today - timedelta(days=5)
    with pytest.raises(ValidationError, match="Điều 33"):  # once a year
        _plan(place)


def test_held_then_reported_in_writing(client, place):
    conference = _plan(place)
    with pytest.raises(ValidationError):
        services.send_report(by=place.village_head, conference=conference, sent_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.record_held(by=place.village_head, conference=conference, households_present=11, summary="x")
    services.record_held(by=place.village_head, conference=conference, households_present=8, summary="Thống nhất.")
    services.send_report(by=place.village_head, conference=conference, sent_on=timezone.localdate())
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(documents.report_docx(conference))).paragraphs)
    assert "Báo cáo kết quả năm" in text and "số hộ có đại diện tham dự: 8" in text
    client.force_login(place.outsider)
    assert client.get(f"/village-conferences/{conference.pk}/").status_code == 404
    client.force_login(place.village_head)
    page = client.get(f"/village-conferences/{conference.pk}/").content.decode()
    assert "8 trên 10 hộ" in page


def test_a_future_conference_cannot_be_recorded_as_held(place):
    today = timezone.localdate()
    conference = _plan(place, held_on=today + timedelta(days=6), notice_on=today, plan_sent_on=today)
    with pytest.raises(ValidationError):
        services.record_held(by=place.village_head, conference=conference, households_present=5, summary="x")
