"""The law's rules for electing and dismissing a village head (Trưởng thôn, Tổ trưởng tổ dân phố), as dated data.

Read against the text in ../shared/domain/law.md (A3: Law 10/2022/QH15 Art. 15 §4, 17 §2, 21; Decree 59/2023/NĐ-CP
Art. 3 and 6–9, as compiled in the Bộ Pháp điển). An election or a dismissal keeps the book in force on the day it
was started; an amendment is one new dated book. The vote itself is a household decision (decisions.rules): more
than 50% of all households of the village, at a meeting (Art. 17 §2, 21 §1).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from grassroots import rulebooks

DECREE = "Nghị định 59/2023/NĐ-CP"


@dataclass(frozen=True)
class Step:
    """A preparation step of Decree 59/2023 Art. 6: done at the latest `days_before` the election meeting."""

    key: str
    days_before: int
    article: str


@dataclass(frozen=True)
class HeadBook:
    version: str
    in_force_from: date
    steps: tuple[Step, ...]
    # Art. 3 §5(b): the Front's list holds at least one person; residents may stand or be nominated at the meeting.
    min_official_candidates: int
    candidates_article: str
    # Art. 3 §5(d): the decision goes to the commune within 5 working days of the meeting; Art. 8: the commune
    # People's Committee recognises the one elected, or decides a new election, within 5 working days of receiving
    # it, or answers in writing with reasons. Nobody elected: the commune decides whether to hold a new election.
    recognition_article: str
    nobody_elected_article: str
    # Art. 9 §1: dismissal on the head's own written request, on the Front's proposal, or when at least 50% of all
    # households of the village ask for it ("ít nhất 50%": the half counts).
    petition_numerator: int
    petition_denominator: int
    dismissal_article: str
    # Art. 9 §3: a new head is elected within 60 days of the dismissal's recognition; meanwhile the commune People's
    # Committee, agreeing with the commune Front, appoints an acting head.
    new_election_days: int
    new_election_article: str


DECREE_2023 = HeadBook(
    version="2023-08-14",
    # Decree 59/2023 is dated 14 August 2023; its clause on entry into force was not read (law.md cites the date
    # only), so its rules are applied from that date.
    in_force_from=date(2023, 8, 14),
    steps=(
        # The commune chairman's decision and the plan agreed with the Front's standing board.
        Step("plan", 20, f"{DECREE} Điều 6"),
        # The Front's village committee, after the Party cell agrees, fixes the official list; its minutes go to
        # the commune.
        Step("candidates", 15, f"{DECREE} Điều 6"),
        # The election team (Tổ bầu cử), led by the Front's village committee representative; no candidate on it.
        Step("team", 10, f"{DECREE} Điều 6"),
        # The decisions are made known to the residents.
        Step("publicity", 7, f"{DECREE} Điều 6"),
    ),
    min_official_candidates=1,
    candidates_article=f"{DECREE} Điều 3 khoản 5 điểm b; Điều 6",
    recognition_article=f"{DECREE} Điều 3 khoản 5 điểm d; Điều 8",
    nobody_elected_article=f"{DECREE} Điều 3 khoản 5 điểm d",
    petition_numerator=1,
    petition_denominator=2,
    dismissal_article=f"{DECREE} Điều 9 khoản 1 điểm b",
    new_election_days=60,
    new_election_article=f"{DECREE} Điều 9 khoản 3",
)
BOOKS = [DECREE_2023]

# The platform's own bounds, not the law's: an election or a meeting at most a year ahead, a step or a request
# dated at most a year back (a mistyped year is refused rather than kept).
MOST_AHEAD_DAYS = 365
MOST_BACK_DAYS = 365
# The most names on the Front's list and on one ballot (nominations from the floor included).
MOST_OFFICIAL_CANDIDATES = 20
MOST_CANDIDATES = 30

STEP_WORDS = {
    "plan": _("The commune's decision and plan for the election"),
    "candidates": _("The Front's list of candidates, with its minutes"),
    "team": _("The election team"),
    "publicity": _("The decisions made known to residents"),
}


def book_on(day: date) -> HeadBook:
    return rulebooks.book_on(BOOKS, day)


def valid_until(book: HeadBook) -> date | None:
    return rulebooks.valid_until(BOOKS, book)


def latest_day(step: Step, election_day: date) -> date:
    """The last day `step` may be done: "chậm nhất N ngày trước ngày tổ chức cuộc họp" — N whole days lie between."""
    return election_day - timedelta(days=step.days_before)


def petition_enough(signed: int, households: int, book: HeadBook = DECREE_2023) -> bool:
    """At least half of all households (integers: 5 of 10 is enough, 4 of 9 is not)."""
    return households > 0 and signed * book.petition_denominator >= households * book.petition_numerator


def petition_needed(households: int, book: HeadBook = DECREE_2023) -> int:
    return -(-households * book.petition_numerator // book.petition_denominator)


# The head's term is not in Law 10/2022 or Decree 59/2023: Circular 04/2012/TT-BNV Art. 12 as amended by Circular
# 14/2018/TT-BNV (read only in secondary sources, law.md A3) lets each province fix 2.5 or 5 years. A setting.
TERM_ARTICLE = "Thông tư 04/2012/TT-BNV Điều 12 (sửa đổi bởi Thông tư 14/2018/TT-BNV)"
TERM_CHOICES = (30, 60)


def term_months() -> int:
    return settings.VILLAGE_HEAD_TERM_MONTHS


def term_ends(start: date, months: int | None = None) -> date:
    """The day before the same date `months` later (a term from 15 March 2024 of 30 months ends 14 September 2026);
    where that month is shorter, its last day (from 31 August, 6 months: 28 or 29 February)."""
    months = term_months() if months is None else months
    year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if start.day > last:
        return date(year, month, last)
    return date(year, month, start.day) - timedelta(days=1)
