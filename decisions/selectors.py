"""Reads for household decisions, every official's list through the scoping layer."""

import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q

from accounts.scoping import Action, can, scope
from decisions import ledger, rules
from decisions.models import (
    VOTED,
    BallotRound,
    ChainHead,
    EntryKind,
    LedgerEntry,
    Matter,
    MatterStatus,
    Recognition,
    RollEntry,
    RollEvent,
    Source,
    Tally,
    Way,
)


def matters_for(user, action: Action = Action.VIEW_DECISIONS):
    return scope(user, Matter.objects.all(), action)


def runs(user, matter: Matter) -> bool:
    """Whether `user` runs the vote of `matter`. A village head's election is convened and chaired by the election
    team and a dismissal by the head of the Front's village committee (Decree 59/2023 Art. 3 §1(b), (c)): not by the
    village head, whose office is at stake; the commune's officials and the Front's staff run them."""
    if matter.matter_type in rules.ON_THE_HEADS_OFFICE:
        return can(user, Action.PREPARE_HEAD_ELECTIONS, matter.village) or can(
            user, Action.FRONT_COMMITTEE, matter.village
        )
    return can(user, Action.RUN_DECISIONS, matter.village)


def said_yes(matter: Matter | None) -> bool:
    """An agree-or-disagree matter voted and adopted."""
    return bool(matter and matter.status in VOTED and "yes" in (matter.result or {}).get("winners", []))


def require_runs(user, matter: Matter) -> None:
    if not runs(user, matter):
        raise PermissionDenied


def require_on(user, matter: Matter, action: Action) -> None:
    """The check the pages and the API make before acting on a matter: running its vote is `runs`."""
    if action == Action.RUN_DECISIONS:
        require_runs(user, matter)
    elif not can(user, action, matter.village):
        raise PermissionDenied


@dataclass
class Turnout:
    roll: int
    online: int
    meeting: int
    sheet: int
    attended: int
    participants: int
    sheets_issued: int
    sheets_returned: int
    # The fewest households that must agree for the matter to pass (its rule's threshold of the whole roll), and,
    # under the first reading only, the fewest that had to take part at all.
    needed_to_pass: int = 0
    quorum: int | None = None

    @property
    def voted(self) -> int:
        return self.online + self.meeting + self.sheet

    @property
    def within_reach(self) -> bool:
        """Whether those who took part so far could pass the matter, were they all to agree (Law 10/2022 Art. 19
        §1(b): a meeting whose attendance cannot reach the threshold is followed by a household ballot round)."""
        return self.participants >= self.needed_to_pass

    @property
    def short_by(self) -> int:
        """How many more households must take part before the matter can pass (or, under the first reading, before
        the vote is quorate)."""
        target = self.needed_to_pass if self.quorum is None else self.quorum
        return max(0, target - self.participants)

    @property
    def percent(self) -> float:
        return round(100 * self.participants / self.roll, 1) if self.roll else 0.0


def roll_of(matter: Matter) -> list[RollEntry]:
    """The frozen roll in its order, each entry with its matter (codes are derived from the matter's salt)."""
    return list(RollEntry.objects.filter(matter=matter).select_related("matter").order_by("position"))


def turnout(matter: Matter) -> Turnout:
    row = RollEntry.objects.filter(matter=matter).aggregate(
        n_online=Count("id", filter=Q(voted_via=Way.ONLINE)),
        n_meeting=Count("id", filter=Q(voted_via=Way.MEETING)),
        n_sheet=Count("id", filter=Q(voted_via=Way.SHEET)),
        n_attended=Count("id", filter=Q(attended=True)),
        n_participants=Count("id", filter=~Q(voted_via="") | Q(attended=True)),
        n_issued=Count("id", filter=Q(sheet_issued=True)),
        n_returned=Count("id", filter=Q(sheet_returned=True)),
    )
    rule = matter.rule
    base = matter.roll_size
    return Turnout(
        matter.roll_size,
        row["n_online"],
        row["n_meeting"],
        row["n_sheet"],
        row["n_attended"],
        row["n_participants"],
        row["n_issued"],
        row["n_returned"],
        needed_to_pass=rule.threshold.needed(base),
        quorum=rule.quorum.needed(base) if rule.quorum else None,
    )


@dataclass
class OptionCount:
    key: str
    label: str
    by_source: dict[str, int]
    total: int


def option_counts(matter: Matter) -> tuple[list[OptionCount], dict[str, int], dict[str, int]]:
    """Live counts per option and source, plus valid and invalid per source. Callers hide a secret ballot's
    option counts until it closes (Matter.counts_shown)."""
    live = ledger.live_totals(matter.pk)
    rows = []
    for option in matter.options.all():
        by_source = {source: cells.get(option.key, 0) for source, cells in live.items()}
        rows.append(OptionCount(option.key, option.label, by_source, sum(by_source.values())))
    valid = {source: cells.get(ledger.VALID_KEY, 0) for source, cells in live.items()}
    invalid = {source: cells.get(ledger.INVALID_KEY, 0) for source, cells in live.items()}
    return rows, valid, invalid


