"""Property tests of the rules engine: random rolls and votes, and every boundary of every rule set of every book."""

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from decisions import rules
from decisions.rules import (
    FIRST_READING,
    LAW_2023,
    MORE_THAN_HALF,
    TWO_THIRDS,
    BallotKind,
    Basis,
    Counts,
    Form,
    Outcome,
    Threshold,
    check_choices,
    decide,
    more_than_half,
)

LAW_RULES = list(LAW_2023.rules.values())
OLD_RULES = list(FIRST_READING.rules.values())


@given(st.integers(0, 10**9), st.integers(0, 10**9))
def test_more_than_half_is_exact_arithmetic(part, whole):
    assert more_than_half(part, whole) == (Fraction(part) > Fraction(whole, 2))


@given(st.integers(0, 10**9), st.integers(1, 10**9))
def test_two_thirds_is_reached_exactly_and_more_than_half_passed_strictly(part, whole):
    assert TWO_THIRDS.met(part, whole) == (Fraction(part, whole) >= Fraction(2, 3))
    assert MORE_THAN_HALF.met(part, whole) == (Fraction(part, whole) > Fraction(1, 2))


@given(st.integers(1, 10**7), st.sampled_from([TWO_THIRDS, MORE_THAN_HALF]))
def test_needed_is_the_fewest_that_meet_the_threshold(whole, threshold: Threshold):
    needed = threshold.needed(whole)
    assert threshold.met(needed, whole) and not threshold.met(needed - 1, whole)


def _yes_no(roll, yes, present=None):
    present = roll if present is None else present
    return Counts(roll, present, present, 0, {"yes": yes, "no": present - yes})


@pytest.mark.parametrize("code", ["contribution_policy", "contribution_management"])
def test_contributions_pass_with_at_least_two_thirds_of_all_households(code):
    """Law 10/2022 Art. 21 §1: "từ hai phần ba tổng số đại diện hộ gia đình trở lên"."""
    rule = LAW_2023.rules[code]
    assert decide(rule, BallotKind.YES_NO, _yes_no(100, 66)).outcome is Outcome.FAILED
    assert decide(rule, BallotKind.YES_NO, _yes_no(100, 67)).outcome is Outcome.VALID
    assert decide(rule, BallotKind.YES_NO, _yes_no(99, 66)).outcome is Outcome.VALID  # exactly two thirds
    assert decide(rule, BallotKind.YES_NO, _yes_no(99, 65)).outcome is Outcome.FAILED
    # Of all households, not of those present: 60 of 60 present is not two thirds of 100.
    assert decide(rule, BallotKind.YES_NO, _yes_no(100, 60, present=60)).outcome is Outcome.FAILED


@pytest.mark.parametrize("code", ["village_convention", "village_head_dismissal", "other_self_managed"])
def test_items_three_to_six_pass_with_more_than_half_of_all_households(code):
    rule = LAW_2023.rules[code]
    assert decide(rule, BallotKind.YES_NO, _yes_no(100, 50)).outcome is Outcome.FAILED
    assert decide(rule, BallotKind.YES_NO, _yes_no(100, 51)).outcome is Outcome.VALID
    assert decide(rule, BallotKind.YES_NO, _yes_no(101, 51)).outcome is Outcome.VALID
    assert decide(rule, BallotKind.YES_NO, _yes_no(100, 51, present=51)).outcome is Outcome.VALID


@pytest.mark.parametrize("code", ["village_head_election", "board_election"])
def test_elections_count_against_all_households_not_the_valid_ballots(code):
    """A candidate with 30 of 40 valid ballots (75%) in a village of 100 is not elected: 30 is not more than 50."""
    rule = LAW_2023.rules[code]
    counts = Counts(100, 45, 40, 5, {"c1": 30, "c2": 10})
    result = decide(rule, BallotKind.CHOOSE_ONE, counts)
    assert result.outcome is Outcome.FAILED and result.needs_revote  # the commune decides on a new election
    elected = decide(rule, BallotKind.CHOOSE_ONE, Counts(100, 60, 58, 2, {"c1": 51, "c2": 7}))
    assert elected.outcome is Outcome.VALID and elected.winners == ("c1",)


