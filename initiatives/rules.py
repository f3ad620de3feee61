"""The law's rule for a citizens' initiative (sáng kiến của công dân), as dated data.

Law 10/2022/QH15 Art. 16 §3 (law.md A2): a matter proposed by citizens goes to the village head when "ít nhất là 10%
tổng số hộ gia đình tại thôn, tổ dân phố đồng thuận" — fewer if the Front's village committee takes it up — and
"ý kiến đồng thuận với sáng kiến của công dân có giá trị trong thời hạn 03 tháng kể từ ngày thể hiện ý kiến".
"""

import calendar
from dataclasses import dataclass
from datetime import date

from grassroots import rulebooks

LAW = "Luật 10/2022/QH15"


@dataclass(frozen=True)
class InitiativeBook:
    version: str
    in_force_from: date
    share_numerator: int  # "ít nhất là 10%": the tenth itself is enough
    share_denominator: int
    valid_months: int
    article: str


LAW_2023 = InitiativeBook(
    version="2023-07-01",
    in_force_from=date(2023, 7, 1),  # Law 10/2022 Art. 91
    share_numerator=1,
    share_denominator=10,
    valid_months=3,
    article=f"{LAW} Điều 16 khoản 3",
)
BOOKS = [LAW_2023]


def book_on(day: date) -> InitiativeBook:
    return rulebooks.book_on(BOOKS, day)


def valid_until(book: InitiativeBook) -> date | None:
    return rulebooks.valid_until(BOOKS, book)


def needed(households: int, book: InitiativeBook = LAW_2023) -> int:
    """The fewest households that are at least 10% of `households` (10 of 100, 11 of 101; 1 of 5)."""
    return -(-households * book.share_numerator // book.share_denominator)


def consent_lasts_until(consented_on: date, book: InitiativeBook = LAW_2023) -> date:
    """The last day a consent counts. The text says "03 tháng kể từ ngày thể hiện ý kiến"; read as the Civil Code
    counts a period in months (Art. 147–148: from the next day, ending on the same day of the last month, or that
    month's last day): a consent of 10 January counts until 10 April, one of 30 November until 28/29 February."""
    total = consented_on.year * 12 + consented_on.month - 1 + book.valid_months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(consented_on.day, calendar.monthrange(year, month)[1]))
