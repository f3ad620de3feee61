"""The law's rules for matters residents decide, as dated data and pure functions.

Each rule book holds, per kind of matter, what the law says: who decides, the threshold and what it is counted
against, the forms a decision may take, whether the attendees may choose a secret ballot, and who recognises the
result. A book applies from its date (and to the next book's date): a matter keeps the book in force when it was
created, so an amendment is one new dated book and matters already decided keep theirs (`Matter.rule_version`).

The book in force was read against the texts (../shared/domain/law.md, A2–A4: Law 10/2022/QH15 Art. 15–21 and
Decree 59/2023/NĐ-CP Art. 3–9, as compiled in the Bộ Pháp điển). Thresholds are computed in integers: "từ hai phần
ba … trở lên" is at least two thirds (inclusive), "trên 50%" strictly more than half; both always of every household
on the frozen roll, never of those present or of the valid ballots (Art. 21 §1). There is no attendance quorum: a
meeting that cannot reach the threshold is followed by a household ballot round (Art. 19 §1(b)).

The platform's first reading, built from memory before the texts were read, is kept as the book "platform-1"
(`FIRST_READING`) for the matters decided under it: their stored result is recounted by the rule they were decided
by, and their pages say so. No new matter is ever given it.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

LAW = "Luật 10/2022/QH15"
DECREE = "Nghị định 59/2023/NĐ-CP"
CONVENTIONS_DECREE = "Nghị định 61/2023/NĐ-CP"

# Law 10/2022 Art. 91: in force from 1 July 2023 (Decree 59/2023 and Decree 61/2023 from August 2023 detail it).
LAW_IN_FORCE = date(2023, 7, 1)

# Law 10/2022 Art. 21 §2 (last paragraph; law.md A4): the commune People's Committee or Front committee recognises a
# village's decision, or refuses it in writing with reasons, within 5 working days of receiving it.
RECOGNITION_WORKING_DAYS = 5
RECOGNITION_ARTICLE = f"{LAW} Điều 21 khoản 2"
# Law 10/2022 Art. 20 §3 (law.md A2): the decision is sent to the commune People's Committee and Front committee
# within 5 working days of the meeting or of the end of the ballot or online period.
SEND_WORKING_DAYS = 5
SEND_ARTICLE = f"{LAW} Điều 20 khoản 3"
# Decree 59/2023 Art. 3 §5(c) (law.md A2): a secret ballot is counted by a counting team (Ban kiểm phiếu) "từ 03 đến
# 05 người"; the household-ballot team (Law Art. 19 §2) and the online team (Decree 59 Art. 5) are also 3–5. Each
# member holds a share of the key that opens the online ballots' totals (decisions.secrecy).
COUNTING_TEAM_SIZES = range(3, 6)
COUNTING_TEAM_ARTICLE = f"{DECREE} Điều 3 khoản 5 điểm c"
# Decree 59/2023 Art. 3 §3 (law.md A2): the meeting notice goes out at least 2 days before the meeting.
MEETING_NOTICE_DAYS = 2
MEETING_NOTICE_ARTICLE = f"{DECREE} Điều 3 khoản 3"
# Law 10/2022 Art. 19 §2–3 (law.md A2); Decree 59/2023 Art. 4: a household ballot is handed out by a team of 3 to 5
# ("Tổ phát phiếu lấy ý kiến có từ 03 đến 05 thành viên"), its content, time and team made public "chậm nhất là 02
# ngày trước ngày thực hiện việc phát phiếu"; one sheet per household.
BALLOT_TEAM_SIZES = range(3, 6)
BALLOT_NOTICE_DAYS = 2
BALLOT_ARTICLE = f"{LAW} Điều 19"
# The platform's own bound, not the law's (which sets only the 2 days): the sheets go out within 30 days of the
# notice, so that a mistyped year cannot hold a closed meeting's matter for ever. Shown on the rules page.
BALLOT_ROUND_MOST_DAYS = 30
# Law 10/2022 Art. 17 §2: items 3, 4, 5 "phải được thực hiện tại cuộc họp của cộng đồng dân cư, trừ trường hợp quy
# định tại điểm b khoản 1 Điều 19" (a ballot round after a meeting that fell short).
MEETING_REQUIRED_ARTICLE = f"{LAW} Điều 17 khoản 2"
# Matters made only by their own preparation: a village head's election after the steps of Decree 59/2023 Art. 6 and
# a dismissal on one of the grounds of Art. 9 §1 (village_heads); a village convention after its draft was put to
# the residents for 30 days (Decree 61/2023 Art. 9: conventions).
PREPARED_ELSEWHERE = frozenset({"village_head_election", "village_head_dismissal", "village_convention"})
# Votes on the village head's own office, run by the election team or the Front's committee (Decree 59/2023 Art. 3
# §1(b), (c)), never by the village head: decisions.selectors.runs.
ON_THE_HEADS_OFFICE = frozenset({"village_head_election", "village_head_dismissal"})


class RoundReading(StrEnum):
    """How a household ballot round that follows a meeting which could not reach the threshold (Law 10/2022 Art. 19
    §1(b)) combines with the meeting's votes: the text does not say (law.md A2, "Combining meeting + ballot")."""

    EVERY_HOUSEHOLD = "every_household"  # a fresh ballot: every household on the roll answers on a sheet
    ABSENT_HOUSEHOLDS = "absent_households"  # the meeting's votes stand; sheets go to the households that did not vote