@pytest.mark.parametrize("rule", LAW_RULES, ids=lambda r: r.code)
@pytest.mark.parametrize("roll", [1, 2, 3, 10, 11, 99, 100, 400, 401])
def test_there_is_no_attendance_quorum(rule, roll):
    """However few take part, the matter is decided by the threshold of all households, never voided."""
    kind = rule.ballot_kinds[0]
    needed = rule.threshold.needed(roll)
    first, second = ("yes", "no") if kind is BallotKind.YES_NO else ("c1", "c2")
    passed = decide(rule, kind, Counts(roll, needed, needed, 0, {first: needed, second: 0}))
    assert passed.outcome is Outcome.VALID
    short = decide(rule, kind, Counts(roll, needed - 1, needed - 1, 0, {first: needed - 1, second: 0}))
    assert short.outcome is Outcome.FAILED


@st.composite
def yes_no_counts(draw):
    roll = draw(st.integers(1, 5000))
    participants = draw(st.integers(0, roll))
    valid = draw(st.integers(0, participants))
    yes = draw(st.integers(0, valid))
    return Counts(roll, participants, valid, participants - valid, {"yes": yes, "no": valid - yes})


@pytest.mark.parametrize("rule", [r for r in LAW_RULES if BallotKind.YES_NO in r.ballot_kinds], ids=lambda r: r.code)
@given(counts=yes_no_counts())
def test_yes_no_result_follows_the_law(rule, counts):
    result = decide(rule, BallotKind.YES_NO, counts)
    share = Fraction(counts.votes["yes"], counts.roll)
    adopted = share >= Fraction(2, 3) if rule.item in (1, 2) else share > Fraction(1, 2)
    assert result.outcome is (Outcome.VALID if adopted else Outcome.FAILED)
    assert result.winners == (("yes",) if adopted else ())


@st.composite
def election_counts(draw):
    candidates = draw(st.integers(2, 6))
    seats = draw(st.integers(1, candidates - 1))
    roll = draw(st.integers(1, 3000))
    participants = draw(st.integers(0, roll))
    valid = draw(st.integers(0, participants))
    votes = {f"c{i}": draw(st.integers(0, valid)) for i in range(1, candidates + 1)}
    assume(sum(votes.values()) <= valid * seats)
    return seats, Counts(roll, participants, valid, participants - valid, votes)


@pytest.mark.parametrize("book", [LAW_2023, FIRST_READING], ids=lambda b: b.version)
@given(drawn=election_counts())
def test_elections_never_seat_more_than_the_seats_nor_anyone_below_the_threshold(book, drawn):
    rule = book.rules["board_election"]
    seats, counts = drawn
    result = decide(rule, BallotKind.CHOOSE_UP_TO, counts, seats)
    if result.outcome is Outcome.VOID:
        assert book is FIRST_READING and result.needs_revote
        return
    base = counts.roll if rule.pass_basis is Basis.ROLL else counts.valid
    assert len(result.winners) <= seats
    for key in result.winners + result.tied:
        assert 2 * counts.votes[key] > base
    majority = [k for k, n in counts.votes.items() if 2 * n > base]
    left_out = [k for k in majority if k not in result.winners + result.tied]
    for key in result.winners + result.tied:
        # Nobody left out with a majority has as many votes as someone seated or tied.
        assert all(counts.votes[key] > counts.votes[other] for other in left_out)
    if result.tied:
        assert result.needs_revote and len({counts.votes[k] for k in result.tied}) == 1
        assert len(result.winners) + len(result.tied) > seats
    assert (result.outcome is Outcome.FAILED) == (not majority)