def with_reveals(entries: list[RollEntry]) -> list[RollEntry]:
    """Each entry with `reveals`: its code's printings by officials (who, when), oldest first, and `voted_after_reveal`
    when it voted online after an official had seen its code (traceable to that printing; the choice is not)."""
    by_entry: dict[int, list[RollEvent]] = {}
    shown = RollEvent.objects.filter(entry__in=[e.pk for e in entries], kind=RollEvent.Kind.CODE_SHOWN)
    for event in shown.select_related("by").order_by("at", "id"):
        by_entry.setdefault(event.entry_id, []).append(event)
    for entry in entries:
        entry.reveals = by_entry.get(entry.pk, [])
        entry.voted_after_reveal = entry.voted_via == Way.ONLINE and any(not r.had_voted for r in entry.reveals)
    return entries


def conflicts(matter: Matter):
    """Second votes that were refused, newest first: shown to the officer, never silently dropped."""
    return RollEvent.objects.filter(matter=matter, kind=RollEvent.Kind.REFUSED).select_related("entry", "by")


def verification(matter: Matter) -> ledger.Verification:
    """decisions.ledger.verify, kept per worker so that anyone may ask for it without keeping the server busy: a
    minute once closed, half a minute while ballots still arrive. Kept under a digest of what the pages show and
    what moves when the ledger does — the matter's row, its options, the live counters, the roll's turnout, the
    chain heads, the ledger's size and the recognition, a few small reads — so that an edit to any of them is
    checked on the next read; an edit inside a ledger entry or a roll entry shows within the minute."""
    shown = hashlib.sha256(
        json.dumps(
            [
                [matter.status, matter.result, matter.final_hash, matter.seal, matter.question, matter.matter_type],
                list(matter.options.order_by("position", "id").values_list("key", "label")),
                list(Tally.objects.filter(matter=matter).order_by("lane", "source", "key").values_list("n", flat=True)),
                list(
                    RollEntry.objects.filter(matter=matter)
                    .values_list("voted_via", "attended", "sheet_returned")
                    .annotate(n=Count("id"))
                    .order_by("voted_via", "attended", "sheet_returned")
                ),
                list(
                    ChainHead.objects.filter(matter=matter)
                    .order_by("lane")
                    .values_list("seq", "last_hash", "mac", "is_open")
                ),
                LedgerEntry.objects.filter(matter=matter).aggregate(n=Count("id"), last=Max("id")),
                list(Recognition.objects.filter(matter=matter).values_list()),
            ],
            sort_keys=True,
            default=str,
        ).encode()
    ).hexdigest()
    key = f"decisions:verify:{matter.pk}:{shown}"
    check = cache.get(key)
    if check is None:
        check = ledger.verify(matter)
        cache.set(key, check, 60 if matter.final_hash else 30)
    return check


def checked(matter: Matter) -> ledger.Verification | None:
    """A closed vote's verification (or one that looks closed or carries a result: then it is checked as closed);
    None while voting is open."""
    closed = matter.status in VOTED
    return verification(matter) if matter.final_hash or closed or matter.result else None


def shown_result(matter: Matter) -> tuple[dict, list[ledger.Problem]]:
    """The result a page, a document or the API may show, and what is wrong with the record if it may show none:
    only a result that the recount of the ledger gives, with a roll and figures as closing sealed them."""
    check = checked(matter)
    if check is None:
        return {}, []
    if not check.ok:
        return {}, check.problems
    return matter.result or {}, []


def meeting_counted(matter: Matter) -> bool:
    """Whether the meeting's vote is over: its count entered, or nobody voted at it."""
    voted_here = RollEntry.objects.filter(matter=matter, voted_via=Way.MEETING).exists()
    counts = LedgerEntry.objects.filter(matter=matter, kind=EntryKind.COUNT, source=Source.MEETING)
    return not voted_here or counts.exists()


def ballot_round_state(matter: Matter, taking_part: Turnout | None) -> dict:
    """The matter's household ballot round: the one it has (`ballot_round`), the one that followed its meeting on
    another matter (`followed_by`), and whether one may be started now (`round_due`: Law 10/2022 Art. 19 §1)."""
    from django.utils import timezone

    ballot_round = BallotRound.objects.filter(matter=matter).first()
    followed_by = (
        BallotRound.objects.filter(after_meeting_of=matter).exclude(matter=matter).select_related("matter").first()
    )
    rule = matter.rule
    due = False
    if ballot_round is None and followed_by is None and rules.Form.SHEET in rule.forms:
        if matter.meeting_at is None:
            due = not rule.meeting_required and matter.status in (MatterStatus.DRAFT, MatterStatus.OPEN)
        else:
            due = (
                matter.status == MatterStatus.OPEN
                and timezone.now() >= matter.meeting_at
                and taking_part is not None
                and not taking_part.within_reach
                and meeting_counted(matter)
            )
    # The round every household answers afresh, on its own matter: its meeting was the other matter's.
    copy = ballot_round is not None and ballot_round.after_meeting_of_id not in (None, matter.pk)
    return {"ballot_round": ballot_round, "followed_by": followed_by, "round_due": due, "round_copy": copy}