ROUND_READING_WORDS = {
    RoundReading.EVERY_HOUSEHOLD: _(
        "A meeting whose households present cannot reach the threshold is followed by a household ballot round "
        "(Luật 10/2022/QH15 Điều 19 khoản 1 điểm b). The law does not say how the round combines with the meeting's "
        "hands: the platform takes the round as a fresh ballot, one sheet for every household on the roll (Điều 19 "
        "khoản 3), counted against every household (Điều 21 khoản 1); the meeting's count stays in its own record."
    ),
    RoundReading.ABSENT_HOUSEHOLDS: _(
        "A meeting whose households present cannot reach the threshold is followed by a household ballot round "
        "(Luật 10/2022/QH15 Điều 19 khoản 1 điểm b). The law does not say how the round combines with the meeting's "
        "hands: this platform is set to keep the votes cast at the meeting and hand sheets only to the households "
        "that did not vote there, each household counted once against every household (Điều 21 khoản 1). This "
        "reading needs confirmation by the provincial Department of Home Affairs."
    ),
}


def round_reading() -> RoundReading:
    """The reading in force (setting `BALLOT_ROUND_READING`; shown on the rules page and on every matter)."""
    from django.conf import settings

    return RoundReading(settings.BALLOT_ROUND_READING)


def round_reading_words():
    return ROUND_READING_WORDS[round_reading()]


class Electorate(StrEnum):
    HOUSEHOLDS = "households"  # one vote per household, cast by its representative (đại diện hộ)
    VOTERS = "voters"  # every resident of voting age (cử tri): only the first reading allowed it


class Basis(StrEnum):
    ROLL = "roll"  # counted against everyone on the frozen roll, present or not
    VALID = "valid"  # counted against the valid votes cast (only the first reading's elections)


class BallotKind(StrEnum):
    YES_NO = "yes_no"
    CHOOSE_ONE = "choose_one"
    CHOOSE_UP_TO = "choose_up_to"


class Form(StrEnum):
    """How a community decides (Law 10/2022 Art. 17 §1)."""

    MEETING = "meeting"  # a) cuộc họp của cộng đồng dân cư
    SHEET = "sheet"  # b) phát phiếu lấy ý kiến của từng hộ gia đình
    ONLINE = "online"  # c) biểu quyết trực tuyến


class Effect(StrEnum):
    """From when a decision takes effect, and who recognises it (Law 10/2022 Art. 21 §2)."""

    VOTE_DAY = "vote_day"  # items 1, 2, 6: from the day of the vote
    COMMUNE_COMMITTEE = "commune_committee"  # items 3, 4: from the commune People's Committee's recognition
    COMMUNE_FRONT = "commune_front"  # item 5: from the commune Front committee's recognition


@dataclass(frozen=True)
class Threshold:
    """A share of a whole: `numerator/denominator`, reached exactly (`inclusive`, "từ … trở lên") or passed strictly
    ("trên"). Integers only: 66 of 99 is exactly two thirds, 50 of 100 is not more than half."""

    numerator: int
    denominator: int
    inclusive: bool

    def met(self, part: int, whole: int) -> bool:
        if whole <= 0:
            return False
        if self.inclusive:
            return part * self.denominator >= self.numerator * whole
        return part * self.denominator > self.numerator * whole

    def needed(self, whole: int) -> int:
        """The fewest of `whole` that meet the threshold."""
        if whole <= 0:
            return 1
        exact, rest = divmod(self.numerator * whole, self.denominator)
        if self.inclusive:
            return exact + (1 if rest else 0)
        return exact + 1


TWO_THIRDS = Threshold(2, 3, inclusive=True)
MORE_THAN_HALF = Threshold(1, 2, inclusive=False)

