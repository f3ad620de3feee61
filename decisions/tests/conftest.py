"""A village of households and the officials who run its votes."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from decisions import rules, selectors, services
from decisions.models import BallotRound
from households.models import Household
from tests.factories import commune, household_with, official, province, village


@dataclass
class Village:
    province: object
    commune: object
    village: object
    other_village: object
    households: list
    officer: object  # commune official: runs votes and recognises results
    village_head: object
    outsider: object  # official of another commune


@pytest.fixture
def place(db):
    p = province()
    c = commune(p, "91001", "Xã Tân Lập")
    other = commune(p, "91002", "Xã Đồng Tâm")
    v = village(c, 1, "Thôn Đông")
    ov = village(other, 1, "Thôn Bắc")
    households = [household_with(v, f"Chủ hộ số {i}", code=f"91001-{i:06d}") for i in range(1, 11)]
    household_with(ov, "Người thôn khác", code="91002-000001")
    return Village(
        p,
        c,
        v,
        ov,
        households,
        official("can-bo-xa", Role.COMMUNE_OFFICIAL, c),
        official("truong-thon", Role.VILLAGE_HEAD, v),
        official("xa-khac", Role.COMMUNE_OFFICIAL, other),
    )


def yes_no_matter(place, **overrides):
    data = dict(
        matter_type="other_self_managed",
        title="Đóng góp làm đường bê tông",
        question="Mỗi hộ đóng góp 500.000 đồng để bê tông hoá đường thôn?",
        ballot_kind="yes_no",
    )
    data.update(overrides)
    return chosen_online(place, _made(place, data))


def _made(place, data):
    # The vote's own tests make conventions and village heads' votes directly; their preparation is tested in
    # conventions and village_heads.
    return services.create_matter(
        by=place.officer,
        village=place.village,
        data=services.MatterInput(**data),
        prepared=data["matter_type"] in rules.PREPARED_ELSEWHERE,
    )


def chosen_online(place, matter):
    """An online vote as the law holds it: after more than half of all households chose online voting (Decree
    59/2023 Art. 5), here all of them, at a meeting."""
    if not (matter.online_voting and matter.rule.online_needs_choice):
        return matter
    households = Household.objects.active().filter(village=matter.village).count()
    return services.record_online_choice(
        by=place.officer, matter=matter, chosen_on=date.today(), households=households, how="Họp thôn"
    )


TEAM = ["Lê Văn Kiểm", "Phạm Thị Phiếu", "Hoàng Văn Đếm"]


def sheet_round(place, matter):
    """The household ballot round the law asks before sheets go out (Law 10/2022 Art. 19 §2): its team, made public
    2 days ago, once per matter. Returns the matter the sheets are cast on: after a meeting, under the reading
    "every_household", a new one (a draft)."""
    existing = BallotRound.objects.filter(matter=matter).first()
    if existing is None:
        today = timezone.localdate()
        existing = services.start_ballot_round(
            by=place.officer, matter=matter, team=TEAM, announced_on=today - timedelta(days=2), sheets_on=today
        )
    return existing.matter


def held(hours_ago: float = 1) -> dict:
    """A meeting held `hours_ago`, announced 3 days before it (Decree 59/2023 Art. 3 §3), as matter input."""
    at = timezone.now() - timedelta(hours=hours_ago)
    return dict(
        meeting_at=at, meeting_place="Nhà văn hoá thôn", notice_given_on=timezone.localdate(at) - timedelta(days=3)
    )


# The counting team's slips of each secret matter made here, as its members would keep them.
SLIPS: dict[int, list[str]] = {}


def slips(matter) -> list[str]:
    """A majority of the counting team's slips: what is typed in at closing."""
    shares = SLIPS[matter.pk]
    return shares[: len(shares) // 2 + 1]


def secret_vote(place, team=True, **overrides):
    """A secret choice between options, online too (other self-managed work, the one kind of matter the law lets
    households decide online: Law 10/2022 Art. 17 §2); with `team`, its counting team named and every slip drawn."""
    data = dict(
        matter_type="other_self_managed",
        title="Chọn trưởng ban tổ chức ngày hội thôn",
        question="Ai làm trưởng ban tổ chức ngày hội văn hoá thôn Đông?",
        ballot_kind="choose_one",
        options=["Nguyễn Văn A", "Trần Thị B"],
        is_secret=True,
    )
    data.update(overrides)
    matter = chosen_online(
        place, services.create_matter(by=place.officer, village=place.village, data=services.MatterInput(**data))
    )
    if team and services.encrypts_online_ballots(matter):
        links = services.prepare_counting_team(by=place.officer, matter=matter, names=TEAM)
        SLIPS[matter.pk] = [services.draw_slip(link.token).code for link in links]  # each member draws theirs
        matter.refresh_from_db()
    return matter


def roll(matter):
    return selectors.roll_of(matter)


def meeting_matter(place, hours_ago: float = 72, **overrides):
    """A matter decided at a meeting held `hours_ago` (announced 3 days before, as Decree 59/2023 Art. 3 §3 allows),
    voting open."""
    data = dict(
        matter_type="contribution_policy",
        title="Đóng góp làm đường bê tông",
        question="Mỗi hộ đóng góp 500.000 đồng để bê tông hoá đường thôn?",
        ballot_kind="yes_no",
        online_voting=False,
        **held(hours_ago),
    )
    data.update(overrides)
    return services.open_voting(by=place.officer, matter=_made(place, data))


def convention_decided(place, yes: int, no: int = 0):
    """A village convention voted at a meeting by `yes` + `no` households, closed: a result the commune People's
    Committee recognises (Law 10/2022 Art. 21 §2)."""
    from decisions.models import Source

    matter = meeting_matter(place, matter_type="village_convention")
    for entry in roll(matter)[: yes + no]:
        services.check_in(by=place.village_head, entry=entry)
    services.enter_count(
        by=place.officer, matter=matter, count=services.EnteredCount(Source.MEETING, {"yes": yes, "no": no})
    )
    return services.close_voting(by=place.officer, matter=matter)
