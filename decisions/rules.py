"""The law's rules for matters residents decide, as data and pure functions.

Numbers and articles marked [check] are remembered, not yet read against the text (see
../shared/domain/README.md); each is held once, here, so a correction is one edit. "More than 50%" is
always a strict inequality computed in integers: exactly half is never a majority.
"""

from dataclasses import dataclass, field
from enum import StrEnum

LAW = "Luật 10/2022/QH15"
DECREE = "Nghị định 59/2023/NĐ-CP"

# Decree 59/2023 [check]: the commune People's Committee recognises a village's result within this many
# working days of receiving the minutes.
RECOGNITION_WORKING_DAYS = 5
# Decree 59/2023 Art. 3 §5(c) (read in ../shared/domain/law.md, A2; in force with the decree): a secret ballot is
# counted by a counting team (Ban kiểm phiếu) "từ 03 đến 05 người". Each member holds a share of the key that opens
# the online ballots' totals (decisions.secrecy).
COUNTING_TEAM_SIZES = range(3, 6)
# Decree 59/2023 [check]: when no one is elected (or the vote is tied) the election is held again within
# this many days.
REVOTE_DAYS = 15


class Electorate(StrEnum):
    HOUSEHOLDS = "households"  # one vote per household, cast by its representative (đại diện hộ)
    VOTERS = "voters"  # every resident of voting age (cử tri)


class Basis(StrEnum):
    ROLL = "roll"  # counted against everyone on the voters' roll, present or not
    VALID = "valid"  # counted against the valid votes cast


class BallotKind(StrEnum):
    YES_NO = "yes_no"
    CHOOSE_ONE = "choose_one"
    CHOOSE_UP_TO = "choose_up_to"


@dataclass(frozen=True)
class RuleSet:
    code: str
    article: str
    electorates: tuple[Electorate, ...]  # the first is the default
    ballot_kinds: tuple[BallotKind, ...]
    secret_required: bool
    # Who must take part for the vote to count at all, and what a majority is counted against.
    quorum_article: str
    pass_basis: Basis
    pass_article: str
    notes: tuple[str, ...] = field(default=())


_HOUSEHOLD_DECISION = dict(
    electorates=(Electorate.HOUSEHOLDS,),
    ballot_kinds=(BallotKind.YES_NO, BallotKind.CHOOSE_ONE),
    secret_required=False,
    # Law 10/2022 Art. 17 [check]: a meeting is held with more than 50% of household representatives.
    quorum_article=f"{LAW} Điều 17 [check]",
    # Law 10/2022 Art. 18 [check]: adopted when more than 50% of ALL households of the village agree; meeting
    # and ballot-sheet counts are added up.
    pass_basis=Basis.ROLL,
    pass_article=f"{LAW} Điều 18 [check]",
)
_ELECTION = dict(
    electorates=(Electorate.HOUSEHOLDS, Electorate.VOTERS),
    secret_required=True,
    # Decree 59/2023 [check]: the electing meeting needs more than 50% of voters or household representatives.
    quorum_article=f"{DECREE} [check]",
    # Decree 59/2023 [check]: elected with more than 50% of the valid votes.
    pass_basis=Basis.VALID,
    pass_article=f"{DECREE} [check: of valid votes, not of those present]",
)

# Law 10/2022 Art. 15 [check]: the matters residents of a village decide directly.
RULE_SETS: dict[str, RuleSet] = {
    rule.code: rule
    for rule in [
        RuleSet("contribution_policy", f"{LAW} Điều 15 khoản 1", **_HOUSEHOLD_DECISION),
        RuleSet("contribution_management", f"{LAW} Điều 15 khoản 2", **_HOUSEHOLD_DECISION),
        RuleSet("village_convention", f"{LAW} Điều 15 khoản 3", **_HOUSEHOLD_DECISION),
        RuleSet(
            "village_head_election",
            f"{LAW} Điều 15 khoản 4; {DECREE}",
            ballot_kinds=(BallotKind.CHOOSE_ONE,),
            **_ELECTION,
        ),
        RuleSet(
            "village_head_dismissal",
            f"{LAW} Điều 15 khoản 4; {DECREE}",
            ballot_kinds=(BallotKind.YES_NO,),
            **_ELECTION,
        ),
        RuleSet(
            "board_election",
            f"{LAW} Điều 15 khoản 5",
            ballot_kinds=(BallotKind.CHOOSE_UP_TO, BallotKind.CHOOSE_ONE),
            **_ELECTION,
        ),
        RuleSet("other_self_managed", f"{LAW} Điều 15 khoản 6", **_HOUSEHOLD_DECISION),
    ]
}


