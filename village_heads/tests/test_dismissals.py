"""Dismissing a village head (Decree 59/2023 Art. 9): on the head's request, the Front's proposal or a petition of at
least half of ALL households; the meeting decides with more than half; a new election within 60 days of the
dismissal, an acting head meanwhile; where the meeting does not agree, the commune decides."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from decisions import services as decisions
from decisions.models import Source
from decisions.tests.conftest import roll
from village_heads import selectors, services
from village_heads.models import DismissalReason
from village_heads.tests.conftest import days


def _asked(place, **overrides):
    data = dict(
        village=place.village,
        head_name="Hoàng Văn Minh",
        reason=DismissalReason.PETITION,
        asked_on=days(-1),
        petition_households=5,
    )
    data.update(overrides)
    return services.ask_dismissal(by=place.officer, **data)


def test_a_petition_needs_half_of_all_households(place):
    with pytest.raises(ValidationError, match="5") as short:
        _asked(place, petition_households=4)  # 4 of 10
    assert "Điều 9" in " ".join(short.value.messages)
    with pytest.raises(ValidationError):
        _asked(place, petition_households=11)  # more than the village has
    with pytest.raises(ValidationError):
        _asked(place, petition_households=None)
    dismissal = _asked(place)  # 5 of 10: "ít nhất 50%"
    assert dismissal.households == 10 and dismissal.petition_households == 5
    with pytest.raises(ValidationError, match="đang được thực hiện"):
        _asked(place, reason=DismissalReason.OWN_REQUEST)


def test_a_request_of_the_head_needs_no_count(place):
    dismissal = _asked(place, reason=DismissalReason.OWN_REQUEST, petition_households=3)
    assert dismissal.petition_households is None


def _decided(place, dismissal, yes, no):
    matter = decisions.open_voting(
        by=place.officer,
        matter=services.prepare_dismissal_meeting(
            by=place.officer,
            dismissal=dismissal,
            meeting_at=timezone.now(),
            meeting_place="Nhà văn hoá",
            notice_given_on=days(-3),
        ),
    )
    for entry in roll(matter)[: yes + no]:
        decisions.check_in(by=place.village_head, entry=entry)
    decisions.enter_count(
        by=place.officer, matter=matter, count=decisions.EnteredCount(Source.MEETING, {"yes": yes, "no": no})
    )
    dismissal.matter = decisions.close_voting(by=place.officer, matter=matter)
    return dismissal.matter


def test_dismissed_by_the_meeting_an_acting_head_and_a_new_election_within_60_days(place):
    dismissal = _asked(place)
    matter = _decided(place, dismissal, 6, 2)
    assert matter.matter_type == "village_head_dismissal" and not matter.online_voting
    with pytest.raises(ValidationError):  # not before the commune recognises the dismissal
        services.appoint_acting(by=place.officer, dismissal=dismissal, name="Lò Văn Thành", acting_from=days(0))
    decisions.send_for_recognition(by=place.officer, matter=matter, sent_on=days(0))
    decisions.recognise(by=place.officer, matter=matter, decision_number="20/QĐ-UBND", recognised_on=days(0))
    dismissal.matter.refresh_from_db()
    assert services.dismissed_on(dismissal) == days(0)
    assert selectors.new_election_due(dismissal) == days(60)
    assert selectors.current_head(place.village) is None
    with pytest.raises(ValidationError):
        services.appoint_acting(by=place.officer, dismissal=dismissal, name="Lò Văn Thành", acting_from=days(-1))
    services.appoint_acting(by=place.officer, dismissal=dismissal, name="Lò Văn Thành", acting_from=days(0))
    head = selectors.current_head(place.village)
    assert head.name == "Lò Văn Thành" and head.acting
    with pytest.raises(ValidationError):  # the commune decides only after a meeting that did not agree
        services.commune_decides_dismissal(
            by=place.officer, dismissal=dismissal, decided_on=days(0), decision_number="1", dismissed=True
        )


def test_where_the_meeting_does_not_agree_the_commune_decides(place):
    dismissal = _asked(place, reason=DismissalReason.FRONT_PROPOSAL, details="Không hoàn thành nhiệm vụ")
    _decided(place, dismissal, 5, 4)  # 5 of 10 is not more than half of all households
    assert services.dismissal_failed_at_meeting(dismissal) and services.dismissed_on(dismissal) is None
    with pytest.raises(ValidationError):
        services.commune_decides_dismissal(
            by=place.officer, dismissal=dismissal, decided_on=days(1), decision_number="31/QĐ-UBND", dismissed=True
        )
    dismissal = services.commune_decides_dismissal(
        by=place.officer, dismissal=dismissal, decided_on=days(0), decision_number="31/QĐ-UBND", dismissed=True
    )
    assert services.dismissed_on(dismissal) == days(0)
    election = services.plan_election(
        by=place.officer,
        village=place.village,
        election_day=days(40),
        meeting_place="Nhà văn hoá",
        plan_on=days(0),
        after_dismissal=dismissal,
    )
    assert list(dismissal.elections.all()) == [election]


def test_a_dismissal_is_never_put_to_the_vote_without_its_grounds(place):
    with pytest.raises(ValidationError):
        decisions.create_matter(
            by=place.officer,
            village=place.village,
            data=decisions.MatterInput(
                matter_type="village_head_dismissal",
                title="Cho thôi làm trưởng thôn",
                question="Đồng ý?",
                ballot_kind="yes_no",
                meeting_at=timezone.now() + timedelta(days=3),
            ),
        )


def test_a_dismissal_names_the_head_on_record_and_one_is_under_way_at_a_time(place, front):
    from village_heads.tests.conftest import prepared

    election = prepared(place, front)
    matter = decisions.open_voting(by=place.officer, matter=election.matter)
    for entry in roll(matter)[:6]:
        decisions.check_in(by=place.village_head, entry=entry)
    decisions.enter_count(by=place.officer, matter=matter, count=decisions.EnteredCount(Source.MEETING, {"c1": 6}))
    matter = decisions.close_voting(by=place.officer, matter=matter)
    decisions.send_for_recognition(by=place.officer, matter=matter, sent_on=days(0))
    decisions.recognise(by=place.officer, matter=matter, decision_number="1/QĐ", recognised_on=days(0))
    with pytest.raises(ValidationError, match="Hoàng Văn Minh"):
        _asked(place, head_name="Ai Đó", reason=DismissalReason.OWN_REQUEST)
    first = _asked(place, reason=DismissalReason.OWN_REQUEST)
    _decided(place, first, 6, 1)
    with pytest.raises(ValidationError, match="đang được thực hiện"):  # still waiting for the commune
        _asked(place, reason=DismissalReason.OWN_REQUEST)
    # Recognised the same day as the election: the dismissal comes after it, and the office is empty.
    decisions.send_for_recognition(by=place.officer, matter=first.matter, sent_on=days(0))
    decisions.recognise(by=place.officer, matter=first.matter, decision_number="2/QĐ", recognised_on=days(0))
    assert selectors.current_head(place.village) is None