THRESHOLD_WORDS = {
    TWO_THIRDS: _("at least two thirds"),
    MORE_THAN_HALF: _("more than half"),
}
FORM_WORDS = {
    Form.MEETING: _("at a meeting of the community"),
    Form.SHEET: _("on a ballot sheet for each household"),
    Form.ONLINE: _("online"),
}
ONLINE_AFTER_CHOICE = _(
    "online, once more than half of all households chose online voting (Nghị định 59/2023/NĐ-CP Điều 5)"
)
EFFECT_WORDS = {
    Effect.VOTE_DAY: _("on the day of the vote"),
    Effect.COMMUNE_COMMITTEE: _("on recognition by the commune People's Committee"),
    Effect.COMMUNE_FRONT: _("on recognition by the commune Fatherland Front committee"),
}


@dataclass(frozen=True)
class RuleSet:
    code: str
    item: int  # Law 10/2022 Art. 15 item
    article: str
    electorates: tuple[Electorate, ...]  # the first is the default
    ballot_kinds: tuple[BallotKind, ...]
    # Passes when the agreeing households (or a candidate's votes) reach `threshold` of `pass_basis`.
    threshold: Threshold
    pass_basis: Basis
    pass_article: str
    forms: tuple[Form, ...]
    forms_article: str
    # Decree 59/2023 Art. 5 §2(c): online voting only after more than half of all households chose it.
    online_needs_choice: bool
    # True: the attendees choose show of hands or secret ballot; False: the first reading's compulsory secret ballot.
    secret_optional: bool
    effect: Effect
    effect_article: str
    is_election: bool = False
    # Law 10/2022 Art. 17 §2: decided at a meeting; household sheets only in the round after one that fell short.
    meeting_required: bool = False
    # None: no attendance quorum. The first reading voided a vote without more than half taking part.
    quorum: Threshold | None = None
    quorum_article: str = ""
    # Where the text leaves the platform a choice, the reading taken (shown on the rules page and the matter).
    readings: tuple[str, ...] = field(default=())
    # What else the law asks of this kind of matter, shown beside it.
    notes: tuple[str, ...] = field(default=())

    @property
    def secret_required(self) -> bool:
        return not self.secret_optional and self.is_election

    @property
    def online_allowed(self) -> bool:
        return Form.ONLINE in self.forms

    @property
    def threshold_words(self):
        return THRESHOLD_WORDS[self.threshold]

    @property
    def form_words(self) -> list:
        words = {Form.MEETING: FORM_WORDS[Form.MEETING], Form.SHEET: FORM_WORDS[Form.SHEET]}
        online = ONLINE_AFTER_CHOICE if self.online_needs_choice else FORM_WORDS[Form.ONLINE]
        return [online if form is Form.ONLINE else words[form] for form in self.forms]

    @property
    def effect_words(self):
        return EFFECT_WORDS[self.effect]


@dataclass(frozen=True)
class RuleBook:
    version: str
    valid_from: date
    title: str
    rules: dict[str, RuleSet]
    superseded: bool = False  # a reading kept only for the matters decided under it


# Law 10/2022 Art. 17 §2: items 3, 4, 5 are decided at a meeting (a household ballot only as the fallback of Art. 19
# §1(b)); online voting only for item 6.
_AT_A_MEETING = (Form.MEETING, Form.SHEET)
_ANY_FORM = (Form.MEETING, Form.SHEET, Form.ONLINE)
_FORMS_ARTICLE = f"{LAW} Điều 17"
# Decree 61/2023 Art. 10 §1(a), §2(a) (law.md B4).
_CONVENTION_MEETING = _(
    "The meeting on a village convention needs more than half of all households present (Nghị định 61/2023/NĐ-CP "
    "Điều 10); when it cannot be held for want of them, the convention is put to a household ballot."
)
_ELECTION_READING = _(
    "When nobody is elected the minutes say why and the commune People's Committee decides on a new election "
    "(Nghị định 59/2023/NĐ-CP Điều 3 khoản 5 điểm d): the text sets no number of days."
)


def _law_rule(code, item, kinds, threshold, forms, effect, **extra) -> RuleSet:
    return RuleSet(
        code=code,
        item=item,
        article=f"{LAW} Điều 15 khoản {item}",
        electorates=(Electorate.HOUSEHOLDS,),
        ballot_kinds=kinds,
        threshold=threshold,
        pass_basis=Basis.ROLL,
        pass_article=f"{LAW} Điều 21 khoản 1",
        forms=forms,
        forms_article=_FORMS_ARTICLE,
        online_needs_choice=Form.ONLINE in forms,
        # Law 10/2022 Art. 18 §4(d); Decree 59/2023 Art. 3 §5(b): "giơ tay hoặc bỏ phiếu kín do các thành viên tham
        # dự cuộc họp quyết định".
        secret_optional=True,
        effect=effect,
        effect_article=RECOGNITION_ARTICLE,
        **extra,
    )


