"""What a fresh trial tried on conventions and conferences: the same step posted at once, a typo in a date, a step
posted that the page no longer offers, invisible characters; each gets one result or a clear refusal."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultations.models import Consultation
from conventions import selectors, services
from conventions.models import Convention, Initiator
from conventions.tests.test_conventions import TEXT, _adopted, _initiative, _started
from decisions import services as decisions
from decisions.models import Matter
from village_conferences import services as conferences
from village_conferences.models import Conference
from village_heads.tests.test_races import _at_once

pytestmark = pytest.mark.django_db(transaction=True)


def today():
    return timezone.localdate()


def test_a_draft_posted_four_times_at_once_is_one_consultation(place):
    convention = _started(place)
    services.set_team(by=place.village_head, convention=convention, names=["Lò Văn A"])
    results = _at_once(
        [
            lambda: services.put_draft(
                by=place.village_head,
                convention=Convention.objects.get(pk=convention.pk),
                text=TEXT,
                opens_on=today(),
                closes_on=today() + timedelta(days=30),
            )
            for _ in range(4)
        ]
    )
    assert sum(isinstance(r, Convention) for r in results) == 1, results
    assert Consultation.objects.count() == 1


def test_one_convention_per_initiative_and_no_two_of_one_title(place):
    initiative = _initiative(place)
    data = dict(village=place.village, kind="huong_uoc", initiated_by=Initiator.HOUSEHOLDS, initiative=initiative)
    services.start(by=place.village_head, title="Hương ước thôn Đông", **data)
    with pytest.raises(ValidationError):
        services.start(by=place.village_head, title="Hương ước khác", **data)
    with pytest.raises(ValidationError):
        services.start(
            by=place.village_head,
            village=place.village,
            kind="huong_uoc",
            title="hương ước thôn  đông",
            initiated_by=Initiator.VILLAGE_HEAD,
        )


def test_a_mistyped_meeting_is_refused_or_cancelled_and_prepared_again(place):
    convention = _started(place)
    services.set_team(by=place.village_head, convention=convention, names=["Lò Văn A"])
    with pytest.raises(ValidationError):  # an invisible character in the draft
        services.put_draft(
            by=place.village_head,
            convention=convention,
            text=TEXT + "\u202e",
            opens_on=today(),
            closes_on=today() + timedelta(days=30),
        )
    services.put_draft(
        by=place.village_head,
        convention=convention,
        text=TEXT,
        opens_on=today(),
        closes_on=today() + timedelta(days=30),
    )
    Consultation.objects.filter(pk=convention.consultation_id).update(
        opens_on=today() - timedelta(days=31), closes_on=today() - timedelta(days=1)
    )
    from consultations import services as consultations

    consultations.close_consultation(by=place.officer, consultation=Consultation.objects.get())
    meeting = dict(meeting_place="Nhà văn hoá", notice_given_on=today() - timedelta(days=3))
    with pytest.raises(ValidationError):
        services.prepare_vote(
            by=place.village_head, convention=convention, meeting_at=timezone.now() + timedelta(days=3650), **meeting
        )
    services.prepare_vote(
        by=place.village_head, convention=convention, meeting_at=timezone.now() + timedelta(days=300), **meeting
    )
    services.cancel_vote(by=place.village_head, convention=convention)
    convention.refresh_from_db()
    assert selectors.stage(convention) == "draft_answered"
    services.prepare_vote(by=place.village_head, convention=convention, meeting_at=timezone.now(), **meeting)
    convention.refresh_from_db()
    assert Matter.objects.filter(status="draft").count() == 1 and convention.matter.status == "draft"


def test_steps_the_page_no_longer_offers_are_refused(place):
    convention = _adopted(place)
    services.send_dossier(by=place.village_head, convention=convention, sent_on=today())
    services.dossier_complete(by=place.officer, convention=convention, on=today())
    with pytest.raises(ValidationError):
        services.dossier_complete(by=place.officer, convention=convention, on=today())
    decisions.recognise(by=place.officer, matter=convention.matter, decision_number="7/QĐ", recognised_on=today())
    convention.matter.refresh_from_db()
    with pytest.raises(ValidationError):  # a review dated before it was recognised
        services.review(
            by=place.village_head,
            convention=convention,
            year=today().year - 1,
            reviewed_on=today() - timedelta(days=365),
            summary="x",
        )
    results = _at_once(
        [
            lambda: services.suspend(
                by=place.officer,
                convention=Convention.objects.get(pk=convention.pk),
                reported_on=today(),
                suspended_on=today(),
                number="9/QĐ",
                reasons="Trái luật",
            )
            for _ in range(3)
        ]
    )
    assert sum(r is None for r in results) == 1, results


def test_a_conference_planned_four_times_at_once_is_planned_once_and_frozen_once_reported(place):
    plan = dict(
        village=place.village,
        held_on=today(),
        place="Nhà văn hoá",
        plan_sent_on=today() - timedelta(days=10),
        notice_on=today() - timedelta(days=6),
        agenda=["Báo cáo năm"],
    )
    results = _at_once([lambda: conferences.plan(by=place.village_head, **plan) for _ in range(4)])
    assert sum(isinstance(r, Conference) for r in results) == 1, results
    assert all(isinstance(r, (Conference, ValidationError)) for r in results), results
    conference = Conference.objects.get()
    conferences.record_held(by=place.village_head, conference=conference, households_present=7, summary="Thống nhất")
    conferences.send_report(by=place.village_head, conference=conference, sent_on=today())
    with pytest.raises(ValidationError):
        conferences.record_held(by=place.village_head, conference=conference, households_present=9, summary="Sửa")
