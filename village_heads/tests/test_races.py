"""Clicks that arrive at the same moment, on the database the test runs on (PostgreSQL in CI's second pass): a
meeting prepared four times at once makes one vote; three consents at once that reach 10% together put the
initiative on the agenda; a candidate list sent twice at once is recorded once, without an error page."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from decisions.models import Matter
from initiatives import services as initiatives
from initiatives.models import InitiativeStatus
from tests.factories import household_with
from village_heads import services
from village_heads.models import HeadElection
from village_heads.tests.conftest import TEAM, days

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(calls):
    """Run each call in its own thread and connection, released together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 (the test inspects what each click got)
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def _ready(place, front):
    election = services.plan_election(
        by=place.officer, village=place.village, election_day=days(0), meeting_place="Nhà văn hoá", plan_on=days(-25)
    )
    services.record_candidates(by=front, election=election, names=["Hoàng Văn Minh"], on=days(-20))
    services.record_team(by=place.officer, election=election, names=TEAM, on=days(-12))
    services.record_publicity(by=place.officer, election=election, on=days(-8), how="Niêm yết")
    return election


def test_a_meeting_prepared_four_times_at_once_makes_one_vote(place, front):
    election = _ready(place, front)
    results = _at_once(
        [
            lambda: services.prepare_meeting(
                by=place.officer,
                election=HeadElection.objects.get(pk=election.pk),
                meeting_at=timezone.now(),
                notice_given_on=days(-3),
            )
            for _ in range(4)
        ]
    )
    made = [r for r in results if isinstance(r, Matter)]
    assert len(made) == 1 and all(isinstance(r, ValidationError) for r in results if r not in made), results
    assert Matter.objects.count() == 1 and HeadElection.objects.get().matter == made[0]


def test_a_candidate_list_sent_twice_at_once_is_recorded_once(place, front):
    election = services.plan_election(
        by=place.officer, village=place.village, election_day=days(20), meeting_place="Nhà văn hoá", plan_on=days(0)
    )
    results = _at_once(
        [
            lambda: services.record_candidates(
                by=front, election=HeadElection.objects.get(pk=election.pk), names=["An", "Bình"], on=days(0)
            )
            for _ in range(3)
        ]
    )
    assert all(r is None for r in results), results  # each one replaced the list: no error page
    assert sorted(election.candidates.values_list("name", flat=True)) == ["An", "Bình"]


def test_consents_at_once_that_reach_ten_percent_together_put_it_on_the_agenda(place):
    for i in range(11, 31):
        household_with(place.village, f"Chủ hộ số {i}", code=f"91001-{i:06d}")  # 30 households: 3 are needed
    initiative = initiatives.register(
        by=place.village_head, village=place.village, title="Đèn đường", proposal="Lắp đèn", proposers="An"
    )
    codes = [initiatives.code_of(s, initiative) for s in initiative.supporters.order_by("position")[:3]]
    results = _at_once(
        [
            lambda code=code, i=i: initiatives.consent_online(code=code, address=f"203.0.113.{i}")
            for i, code in enumerate(codes)
        ]
    )
    assert not any(isinstance(r, Exception) for r in results), results
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.REACHED


def test_a_date_a_year_ahead_or_before_the_plan_is_refused_and_a_cancelled_election_frees_the_village(place, front):
    with pytest.raises(ValidationError, match="một năm|a year"):
        services.plan_election(
            by=place.officer,
            village=place.village,
            election_day=days(400),
            meeting_place="Nhà văn hoá",
            plan_on=days(0),
        )
    election = services.plan_election(
        by=place.officer, village=place.village, election_day=days(20), meeting_place="Nhà văn hoá", plan_on=days(0)
    )
    with pytest.raises(ValidationError, match="kế hoạch của xã|commune.s plan"):
        services.record_team(by=place.officer, election=election, names=TEAM, on=days(-1))
    with pytest.raises(ValidationError):
        services.cancel_election(by=place.officer, election=election, reason="")
    services.cancel_election(by=place.officer, election=election, reason="Ghi nhầm ngày bầu")
    again = services.plan_election(
        by=place.officer, village=place.village, election_day=days(21), meeting_place="Nhà văn hoá", plan_on=days(0)
    )
    assert again.pk != election.pk
    assert timezone.localdate() - timedelta(days=1) < again.election_day