_YES_NO = (BallotKind.YES_NO, BallotKind.CHOOSE_ONE)
LAW_2023 = RuleBook(
    version="2023-07-01",
    valid_from=LAW_IN_FORCE,
    title=f"{LAW}, {DECREE}",
    rules={
        rule.code: rule
        for rule in [
            _law_rule(
                "contribution_policy",
                1,
                _YES_NO,
                TWO_THIRDS,
                _AT_A_MEETING,
                Effect.VOTE_DAY,
            ),
            _law_rule(
                "contribution_management",
                2,
                _YES_NO,
                TWO_THIRDS,
                _AT_A_MEETING,
                Effect.VOTE_DAY,
            ),
            _law_rule(
                "village_convention",
                3,
                _YES_NO,
                MORE_THAN_HALF,
                _AT_A_MEETING,
                Effect.COMMUNE_COMMITTEE,
                meeting_required=True,
                notes=(_CONVENTION_MEETING,),
            ),
            _law_rule(
                "village_head_election",
                4,
                (BallotKind.CHOOSE_ONE,),
                MORE_THAN_HALF,
                _AT_A_MEETING,
                Effect.COMMUNE_COMMITTEE,
                meeting_required=True,
                is_election=True,
                readings=(_ELECTION_READING,),
            ),
            _law_rule(
                "village_head_dismissal",
                4,
                (BallotKind.YES_NO,),
                MORE_THAN_HALF,
                _AT_A_MEETING,
                Effect.COMMUNE_COMMITTEE,
                meeting_required=True,
            ),
            _law_rule(
                "board_election",
                5,
                (BallotKind.CHOOSE_UP_TO, BallotKind.CHOOSE_ONE),
                MORE_THAN_HALF,
                _AT_A_MEETING,
                Effect.COMMUNE_FRONT,
                meeting_required=True,
                is_election=True,
                readings=(_ELECTION_READING,),
            ),
            _law_rule("other_self_managed", 6, _YES_NO, MORE_THAN_HALF, _ANY_FORM, Effect.VOTE_DAY),
        ]
    },
)


def _first_reading() -> RuleBook:
    """What the platform applied before its rules were read against the text, kept for the matters decided under it:
    their stored results are recounted by these thresholds. Its article strings (stored in those results; the
    recount does not compare them, see decisions.ledger) say that they were never read against the text; no page or
    document shows them (decisions.presentation.explain says "the first reading")."""
    old_law, old_decree = "Luật 10/2022/QH15", "Nghị định 59/2023/NĐ-CP"
    household = dict(
        electorates=(Electorate.HOUSEHOLDS,),
        ballot_kinds=_YES_NO,
        threshold=MORE_THAN_HALF,
        pass_basis=Basis.ROLL,
        pass_article=f"{old_law} Điều 18 (cách đọc ban đầu, chưa đối chiếu văn bản)",
        quorum=MORE_THAN_HALF,
        quorum_article=f"{old_law} Điều 17 (cách đọc ban đầu, chưa đối chiếu văn bản)",
        secret_optional=True,
    )
    election = dict(
        electorates=(Electorate.HOUSEHOLDS, Electorate.VOTERS),
        threshold=MORE_THAN_HALF,
        pass_basis=Basis.VALID,
        pass_article=f"{old_decree} (cách đọc ban đầu: trên số phiếu hợp lệ, chưa đối chiếu văn bản)",
        quorum=MORE_THAN_HALF,
        quorum_article=f"{old_decree} (cách đọc ban đầu, chưa đối chiếu văn bản)",
        secret_optional=False,
        is_election=True,
    )
    common = dict(
        forms=_ANY_FORM, forms_article="", online_needs_choice=False, effect=Effect.COMMUNE_COMMITTEE, effect_article=""
    )
    sets = [
        RuleSet("contribution_policy", 1, f"{old_law} Điều 15 khoản 1", **household, **common),
        RuleSet("contribution_management", 2, f"{old_law} Điều 15 khoản 2", **household, **common),
        RuleSet("village_convention", 3, f"{old_law} Điều 15 khoản 3", **household, **common),
        RuleSet(
            "village_head_election",
            4,
            f"{old_law} Điều 15 khoản 4; {old_decree}",
            ballot_kinds=(BallotKind.CHOOSE_ONE,),
            **election,
            **common,
        ),
        # The first reading voided and re-voted a dismissal like an election, and held it by secret ballot.
        RuleSet(
            "village_head_dismissal",
            4,
            f"{old_law} Điều 15 khoản 4; {old_decree}",
            ballot_kinds=(BallotKind.YES_NO,),
            **election,
            **common,
        ),
        RuleSet(
            "board_election",
            5,
            f"{old_law} Điều 15 khoản 5",
            ballot_kinds=(BallotKind.CHOOSE_UP_TO, BallotKind.CHOOSE_ONE),
            **election,
            **common,
        ),
        RuleSet("other_self_managed", 6, f"{old_law} Điều 15 khoản 6", **household, **common),
    ]
    return RuleBook("platform-1", LAW_IN_FORCE, "", {rule.code: rule for rule in sets}, superseded=True)