def test_a_tie_at_the_last_seat_goes_to_a_revote():
    rule = LAW_2023.rules["board_election"]
    counts = Counts(10, 10, 10, 0, {"c1": 9, "c2": 7, "c3": 7, "c4": 1})
    result = decide(rule, BallotKind.CHOOSE_UP_TO, counts, seats=2)
    assert result.winners == ("c1",) and result.tied == ("c2", "c3") and result.needs_revote


def test_online_voting_is_a_form_only_of_other_self_managed_work():
    """Law 10/2022 Art. 17 §2; Decree 59/2023 Art. 5: online only for item 6, after the households chose it."""
    online = {rule.code for rule in LAW_RULES if Form.ONLINE in rule.forms}
    assert online == {"other_self_managed"}
    assert LAW_2023.rules["other_self_managed"].online_needs_choice
    assert all(Form.MEETING in rule.forms for rule in LAW_RULES)


def test_the_attendees_choose_a_secret_ballot_it_is_never_compulsory():
    """Law 10/2022 Art. 18 §4(d); Decree 59/2023 Art. 3 §5(b): show of hands or secret ballot."""
    assert not any(rule.secret_required for rule in LAW_RULES)
    assert all(rule.secret_required for rule in OLD_RULES if rule.is_election)


def test_recognition_by_the_body_the_law_names():
    effect = {rule.code: rule.effect for rule in LAW_RULES}
    assert effect["contribution_policy"] is effect["other_self_managed"] is rules.Effect.VOTE_DAY
    assert effect["village_convention"] is effect["village_head_election"] is rules.Effect.COMMUNE_COMMITTEE
    assert effect["board_election"] is rules.Effect.COMMUNE_FRONT


def test_the_book_in_force_is_chosen_by_date_and_a_later_book_applies_from_its_date_only(monkeypatch):
    amended = rules.RuleBook("2027-01-01", date(2027, 1, 1), "amended", dict(LAW_2023.rules))
    monkeypatch.setattr(rules, "BOOKS", (LAW_2023, amended))
    assert rules.book_in_force(date(2026, 12, 31)) is LAW_2023
    assert rules.book_in_force(date(2027, 1, 1)) is amended
    assert rules.valid_until(LAW_2023) == date(2027, 1, 1) and rules.valid_until(amended) is None
    # The first reading is never chosen by a date: only the matters decided under it keep it.
    assert rules.book_in_force(date(2024, 1, 1)) is LAW_2023


@pytest.mark.parametrize("rule", OLD_RULES, ids=lambda r: r.code)
@given(counts=yes_no_counts())
def test_the_first_reading_still_decides_as_it_did(rule, counts):
    """Matters decided under it are recounted by it: its quorum and its basis stay exactly as they were."""
    kind = BallotKind.YES_NO if BallotKind.YES_NO in rule.ballot_kinds else BallotKind.CHOOSE_ONE
    if kind is BallotKind.CHOOSE_ONE:
        counts = Counts(
            counts.roll,
            counts.participants,
            counts.valid,
            counts.invalid,
            {"c1": counts.votes["yes"], "c2": counts.votes["no"]},
        )
    result = decide(rule, kind, counts)
    if 2 * counts.participants <= counts.roll:
        assert result.outcome is Outcome.VOID and result.reason == "no_quorum"
        return
    base = counts.roll if rule.pass_basis is Basis.ROLL else counts.valid
    lead = counts.votes["yes"] if kind is BallotKind.YES_NO else max(counts.votes.values())
    assert (result.outcome is Outcome.VALID) == (2 * lead > base)


@given(st.lists(st.sampled_from(["a", "b", "c", "x"]), max_size=4), st.integers(1, 3))
def test_a_ballot_is_valid_only_with_known_distinct_choices_within_the_limit(chosen, limit):
    problem = check_choices(BallotKind.CHOOSE_UP_TO, chosen, ["a", "b", "c"], limit)
    valid = bool(chosen) and len(set(chosen)) == len(chosen) and "x" not in chosen and len(chosen) <= limit
    assert (problem is None) == valid
