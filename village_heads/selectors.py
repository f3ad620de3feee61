"""Reads for village heads: what each page shows, through the one scoping layer."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from accounts.scoping import Action, scope
from decisions.models import VOTED, MatterStatus
from village_heads import rules, services
from village_heads.models import Dismissal, HeadElection


def elections_for(user):
    return scope(user, HeadElection.objects.all(), Action.VIEW_DECISIONS)


def dismissals_for(user):
    return scope(user, Dismissal.objects.all(), Action.VIEW_DECISIONS)


@dataclass
class StepState:
    key: str
    words: str
    article: str
    latest: date
    done_on: date | None
    late: bool  # not done and its last day has passed: the election cannot be held on its day


def steps(election: HeadElection, today: date | None = None) -> list[StepState]:
    today = today or timezone.localdate()
    done = {
        "plan": election.plan_on,
        "candidates": election.candidates_on,
        "team": election.team_on,
        "publicity": election.publicity_on,
    }
    rows = []
    for step in election.book.steps:
        latest = rules.latest_day(step, election.election_day)
        rows.append(
            StepState(
                step.key,
                str(rules.STEP_WORDS[step.key]),
                step.article,
                latest,
                done[step.key],
                done[step.key] is None and today > latest,
            )
        )
    return rows


@dataclass
class Outcome:
    elected: str | None
    nobody: bool
    recognised_on: date | None
    term_ends: date | None
    decided_by: date | None  # the commune's answer is due (Decree 59/2023 Art. 8), once the decision is sent


def outcome(election: HeadElection) -> Outcome | None:
    matter = election.matter
    if matter is None or matter.status not in VOTED:
        return None
    recognition = getattr(matter, "recognition", None)
    recognised_on = recognition.recognised_on if recognition and matter.status == MatterStatus.RECOGNISED else None
    return Outcome(
        elected=services.winner(election),
        nobody=services.nobody_elected(election),
        recognised_on=recognised_on,
        term_ends=rules.term_ends(recognised_on) if recognised_on else None,
        decided_by=recognition.due_on if recognition else None,
    )


def new_election_due(dismissal: Dismissal) -> date | None:
    """The commune decides the new election within 60 days of the dismissal (Decree 59/2023 Art. 9 §3)."""
    effective = services.dismissed_on(dismissal)
    return effective + timedelta(days=dismissal.book.new_election_days) if effective else None


@dataclass
class Head:
    name: str
    since: date
    acting: bool
    term_ends: date | None


def current_head(village) -> Head | None:
    """Who holds the office now: the last one elected and recognised, unless dismissed since; an acting head
    after a dismissal until the next one is recognised."""
    events: list[tuple[date, int, Head | None]] = []
    for election in HeadElection.objects.filter(village=village).select_related("matter__recognition"):
        result = outcome(election)
        if result and result.elected and result.recognised_on:
            events.append(
                (result.recognised_on, 2, Head(result.elected, result.recognised_on, False, result.term_ends))
            )
    for dismissal in Dismissal.objects.filter(village=village).select_related("matter__recognition"):
        effective = services.dismissed_on(dismissal)
        if effective:
            events.append((effective, 3, None))  # the same day as an election: after it
            if dismissal.acting_head:
                events.append(
                    (dismissal.acting_from, 4, Head(dismissal.acting_head, dismissal.acting_from, True, None))
                )
    if not events:
        return None
    return sorted(events, key=lambda e: (e[0], e[1]))[-1][2]