def more_than_half(part: int, whole: int) -> bool:
    """part > whole / 2, exactly: 5 of 10 is not a majority, 6 of 10 and 3 of 5 are."""
    return 2 * part > whole


class Outcome(StrEnum):
    VALID = "valid"  # quorate, and the matter was adopted or seats were filled
    FAILED = "failed"  # quorate, but no majority
    VOID = "void"  # no quorum: nothing was decided


@dataclass(frozen=True)
class Counts:
    """What a tally knows: the roll, who took part, and the votes."""

    roll: int
    participants: int  # households (or voters) who attended the meeting or voted by any way
    valid: int  # valid ballots (each counted once however many options it marks)
    invalid: int
    votes: dict[str, int]  # option key -> ballots marking it; for yes/no the keys are "yes" and "no"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    reason: str  # a message id, explained in the UI (see decisions.presentation)
    winners: tuple[str, ...] = ()
    tied: tuple[str, ...] = ()  # options that must go to a re-vote
    needs_revote: bool = False


def decide(rule: RuleSet, kind: BallotKind, counts: Counts, seats: int = 1) -> Result:
    """The lawful result of a closed vote. Pure: the same counts always give the same result."""
    if counts.roll <= 0 or not more_than_half(counts.participants, counts.roll):
        return Result(Outcome.VOID, "no_quorum", needs_revote=rule.pass_basis is Basis.VALID)
    base = counts.roll if rule.pass_basis is Basis.ROLL else counts.valid
    if kind is BallotKind.YES_NO:
        if more_than_half(counts.votes.get("yes", 0), base):
            return Result(Outcome.VALID, "adopted", winners=("yes",))
        return Result(Outcome.FAILED, "not_adopted")
    majority = sorted(
        (key for key, n in counts.votes.items() if more_than_half(n, base)),
        key=lambda key: (-counts.votes[key], key),
    )
    seats = 1 if kind is BallotKind.CHOOSE_ONE else seats
    if not majority:
        return Result(Outcome.FAILED, "no_majority", needs_revote=rule.pass_basis is Basis.VALID)
    if len(majority) <= seats:
        reason = "elected" if len(majority) == seats else "seats_unfilled"
        return Result(Outcome.VALID, reason, winners=tuple(majority), needs_revote=len(majority) < seats)
    # More candidates have a majority than there are seats: the most votes win; a tie at the last seat
    # cannot be broken by the count and goes to a re-vote among the tied.
    cutoff = counts.votes[majority[seats - 1]]
    above = tuple(key for key in majority if counts.votes[key] > cutoff)
    at_cutoff = tuple(key for key in majority if counts.votes[key] == cutoff)
    if len(above) + len(at_cutoff) == seats:
        return Result(Outcome.VALID, "elected", winners=above + at_cutoff)
    return Result(Outcome.VALID, "tie", winners=above, tied=at_cutoff, needs_revote=True)


def check_choices(kind: BallotKind, chosen: list[str], options: list[str], max_choices: int) -> str | None:
    """Why a ballot marking `chosen` is invalid, or None when it is valid."""
    if len(set(chosen)) != len(chosen):
        return "repeated"
    if any(key not in options for key in chosen):
        return "unknown_option"
    if not chosen:
        return "empty"
    limit = max_choices if kind is BallotKind.CHOOSE_UP_TO else 1
    if len(chosen) > limit:
        return "too_many"
    return None


def result_record(rule: RuleSet, kind: BallotKind, counts: Counts, seats: int) -> dict:
    """The result as stored at closing and recomputed by every verification: decide's answer with its figures."""
    result = decide(rule, kind, counts, seats)
    return {
        "outcome": result.outcome.value,
        "reason": result.reason,
        "winners": list(result.winners),
        "tied": list(result.tied),
        "needs_revote": result.needs_revote,
        "roll": counts.roll,
        "participants": counts.participants,
        "valid": counts.valid,
        "invalid": counts.invalid,
        "votes": counts.votes,
        "pass_basis": rule.pass_basis.value,
        "article": rule.pass_article,
    }
