"""Property tests of the rules engine: random rolls and votes, and every boundary of every rule set."""

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from decisions.rules import RULE_SETS, BallotKind, Basis, Counts, Outcome, check_choices, decide, more_than_half

RULES = list(RULE_SETS.values())


@given(st.integers(0, 10**9), st.integers(0, 10**9))
def test_more_than_half_is_exact_arithmetic(part, whole):
    assert more_than_half(part, whole) == (Fraction(part) > Fraction(whole, 2))


@given(st.integers(1, 10**9))
def test_exactly_half_is_never_more_than_half(whole):
    assert not more_than_half(whole, 2 * whole)
    assert not more_than_half(whole // 2, whole)
    assert more_than_half(whole // 2 + 1, whole)


@st.composite
def yes_no_counts(draw):
    roll = draw(st.integers(1, 5000))
    participants = draw(st.integers(0, roll))
    valid = draw(st.integers(0, participants))
    yes = draw(st.integers(0, valid))
    return Counts(roll, participants, valid, participants - valid, {"yes": yes, "no": valid - yes})


@pytest.mark.parametrize("rule", [r for r in RULES if BallotKind.YES_NO in r.ballot_kinds], ids=lambda r: r.code)
@given(counts=yes_no_counts())
def test_yes_no_result_follows_the_rule(rule, counts):
    result = decide(rule, BallotKind.YES_NO, counts)
    if 2 * counts.participants <= counts.roll:
        assert result.outcome is Outcome.VOID and result.reason == "no_quorum"
        return
    base = counts.roll if rule.pass_basis is Basis.ROLL else counts.valid
    adopted = 2 * counts.votes["yes"] > base
    assert result.outcome is (Outcome.VALID if adopted else Outcome.FAILED)
    assert result.winners == (("yes",) if adopted else ())


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
@pytest.mark.parametrize("roll", [1, 2, 3, 10, 11, 400, 401])
def test_quorum_boundary_of_every_rule_set(rule, roll):
    kind = rule.ballot_kinds[0]
    votes = {"yes": 0, "no": 0} if kind is BallotKind.YES_NO else {"c1": 0, "c2": 0}
    at_half = roll // 2 if roll % 2 == 0 else None
    just_over = roll // 2 + 1
    if at_half is not None:
        assert decide(rule, kind, Counts(roll, at_half, 0, at_half, votes)).outcome is Outcome.VOID
    assert decide(rule, kind, Counts(roll, just_over - 1, 0, just_over - 1, votes)).outcome is Outcome.VOID
    assert decide(rule, kind, Counts(roll, just_over, 0, just_over, votes)).outcome is not Outcome.VOID


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
@pytest.mark.parametrize("roll", [4, 10, 11, 400, 401])
def test_majority_boundary_of_every_rule_set(rule, roll):
    """All on the roll take part; the leading option gets exactly half, then one more, of the rule's basis."""
    kind = rule.ballot_kinds[0]
    first, second = ("yes", "no") if kind is BallotKind.YES_NO else ("c1", "c2")
    valid = roll if rule.pass_basis is Basis.ROLL else roll - 1  # one spoilt ballot: the basis differs
    base = roll if rule.pass_basis is Basis.ROLL else valid
    if base % 2 == 0:
        half = base // 2
        at_half = decide(rule, kind, Counts(roll, roll, valid, roll - valid, {first: half, second: valid - half}))
        assert at_half.outcome is Outcome.FAILED, (rule.code, roll, at_half)
    over = base // 2 + 1
    passed = decide(rule, kind, Counts(roll, roll, valid, roll - valid, {first: over, second: valid - over}))
    assert passed.outcome is Outcome.VALID and passed.winners == (first,)


@pytest.mark.parametrize("rule", [r for r in RULES if r.pass_basis is Basis.ROLL], ids=lambda r: r.code)
def test_household_decisions_count_against_the_whole_roll_not_those_present(rule):
    # 6 of 10 households take part and all agree: 6 > 5, adopted. 5 agree of 6 present (83%): 5 is not > 5.
    assert decide(rule, BallotKind.YES_NO, Counts(10, 6, 6, 0, {"yes": 6, "no": 0})).outcome is Outcome.VALID
    assert decide(rule, BallotKind.YES_NO, Counts(10, 6, 6, 0, {"yes": 5, "no": 1})).outcome is Outcome.FAILED


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


@pytest.mark.parametrize("rule", [r for r in RULES if BallotKind.CHOOSE_UP_TO in r.ballot_kinds], ids=lambda r: r.code)
@given(drawn=election_counts())
def test_elections_never_seat_more_than_the_seats_nor_anyone_without_a_majority(rule, drawn):
    seats, counts = drawn
    result = decide(rule, BallotKind.CHOOSE_UP_TO, counts, seats)
    if 2 * counts.participants <= counts.roll:
        assert result.outcome is Outcome.VOID and result.needs_revote
        return
    assert len(result.winners) <= seats
    for key in result.winners + result.tied:
        assert 2 * counts.votes[key] > counts.valid
    majority = [k for k, n in counts.votes.items() if 2 * n > counts.valid]
    left_out = [k for k in majority if k not in result.winners + result.tied]
    for key in result.winners + result.tied:
        # Nobody left out with a majority has as many votes as someone seated or tied.
        assert all(counts.votes[key] > counts.votes[other] for other in left_out)
    if result.tied:
        assert result.needs_revote and len({counts.votes[k] for k in result.tied}) == 1
        assert len(result.winners) + len(result.tied) > seats
    assert (result.outcome is Outcome.FAILED) == (not majority)


def test_a_tie_at_the_last_seat_goes_to_a_revote():
    rule = RULE_SETS["board_election"]
    counts = Counts(10, 10, 10, 0, {"c1": 9, "c2": 7, "c3": 7, "c4": 1})
    result = decide(rule, BallotKind.CHOOSE_UP_TO, counts, seats=2)
    assert result.winners == ("c1",) and result.tied == ("c2", "c3") and result.needs_revote


@given(st.lists(st.sampled_from(["a", "b", "c", "x"]), max_size=4), st.integers(1, 3))
def test_a_ballot_is_valid_only_with_known_distinct_choices_within_the_limit(chosen, limit):
    problem = check_choices(BallotKind.CHOOSE_UP_TO, chosen, ["a", "b", "c"], limit)
    valid = bool(chosen) and len(set(chosen)) == len(chosen) and "x" not in chosen and len(chosen) <= limit
    assert (problem is None) == valid
