"""A village of ten households (decisions' fixture), the commune's Front staff, and an election prepared on the
dates Decree 59/2023 Art. 6 allows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from decisions.tests.conftest import place  # noqa: F401  (the fixture)
from tests.factories import official
from village_heads import services

TEAM = ["Lò Văn Thành", "Quàng Thị Hoa", "Tòng Văn Khải"]


@pytest.fixture
def front(place):  # noqa: F811
    return official("mttq-xa", Role.FATHERLAND_FRONT, place.commune)


def days(n: int):
    return timezone.localdate() + timedelta(days=n)


def prepared(place, front, *, day=0, candidates=("Hoàng Văn Minh", "Nông Thị Hạnh")):  # noqa: F811
    """An election `day` days from today, every step of Art. 6 done on time, the meeting's vote a draft."""
    election = services.plan_election(
        by=place.officer,
        village=place.village,
        election_day=days(day),
        meeting_place="Nhà văn hoá thôn",
        plan_on=days(day - 25),
        plan_number="45/QĐ-UBND",
    )
    services.record_candidates(by=front, election=election, names=list(candidates), on=days(day - 20))
    services.record_team(by=place.officer, election=election, names=TEAM, on=days(day - 12))
    services.record_publicity(by=place.officer, election=election, on=days(day - 8), how="Niêm yết, loa truyền thanh")
    services.prepare_meeting(
        by=place.officer,
        election=election,
        meeting_at=timezone.now() + timedelta(days=day),
        notice_given_on=days(day - 3),
    )
    election.refresh_from_db()
    return election
