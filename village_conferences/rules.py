"""The annual conference of a village community (hội nghị cộng đồng dân cư định kỳ), as dated data.

Law 10/2022/QH15 Art. 33 §1: held once a year, at the year's end; Decree 59/2023/NĐ-CP Art. 10: its plan goes to the
commune People's Committee, the commune Front committee and the People's Inspection Board beforehand; Art. 11: the
households are told at the latest 5 days before, and the result is reported in writing to the commune People's
Committee and the commune Front committee (law.md B3). The agenda the article fixes (its items a to i) was not in
the text read: the village records its agenda item by item, and the rules page says so.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from grassroots import rulebooks


@dataclass(frozen=True)
class ConferenceBook:
    version: str
    in_force_from: date
    yearly_article: str
    plan_article: str
    notice_days: int
    notice_article: str
    report_article: str


DECREE_2023 = ConferenceBook(
    version="2023-08-14",
    in_force_from=date(2023, 8, 14),
    yearly_article="Luật 10/2022/QH15 Điều 33 khoản 1",
    plan_article="Nghị định 59/2023/NĐ-CP Điều 10",
    notice_days=5,
    notice_article="Nghị định 59/2023/NĐ-CP Điều 11",
    report_article="Nghị định 59/2023/NĐ-CP Điều 11",
)
BOOKS = [DECREE_2023]


def book_on(day: date) -> ConferenceBook:
    return rulebooks.book_on(BOOKS, day)


def valid_until(book: ConferenceBook) -> date | None:
    return rulebooks.valid_until(BOOKS, book)


def latest_notice(held_on: date, book: ConferenceBook = DECREE_2023) -> date:
    """ "Chậm nhất 05 ngày trước ngày tổ chức hội nghị": five whole days lie between the notice and the conference."""
    return held_on - timedelta(days=book.notice_days)
