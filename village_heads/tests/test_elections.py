"""A village head's election by Decree 59/2023 Art. 3, 6 and 8: each preparation step by its last day, the
candidates from the Front's list and from the floor, the meeting's choice of hands or secret ballot, elected with
more than half of ALL households, recognised by the commune People's Committee; nobody elected → a new election."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from decisions import services as decisions
from decisions.models import MatterStatus, Source
from decisions.tests.conftest import roll
from village_heads import rules, selectors, services
from village_heads.models import CandidateSource
from village_heads.tests.conftest import TEAM, days, prepared


def _plan(place, day=30, plan_in=-1):
    return services.plan_election(
        by=place.officer,
        village=place.village,
        election_day=days(day),
        meeting_place="Nhà văn hoá thôn",
        plan_on=days(day - 20 - plan_in) if plan_in >= 0 else days(0),
    )


@pytest.mark.parametrize(("key", "days_before"), [("plan", 20), ("candidates", 15), ("team", 10), ("publicity", 7)])
def test_each_step_is_refused_a_day_after_its_last_day_and_taken_on_it(place, front, key, days_before):
    day = days_before  # the election is `days_before` days from today: today is the step's last day
    if key == "plan":
        with pytest.raises(ValidationError, match="Điều 6"):
            services.plan_election(
                by=place.officer,
                village=place.village,
                election_day=days(day - 1),
                meeting_place="Nhà văn hoá",
                plan_on=days(0),
            )
        election = services.plan_election(
            by=place.officer,
            village=place.village,
            election_day=days(day),
            meeting_place="Nhà văn hoá",
            plan_on=days(0),
        )
        assert election.plan_on == days(0)
        return
    election = services.plan_election(
        by=place.officer,
        village=place.village,
        election_day=days(day - 1),
        meeting_place="Nhà văn hoá",
        plan_on=days(day - 1 - 20),
    )
    record = {
        "candidates": lambda on: services.record_candidates(by=front, election=election, names=["An"], on=on),
        "team": lambda on: services.record_team(by=place.officer, election=election, names=TEAM, on=on),
        "publicity": lambda on: services.record_publicity(by=place.officer, election=election, on=on, how="Loa"),
    }[key]
    # The election is one day too close: today is a day past the step's last day.
    with pytest.raises(ValidationError, match=f"chậm nhất {days_before} ngày trước ngày bầu"):
        record(days(0))
    record(days(-1))  # done yesterday: on its last day, on time
    election.refresh_from_db()
    assert getattr(election, f"{key}_on") == days(-1)


def test_a_step_cannot_be_recorded_before_it_is_done(place, front):
    election = _plan(place)
    with pytest.raises(ValidationError, match="chưa đến"):
        services.record_team(by=place.officer, election=election, names=TEAM, on=days(1))


def test_the_meeting_waits_for_every_step_and_is_held_on_the_election_day(place, front):
    election = services.plan_election(
        by=place.officer, village=place.village, election_day=days(0), meeting_place="Nhà văn hoá", plan_on=days(-25)
    )
    with pytest.raises(ValidationError) as missing:
        services.prepare_meeting(
            by=place.officer, election=election, meeting_at=timezone.now(), notice_given_on=days(-3)
        )
    text = " ".join(missing.value.messages)
    for key in ("candidates", "team", "publicity"):
        assert str(rules.STEP_WORDS[key]) in text
    services.record_candidates(by=front, election=election, names=["Hoàng Văn Minh"], on=days(-20))
    services.record_team(by=place.officer, election=election, names=TEAM, on=days(-12))
    services.record_publicity(by=place.officer, election=election, on=days(-8), how="Niêm yết")
    with pytest.raises(ValidationError, match="vào ngày bầu"):
        services.prepare_meeting(
            by=place.officer,
            election=election,
            meeting_at=timezone.now() + timedelta(days=1),
            notice_given_on=days(-3),
        )
    with pytest.raises(ValidationError, match="02 ngày|2 ngày"):  # the notice (Decree 59/2023 Art. 3 §3)
        services.prepare_meeting(
            by=place.officer, election=election, meeting_at=timezone.now(), notice_given_on=days(0)
        )
    matter = services.prepare_meeting(
        by=place.officer, election=election, meeting_at=timezone.now(), notice_given_on=days(-3)
    )
    assert matter.matter_type == "village_head_election" and not matter.online_voting and not matter.is_secret
    assert [o.label for o in matter.options.all()] == ["Hoàng Văn Minh"]


def test_the_election_team_never_stands(place, front):
    election = _plan(place, day=0, plan_in=5)
    services.record_team(by=place.officer, election=election, names=TEAM, on=days(-12))
    with pytest.raises(ValidationError, match="Tổ bầu cử"):
        services.record_candidates(by=front, election=election, names=["Hoàng Văn Minh", TEAM[1]], on=days(-20))


def test_an_election_is_never_put_to_the_vote_without_its_preparation(place):
    with pytest.raises(ValidationError, match="trang Trưởng thôn"):
        decisions.create_matter(
            by=place.officer,
            village=place.village,
            data=decisions.MatterInput(
                matter_type="village_head_election",
                title="Bầu trưởng thôn",
                question="Bầu trưởng thôn",
                ballot_kind="choose_one",
                options=["A", "B"],
                meeting_at=timezone.now(),
                notice_given_on=days(-3),
            ),
        )


def test_residents_stand_or_are_nominated_at_the_meeting_before_the_vote(place, front):
    election = prepared(place, front)
    services.nominate(by=place.village_head, election=election, name="Vi Văn Đức", source=CandidateSource.SELF)
    services.nominate(
        by=place.village_head,
        election=election,
        name="Lường Thị Mai",
        source=CandidateSource.FLOOR,
        nominated_by="Chủ hộ số 3",
    )
    with pytest.raises(ValidationError, match="đã có trong danh sách"):
        services.nominate(by=place.village_head, election=election, name="vi văn  đức", source=CandidateSource.SELF)
    with pytest.raises(ValidationError, match="Tổ bầu cử"):
        services.nominate(by=place.village_head, election=election, name=TEAM[0], source=CandidateSource.SELF)
    with pytest.raises(ValidationError):  # a floor nomination names who nominated
        services.nominate(by=place.village_head, election=election, name="Cầm Văn Sơn", source=CandidateSource.FLOOR)
    with pytest.raises(ValidationError):  # a name that would print backwards on the ballot
        services.nominate(by=place.village_head, election=election, name="Cầm \u202eVăn", source=CandidateSource.SELF)
    labels = [o.label for o in election.matter.options.order_by("position")]
    assert labels == ["Hoàng Văn Minh", "Nông Thị Hạnh", "Vi Văn Đức", "Lường Thị Mai"]
    decisions.choose_ballot_method(by=place.village_head, matter=election.matter, is_secret=True)
    decisions.open_voting(by=place.officer, matter=election.matter)
    with pytest.raises(ValidationError):
        services.nominate(by=place.village_head, election=election, name="Muộn Văn Trễ", source=CandidateSource.SELF)
    with pytest.raises(ValidationError):
        decisions.choose_ballot_method(by=place.village_head, matter=election.matter, is_secret=False)
    election.matter.refresh_from_db()
    assert election.matter.is_secret


def _vote(place, election, counts: dict[str, int]):
    matter = decisions.open_voting(by=place.officer, matter=election.matter)
    for entry in roll(matter)[: sum(counts.values())]:
        decisions.check_in(by=place.village_head, entry=entry)
    decisions.enter_count(by=place.officer, matter=matter, count=decisions.EnteredCount(Source.MEETING, counts))
    election.matter = decisions.close_voting(by=place.officer, matter=matter)
    return election.matter


def test_six_of_ten_households_elect_and_the_commune_recognises_the_term(place, front, settings):
    election = prepared(place, front)
    matter = _vote(place, election, {"c1": 6, "c2": 3})
    assert services.winner(election) == "Hoàng Văn Minh"
    assert selectors.current_head(place.village) is None  # not yet: only once recognised (Decree 59/2023 Art. 8)
    decisions.send_for_recognition(by=place.officer, matter=matter, sent_on=days(0))
    decisions.recognise(by=place.officer, matter=matter, decision_number="12/QĐ-UBND", recognised_on=days(0))
    head = selectors.current_head(place.village)
    assert head.name == "Hoàng Văn Minh" and not head.acting and head.since == days(0)
    assert head.term_ends == rules.term_ends(days(0), 60)
    settings.VILLAGE_HEAD_TERM_MONTHS = 30
    assert selectors.current_head(place.village).term_ends == rules.term_ends(days(0), 30)


def test_five_of_ten_elect_nobody_and_the_commune_decides_a_new_election(place, front):
    election = prepared(place, front)
    _vote(place, election, {"c1": 5, "c2": 5})  # half is not more than half of all households
    assert services.winner(election) is None and services.nobody_elected(election)
    with pytest.raises(ValidationError, match="trang Trưởng thôn"):  # not the generic re-vote
        decisions.start_revote(by=place.officer, matter=election.matter, meeting_at=timezone.now() + timedelta(days=3))
    again = services.decide_new_election(
        by=place.officer, election=election, election_day=days(25), meeting_place="Nhà văn hoá", plan_on=days(0)
    )
    assert again.repeat_of == election and again.matter is None  # prepared again, step by step
    with pytest.raises(ValidationError):
        services.decide_new_election(
            by=place.officer, election=election, election_day=days(26), meeting_place="Nhà văn hoá", plan_on=days(0)
        )


def test_one_election_at_a_time_per_village(place):
    _plan(place)
    with pytest.raises(ValidationError, match="chưa xong"):
        _plan(place, day=40)


@pytest.mark.parametrize(
    ("start", "months", "last_day"),
    [
        ((2024, 3, 15), 30, (2026, 9, 14)),
        ((2024, 3, 15), 60, (2029, 3, 14)),
        ((2025, 8, 31), 6, (2026, 2, 28)),
        ((2027, 8, 31), 6, (2028, 2, 29)),
        ((2024, 1, 1), 30, (2026, 6, 30)),
    ],
)
def test_a_term_ends_the_day_before_its_anniversary(start, months, last_day):
    from datetime import date

    assert rules.term_ends(date(*start), months) == date(*last_day)


def test_the_term_setting_takes_only_the_two_lawful_lengths():
    import subprocess
    import sys

    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='grassroots.settings'; django.setup()",
        ],
        env={**__import__("os").environ, "VILLAGE_HEAD_TERM_MONTHS": "48", "GRASSROOTS_DEV": "1"},
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0 and "VILLAGE_HEAD_TERM_MONTHS" in out.stderr


def test_a_matter_put_to_the_vote_from_now_on_still_elects_with_more_than_half(place, front):
    """The election's vote is a household decision under the decisions rule book: > 50% of ALL households."""
    election = prepared(place, front, candidates=("Hoàng Văn Minh",))
    matter = _vote(place, election, {"c1": 5})
    assert matter.status == MatterStatus.CLOSED and services.nobody_elected(election)
