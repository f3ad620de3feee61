"""The rules for village conventions (hương ước, quy ước) of Decree 61/2023/NĐ-CP, as dated data.

Read against ../shared/domain/law.md (B4: Decree 61/2023 Arts. 6–19, effective 16/08/2023). The adoption vote is a
household decision (decisions.rules, item 3 of Law 10/2022 Art. 15: more than 50% of all households, at a meeting
with more than half of them present, a household ballot only when it could not be held); the draft is put to the
residents through the consultation engine for at least 30 days. A convention keeps the book in force on the day it
was started; an amendment is one new dated book.
"""

from dataclasses import dataclass
from datetime import date

from grassroots import rulebooks

DECREE = "Nghị định 61/2023/NĐ-CP"


@dataclass(frozen=True)
class ConventionBook:
    version: str
    in_force_from: date
    initiative_article: str  # Art. 7: the village head with the Front's committee, or at least 10% of households
    team_article: str  # Art. 8: the drafting team; in ethnic-minority areas an elder and a speaker of the language
    draft_min_days: int  # Art. 9 §1: posted "không ít hơn 30 (ba mươi) ngày, kể từ ngày niêm yết"
    draft_article: str
    adoption_article: str  # Art. 10
    dossier_working_days: int  # Art. 11: the dossier to the commune "chậm nhất sau 05 (năm) ngày làm việc"
    recognition_working_days: int  # Art. 11: decided within 5 working days of the complete dossier
    recognition_article: str
    dispatch_working_days: int  # Art. 18 §1(a): the recognised text to the village head and the Front within 2
    dispatch_article: str
    suspension_working_days: int  # Art. 12: suspended within 3 working days of a written report
    suspension_article: str
    repeal_working_days: int  # Art. 14: repealed within 5 working days
    repeal_article: str
    amendment_article: str
    review_day: tuple[int, int]  # Art. 15 §4: reviewed yearly on 18 November (Ngày hội đại đoàn kết) or another day
    review_article: str
    report_due: tuple[int, int]  # Art. 16 §3: the province reports to the Ministry before 30 November
    report_article: str


DECREE_2023 = ConventionBook(
    version="2023-08-16",
    in_force_from=date(2023, 8, 16),
    initiative_article=f"{DECREE} Điều 7",
    team_article=f"{DECREE} Điều 8",
    draft_min_days=30,
    draft_article=f"{DECREE} Điều 9 khoản 1",
    adoption_article=f"{DECREE} Điều 10",
    dossier_working_days=5,
    recognition_working_days=5,
    recognition_article=f"{DECREE} Điều 11",
    dispatch_working_days=2,
    dispatch_article=f"{DECREE} Điều 18 khoản 1 điểm a",
    suspension_working_days=3,
    suspension_article=f"{DECREE} Điều 12",
    repeal_working_days=5,
    repeal_article=f"{DECREE} Điều 14",
    amendment_article=f"{DECREE} Điều 13",
    review_day=(11, 18),
    review_article=f"{DECREE} Điều 15 khoản 4",
    report_due=(11, 30),
    report_article=f"{DECREE} Điều 16",
)
BOOKS = [DECREE_2023]


def book_on(day: date) -> ConventionBook:
    return rulebooks.book_on(BOOKS, day)


def valid_until(book: ConventionBook) -> date | None:
    return rulebooks.valid_until(BOOKS, book)


def review_day(year: int, book: ConventionBook = DECREE_2023) -> date:
    return date(year, *book.review_day)


def report_due(year: int, book: ConventionBook = DECREE_2023) -> date:
    """ "Trước ngày 30 tháng 11": the last day to send it is 29 November."""
    return date(year, *book.report_due).replace(day=book.report_due[1] - 1)