FIRST_READING = _first_reading()

# In order of their dates; an amendment is appended as a new book with the date from which it applies.
BOOKS: tuple[RuleBook, ...] = (LAW_2023,)
_ALL_BOOKS = {book.version: book for book in (*BOOKS, FIRST_READING)}
CODES = tuple(LAW_2023.rules)
assert all(set(book.rules) == set(CODES) for book in _ALL_BOOKS.values()), "every book rules every kind of matter"


def book_in_force(on: date | None = None) -> RuleBook:
    """The book that applies to a matter created on `on` (today by default)."""
    if on is None:
        from django.utils import timezone

        on = timezone.localdate()
    applicable = [book for book in BOOKS if book.valid_from <= on]
    return applicable[-1] if applicable else BOOKS[0]


def version_in_force() -> str:
    """The model field's default: new matters take the book in force today."""
    return book_in_force().version


def book(version: str) -> RuleBook:
    return _ALL_BOOKS[version]


def valid_until(rule_book: RuleBook) -> date | None:
    """The day before the next book applies, or None while it is the last."""
    if rule_book.superseded or rule_book not in BOOKS:
        return None
    later = BOOKS[BOOKS.index(rule_book) + 1 :]
    return later[0].valid_from if later else None


def rule_set(code: str, version: str) -> RuleSet:
    return _ALL_BOOKS[version].rules[code]


def more_than_half(part: int, whole: int) -> bool:
    """part > whole / 2, exactly: 5 of 10 is not a majority, 6 of 10 and 3 of 5 are."""
    return 2 * part > whole


class Outcome(StrEnum):
    VALID = "valid"  # adopted, or seats were filled
    FAILED = "failed"  # the threshold was not reached
    VOID = "void"  # the first reading only: no quorum, nothing was decided


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
    if rule.quorum is not None and (counts.roll <= 0 or not rule.quorum.met(counts.participants, counts.roll)):
        return Result(Outcome.VOID, "no_quorum", needs_revote=rule.pass_basis is Basis.VALID)
    base = counts.roll if rule.pass_basis is Basis.ROLL else counts.valid
    if kind is BallotKind.YES_NO:
        if rule.threshold.met(counts.votes.get("yes", 0), base):
            return Result(Outcome.VALID, "adopted", winners=("yes",))
        return Result(Outcome.FAILED, "not_adopted")
    majority = sorted(
        (key for key, n in counts.votes.items() if rule.threshold.met(n, base)),
        key=lambda key: (-counts.votes[key], key),
    )
    seats = 1 if kind is BallotKind.CHOOSE_ONE else seats
    revote = rule.pass_basis is Basis.VALID or rule.is_election
    if not majority:
        return Result(Outcome.FAILED, "no_majority", needs_revote=revote)
    if len(majority) <= seats:
        reason = "elected" if len(majority) == seats else "seats_unfilled"
        return Result(Outcome.VALID, reason, winners=tuple(majority), needs_revote=len(majority) < seats)
    # More candidates reach the threshold than there are seats: the most votes win; a tie at the last seat
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


def result_record(rule: RuleSet, kind: BallotKind, counts: Counts, seats: int, *, version: str) -> dict:
    """The result as stored at closing and recomputed by every verification: decide's answer with its figures and,
    from the first book read against the text, the rule book and threshold it was decided by."""
    result = decide(rule, kind, counts, seats)
    record = {
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
    if version != FIRST_READING.version:
        record["rules"] = version
        record["threshold"] = [rule.threshold.numerator, rule.threshold.denominator, rule.threshold.inclusive]
        record["needed"] = rule.threshold.needed(counts.roll if rule.pass_basis is Basis.ROLL else counts.valid)
    return record
