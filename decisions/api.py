"""Household votes in the API: officials' endpoints through the scoping layer, and open ones for residents."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from accounts.scoping import Action, require, visible_units
from decisions import ballots, codes, selectors, services
from decisions.models import LedgerEntry, Matter, MatterStatus, RollEntry
from decisions.presentation import NOT_SENT, REFUSALS
from grassroots.http import client_address
from localities.models import PATH_END

router = Router(tags=["household votes"])
public_router = Router(tags=["public household votes"], auth=None)


class OptionOut(Schema):
    key: str
    label: str
    votes: int | None  # None while a secret ballot is open


class TurnoutOut(Schema):
    roll: int
    participants: int
    online: int
    meeting: int
    sheet: int
    attended: int
    sheets_issued: int
    sheets_returned: int
    # The fewest households that must agree to pass it (the rule's threshold of the whole roll), and whether those
    # who took part so far could reach it.
    needed_to_pass: int
    within_reach: bool


class MatterOut(Schema):
    id: int
    village_code: str
    matter_type: str
    title: str
    question: str
    ballot_kind: str
    seats: int
    max_choices: int
    is_secret: bool
    electorate: str
    status: str
    round: int
    revote_of_id: int | None
    roll_size: int
    opened_at: datetime | None
    closed_at: datetime | None
    final_hash: str
    article: str
    rule_version: str  # the rule book (decisions.rules) the matter is decided by
    online_voting: bool
    online_chosen_on: date | None
    online_chosen_households: int | None
    online_chosen_how: str

    @staticmethod
    def resolve_village_code(obj):
        return obj.village.code

    @staticmethod
    def resolve_article(obj):
        return obj.rule.article


class MatterDetailOut(MatterOut):
    options: list[OptionOut]
    turnout: TurnoutOut | None
    result: dict | None

    @staticmethod
    def resolve_options(obj):
        rows, _, _ = selectors.option_counts(obj)
        shown = obj.counts_shown and not selectors.shown_result(obj)[1]
        return [{"key": r.key, "label": r.label, "votes": r.total if shown else None} for r in rows]

    @staticmethod
    def resolve_result(obj):
        # Only a result the ledger's recount gives (decisions.selectors.shown_result).
        return selectors.shown_result(obj)[0] or None

    @staticmethod
    def resolve_turnout(obj):
        if obj.status == MatterStatus.DRAFT:
            return None
        t = selectors.turnout(obj)
        return {**t.__dict__, "within_reach": t.within_reach}


class MatterIn(Schema):
    village_code: str
    matter_type: str
    title: str
    question: str
    ballot_kind: str
    options: list[str] = []
    seats: int = 1
    max_choices: int = 1
    is_secret: bool = False
    electorate: str = ""
    meeting_at: datetime | None = None
    meeting_place: str = ""
    online_voting: bool | None = None
    notice_given_on: date | None = None


class RollEntryOut(Schema):
    id: int
    position: int
    household_code: str
    name: str
    address: str
    voted_via: str
    attended: bool
    sheet_issued: bool
    sheet_returned: bool


class CheckInOut(Schema):
    entry: RollEntryOut
    votes_here: bool


class CountIn(Schema):
    source: str
    votes: dict[str, int]
    invalid: int = 0
    valid: int | None = None
    returned: int | None = None


class ConflictOut(Schema):
    household_code: str
    name: str
    attempted_via: str
    voted_via: str
    at: datetime

    @staticmethod
    def resolve_household_code(obj):
        return obj.entry.household_code

    @staticmethod
    def resolve_name(obj):
        return obj.entry.name

    @staticmethod
    def resolve_voted_via(obj):
        return obj.entry.voted_via


class SendIn(Schema):
    sent_on: date


class RecogniseIn(Schema):
    decision_number: str = Field(max_length=60)
    recognised_on: date
    note: str = Field("", max_length=5000)


class RecognitionOut(Schema):
    sent_on: date
    due_on: date
    recognised_on: date | None
    decision_number: str
    refused_on: date | None
    reasons: str
    annulled_on: date | None
    annulment_number: str
    annulment_reasons: str
    disclosure_id: int | None


class VerifyOut(Schema):
    ok: bool
    entries: int
    final_hash_published: str
    final_hash_computed: str
    problems: list[str]
    recount: dict[str, int] | None


class BallotIn(Schema):
    code: str
    choices: list[str]
    matter_id: int | None = None  # the matter whose ballot was filled in: saves a look-up when given


class ReceiptOut(Schema):
    receipt: str
    matter_id: int


class RefusalOut(Schema):
    reason: str
    detail: str


class ReceiptLookupOut(Schema):
    counted: bool
    lane: int | None = None
    seq: int | None = None


def _matter(request, matter_id: int, action: Action = Action.VIEW_DECISIONS) -> Matter:
    matter = get_object_or_404(selectors.matters_for(request.user).select_related("village"), pk=matter_id)
    selectors.require_on(request.user, matter, action)
    return matter


def _entry(request, matter_id: int, entry_id: int) -> RollEntry:
    matter = _matter(request, matter_id, Action.RUN_DECISIONS)
    return get_object_or_404(RollEntry.objects.select_related("matter"), matter=matter, pk=entry_id)


@router.get("", response=list[MatterOut])
def list_matters(request, unit_code: str = "", status: MatterStatus | None = None):
    matters = selectors.matters_for(request.user).select_related("village").order_by("-created_at")
    if unit_code:
        unit = get_object_or_404(visible_units(request.user, Action.VIEW_DECISIONS), code=unit_code)
        matters = matters.filter(unit_path__gte=unit.path, unit_path__lt=unit.path + PATH_END)
    if status:
        matters = matters.filter(status=status)
    return matters[:200]


@router.post("", response={201: MatterDetailOut})
def create_matter(request, payload: MatterIn):
    village = get_object_or_404(visible_units(request.user, Action.RUN_DECISIONS), code=payload.village_code)
    require(request.user, Action.RUN_DECISIONS, village)
    data = services.MatterInput(**payload.dict(exclude={"village_code"}))
    return Status(201, services.create_matter(by=request.user, village=village, data=data))


@router.get("/{matter_id}", response=MatterDetailOut)
def get_matter(request, matter_id: int):
    return _matter(request, matter_id)


@router.post("/{matter_id}/open", response=MatterDetailOut)
def open_voting(request, matter_id: int):
    return services.open_voting(by=request.user, matter=_matter(request, matter_id, Action.RUN_DECISIONS))


class OnlineChoiceIn(Schema):
    chosen_on: date
    households: int
    how: str


@router.post("/{matter_id}/online-choice", response=MatterDetailOut)
def online_choice(request, matter_id: int, payload: OnlineChoiceIn):
    """Decree 59/2023 Art. 5 §2(c): how and when more than half of all households chose online voting, recorded
    before an online vote (of other self-managed work) opens."""
    matter = _matter(request, matter_id, Action.RUN_DECISIONS)
    return services.record_online_choice(by=request.user, matter=matter, **payload.dict())


class CountingTeamIn(Schema):
    members: list[str]


class DrawLinkOut(Schema):
    member: str
    link: str  # where that member, alone, draws their slip (the official never sees the slip)


class CountingTeamOut(Schema):
    threshold: int
    links: list[DrawLinkOut]


@router.post("/{matter_id}/counting-team", response=CountingTeamOut)
def counting_team(request, matter_id: int, payload: CountingTeamIn):
    """A secret ballot's counting team: one link per member to draw their key slip, returned once (the slips are
    shown only to the members, at their links; see decisions.services.draw_slip). Voting opens once all have drawn."""
    matter = _matter(request, matter_id, Action.RUN_DECISIONS)
    links = services.prepare_counting_team(by=request.user, matter=matter, names=payload.members)
    matter.refresh_from_db()
    return {
        "threshold": matter.encryption["threshold"],
        "links": [{"member": link.name, "link": link.url} for link in links],
    }


class CloseIn(Schema):
    shares: list[str] = []  # a secret ballot's: the codes of at least a majority of the counting team's slips


@router.post("/{matter_id}/close", response=MatterDetailOut)
def close_voting(request, matter_id: int, payload: CloseIn | None = None):
    matter = _matter(request, matter_id, Action.RUN_DECISIONS)
    return services.close_voting(by=request.user, matter=matter, shares=payload.shares if payload else [])


@router.get("/{matter_id}/roll", response=list[RollEntryOut])
def get_roll(request, matter_id: int):
    return RollEntry.objects.filter(matter=_matter(request, matter_id)).order_by("position")


@router.post("/{matter_id}/roll/{entry_id}/check-in", response=CheckInOut)
def check_in(request, matter_id: int, entry_id: int):
    result = services.check_in(by=request.user, entry=_entry(request, matter_id, entry_id))
    return {"entry": result.entry, "votes_here": result.votes_here}


@router.post("/{matter_id}/roll/{entry_id}/sheet-returned", response={200: RollEntryOut, 409: RefusalOut})
def sheet_returned(request, matter_id: int, entry_id: int):
    entry = _entry(request, matter_id, entry_id)
    if not services.return_sheet(by=request.user, entry=entry):
        entry.refresh_from_db()
        reason = f"already_{entry.voted_via}"
        return Status(409, {"reason": reason, "detail": str(REFUSALS[reason])})
    entry.refresh_from_db()
    return entry


class BallotRoundIn(Schema):
    team: list[str] = Field(max_length=5)
    announced_on: date
    sheets_on: date
    shares: list[str] = Field(default_factory=list, max_length=5)


class BallotRoundOut(Schema):
    matter_id: int  # the matter the sheets are cast on: a new one when every household answers afresh
    after_meeting_of_id: int | None
    reading: str
    team: list[str]
    announced_on: date
    sheets_on: date


@router.post("/{matter_id}/ballot-round", response={201: BallotRoundOut})
def start_ballot_round(request, matter_id: int, payload: BallotRoundIn):
    """The household ballot round (Law 10/2022 Art. 19): after a meeting that cannot reach the threshold, or from
    the start for items 1, 2 and 6."""
    matter = _matter(request, matter_id, Action.RUN_DECISIONS)
    return Status(201, services.start_ballot_round(by=request.user, matter=matter, **payload.dict()))


@router.post("/{matter_id}/sheets/issue", response=dict)
def issue_sheets(request, matter_id: int):
    matter = _matter(request, matter_id, Action.RUN_DECISIONS)
    return {"issued": services.issue_sheets(by=request.user, matter=matter)}


@router.post("/{matter_id}/counts", response=MatterDetailOut)
def enter_count(request, matter_id: int, payload: CountIn):
    matter = _matter(request, matter_id, Action.RUN_DECISIONS)
    services.enter_count(by=request.user, matter=matter, count=services.EnteredCount(**payload.dict()))
    return matter


@router.get("/{matter_id}/conflicts", response=list[ConflictOut])
def conflicts(request, matter_id: int):
    return selectors.conflicts(_matter(request, matter_id))[:500]


@router.post("/{matter_id}/recognition/send", response=RecognitionOut)
def send_for_recognition(request, matter_id: int, payload: SendIn):
    matter = _matter(request, matter_id, Action.RUN_DECISIONS)
    return services.send_for_recognition(by=request.user, matter=matter, sent_on=payload.sent_on)


def _recognising(request, matter_id: int) -> Matter:
    """For the body that recognises the matter (Law 10/2022 Art. 21 §2: items 3-4 the People's Committee, item 5 the
    Front committee); a result in effect from the vote day is answered by the service."""
    matter = _matter(request, matter_id)
    require(request.user, services.recognising_action(matter) or Action.RECOGNISE_DECISIONS, matter.village)
    return matter


@router.post("/{matter_id}/recognition", response=RecognitionOut)
def recognise(request, matter_id: int, payload: RecogniseIn):
    matter = _recognising(request, matter_id)
    if not hasattr(matter, "recognition"):
        raise ValidationError(str(NOT_SENT))
    return services.recognise(by=request.user, matter=matter, **payload.dict())


class RefuseIn(Schema):
    refused_on: date
    reasons: str = Field(max_length=5000)


class AnnulIn(Schema):
    decision_number: str = Field(max_length=60)
    annulled_on: date
    reasons: str = Field(max_length=5000)


@router.post("/{matter_id}/recognition/refuse", response=RecognitionOut)
def refuse(request, matter_id: int, payload: RefuseIn):
    matter = _recognising(request, matter_id)
    return services.refuse_recognition(by=request.user, matter=matter, **payload.dict())


@router.post("/{matter_id}/annul", response=RecognitionOut)
def annul(request, matter_id: int, payload: AnnulIn):
    matter = _matter(request, matter_id, Action.RECOGNISE_DECISIONS)
    return services.annul(by=request.user, matter=matter, **payload.dict())


def _verify(matter: Matter) -> dict:
    check = selectors.verification(matter)
    return {
        "ok": check.ok,
        "entries": check.entries,
        "final_hash_published": matter.final_hash,
        "final_hash_computed": check.computed_final_hash,
        "problems": [str(problem) for problem in check.problems],
        "recount": dict(check.recount.totals()) if matter.counts_shown else None,
    }


@router.get("/{matter_id}/verify", response=VerifyOut)
def verify(request, matter_id: int):
    return _verify(_matter(request, matter_id))


# Open to everyone --------------------------------------------------------------------------------------------


def _public_matter(matter_id: int) -> Matter:
    return get_object_or_404(Matter.objects.select_related("village").exclude(status=MatterStatus.DRAFT), pk=matter_id)


@public_router.get("/decisions/{matter_id}", response=MatterDetailOut)
def public_matter(request, matter_id: int):
    return _public_matter(matter_id)


class ReceiptIn(Schema):
    receipt: str


# POST, so that a receipt never sits in an address (and in access logs beside the voter's IP).
@public_router.post("/decisions/{matter_id}/receipts", response=ReceiptLookupOut)
def public_receipt(request, matter_id: int, payload: ReceiptIn):
    entry = LedgerEntry.objects.filter(matter=_public_matter(matter_id), receipt=codes.normalise(payload.receipt))
    entry = entry.first()
    return {"counted": entry is not None, "lane": entry and entry.lane, "seq": entry and entry.seq}


@public_router.get("/decisions/{matter_id}/verify", response=VerifyOut)
def public_verify(request, matter_id: int):
    return _verify(_public_matter(matter_id))


@public_router.post("/ballots", response={201: ReceiptOut, 400: RefusalOut, 409: RefusalOut, 429: RefusalOut})
def public_ballot(request, payload: BallotIn):
    """Vote with a household's one-time code. Wrong codes count against the caller's address."""
    try:
        receipt = ballots.cast_online(
            code=payload.code,
            choices=payload.choices,
            address=client_address(request),
            matter_id=payload.matter_id,
        )
    except ballots.BallotRefused as refused:
        status = {"unknown_code": 400, "rate_limited": 429}.get(refused.reason, 409)
        if refused.reason.startswith("choice_"):
            status = 400
        return Status(status, {"reason": refused.reason, "detail": str(REFUSALS.get(refused.reason, ""))})
    return Status(201, {"receipt": receipt.code, "matter_id": receipt.matter_id})
