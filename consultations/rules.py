"""The law's rules for consultations (Nhân dân tham gia ý kiến), as dated data.

Read against the text in ../shared/domain/law.md (A5: Law 10/2022/QH15 Art. 25–29, as compiled in the Bộ Pháp
điển). A consultation keeps the rule book in force on the day it was created; an amendment is one new dated book.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from grassroots import rulebooks

LAW = "Luật 10/2022/QH15"

# Art. 25: what the commune must put to residents before deciding, by item. A conference's draft report (the
# Steering Committee's and the Front's conferences) is not one of them: it is the platform's own subject.
ARTICLE_25_ITEMS = {
    "socio_economic_plan": 1,
    "land_use": 2,
    "investment": 3,
    "boundary": 4,
    "community_decision": 5,
    "construction_planning": 6,
    "democracy_regulation": 7,
    "obligations_decision": 8,
    "other": 9,
}
NOT_UNDER_ARTICLE_25 = {"report", "village_convention"}
DELEGATES_ONLY = {"report"}  # put to a conference's delegates, never to residents
# A draft village convention is posted for residents' opinions for at least 30 days from its posting (Decree
# 61/2023 Art. 9 §1), not Art. 28's 20: the consultation engine takes it with its own period (conventions app).
CONVENTION_SUBJECT = "village_convention"
CONVENTION_MIN_DAYS = 30
CONVENTION_ARTICLE = "Nghị định 61/2023/NĐ-CP Điều 9 khoản 1"


@dataclass(frozen=True)
class ConsultationBook:
    version: str
    in_force_from: date
    # Art. 28 §2: opinions are taken for at least 20 days from the day the content is made public (unless a law on
    # the matter sets its own period).
    min_days: int
    min_days_article: str
    # Art. 28 §3 and Art. 11 item 11: the synthesis, the answers and what was absorbed are made public; as an item
    # of Art. 11 they are posted and read on the commune radio (Art. 13 §2–3).
    publish_article: str
    disclosure_item_code: str


LAW_2023 = ConsultationBook(
    version="2023-07-01",
    in_force_from=date(2023, 7, 1),  # Law 10/2022 Art. 91
    min_days=20,
    min_days_article=f"{LAW} Điều 28 khoản 2",
    publish_article=f"{LAW} Điều 28 khoản 3; Điều 11 khoản 11",
    disclosure_item_code="consultation-results",
)
BOOKS = [LAW_2023]


def book_on(day: date) -> ConsultationBook:
    return rulebooks.book_on(BOOKS, day)


def valid_until(book: ConsultationBook) -> date | None:
    return rulebooks.valid_until(BOOKS, book)


def article_of(subject: str) -> str:
    item = ARTICLE_25_ITEMS.get(subject)
    return f"{LAW} Điều 25 khoản {item}" if item else ""


def counts_publication_day() -> bool:
    """The reading of "ít nhất là 20 ngày kể từ ngày công khai": by default the day of publication is not counted
    (the Civil Code's way of counting a period in days), so 20 days from 1 March end on 21 March. The text does not
    say; `CONSULTATION_COUNTS_PUBLICATION_DAY` takes the other reading, and the rules page shows which applies."""
    return settings.CONSULTATION_COUNTS_PUBLICATION_DAY


def min_days(subject: str, book: ConsultationBook = LAW_2023) -> tuple[int, str]:
    """The shortest period for `subject` and the article that sets it."""
    if subject == CONVENTION_SUBJECT:
        return CONVENTION_MIN_DAYS, CONVENTION_ARTICLE
    return book.min_days, book.min_days_article


def earliest_close(published_on: date, book: ConsultationBook = LAW_2023, subject: str = "") -> date:
    """The first day the period may end: opinions are taken until at least this day."""
    least, _article = min_days(subject, book)
    days = least - 1 if counts_publication_day() else least
    return published_on + timedelta(days=days)


def held_to_article_28(subject: str, audience: str) -> bool:
    """Residents consulted on a subject of Art. 25 are; a conference's delegates on its draft report are not."""
    return not (subject in NOT_UNDER_ARTICLE_25 and audience == "delegates")


def too_short(
    subject: str, audience: str, published_on: date, closes_on: date, book: ConsultationBook = LAW_2023
) -> bool:
    return held_to_article_28(subject, audience) and closes_on < earliest_close(published_on, book, subject)


READING = _(
    "The 20 days are counted from the day after the content is made public (the day of publication itself is not "
    "counted), as periods in days are counted in Vietnamese law; the text does not say."
)
READING_INCLUSIVE = _("The 20 days are counted from the day the content is made public, that day included.")
