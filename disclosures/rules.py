"""The law's disclosure rules as dated data and pure functions.

Read against the text in ../shared/domain/law.md (A1: Law 10/2022/QH15 Art. 11–14, as compiled in the Bộ Pháp
điển). The rule book applies from the law's entry into force; an amendment is one new dated book. A disclosure
keeps the deadline computed when it was first published (`Disclosure.due_on`); its posting and radio duties follow
its catalogue item, which a system administrator edits (with history) where another law sets its own time (Art.
12 §3 and Art. 13 §6 let sector laws prevail).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from grassroots import rulebooks
from grassroots.working_days import add_working_days

LAW = "Luật 10/2022/QH15"


@dataclass(frozen=True)
class DisclosureBook:
    """What Art. 12–13 require of every item of Art. 11, from `in_force_from`."""

    version: str
    in_force_from: date
    # Art. 12 §3: where no other law sets the time, at the latest 5 working days after the decision or document.
    deadline_working_days: int
    deadline_article: str
    # Art. 13 §2: posted at the commune office and the village houses for at least 30 consecutive days …
    min_posting_days: int
    posting_article: str
    # … except items 4 and 13, posted permanently and kept current.
    permanent_items: frozenset[int]
    # Art. 13 §3: items 7–12 also on the commune radio (where there is one) for at least 3 consecutive days; §4: and
    # sent to the village heads to pass on.
    radio_items: frozenset[int]
    radio_min_days: int
    radio_article: str
    # Art. 13 §2 (last sentence): a list of what was disclosed, by which channel and when, made and updated every
    # quarter and itself posted.
    register_article: str


LAW_2023 = DisclosureBook(
    version="2023-07-01",
    in_force_from=date(2023, 7, 1),  # Law 10/2022 Art. 91
    deadline_working_days=5,
    deadline_article=f"{LAW} Điều 12 khoản 3",
    min_posting_days=30,
    posting_article=f"{LAW} Điều 13 khoản 2",
    permanent_items=frozenset({4, 13}),
    radio_items=frozenset({7, 8, 9, 10, 11, 12}),
    radio_min_days=3,
    radio_article=f"{LAW} Điều 13 khoản 3, 4",
    register_article=f"{LAW} Điều 13 khoản 2",
)
BOOKS = [LAW_2023]


def book_on(day: date) -> DisclosureBook:
    return rulebooks.book_on(BOOKS, day)


def valid_until(book: DisclosureBook) -> date | None:
    return rulebooks.valid_until(BOOKS, book)


CURRENT = book_on(date.max)
MIN_POSTING_DAYS = CURRENT.min_posting_days
DEADLINE_WORKING_DAYS = CURRENT.deadline_working_days
# Reminders go out this many days before a yearly item falls due (the platform's choice, not the law's).
REMIND_DAYS_BEFORE = 7

# The catalogue, seeded once, then edited in the app: (code, item of Art. 11, title, topic, recurrence, yearly due).
# Art. 11 lists 14 items; the broad ones are split where a commune publishes separate documents (the budget's
# estimate and settlement), all under the item's number. Yearly due dates are this platform's defaults for items a
# commune publishes every year (the law sets none; the catalogue says so and a system administrator can change
# them).
CATALOGUE = [
    (
        "socio-economic-plan",
        1,
        "Kế hoạch phát triển kinh tế - xã hội, phương án chuyển dịch cơ cấu kinh tế hằng năm "
        "của xã và kết quả thực hiện",
        "planning",
        "annual",
        (1, 31),
    ),
    ("budget-estimate", 2, "Dự toán ngân sách, kế hoạch tài chính hằng năm của xã", "budget", "annual", (1, 31)),
    (
        "budget-execution",
        2,
        "Tình hình thực hiện dự toán ngân sách xã theo quý, 06 tháng, hằng năm",
        "budget",
        "on_event",
        None,
    ),
    (
        "budget-final-accounts",
        2,
        "Quyết toán ngân sách xã hằng năm; kiến nghị của Kiểm toán nhà nước",
        "budget",
        "annual",
        (9, 30),
    ),
    ("loans", 2, "Kế hoạch tài chính, các khoản vay, nợ của xã", "budget", "on_event", None),
    (
        "investment-projects",
        3,
        "Dự án, công trình đầu tư và thứ tự ưu tiên, tiến độ thực hiện, phương án bồi "
        "thường, hỗ trợ giải phóng mặt bằng",
        "investment",
        "on_event",
        None,
    ),
    (
        "land-recovery-compensation",
        3,
        "Kế hoạch thu hồi đất, bồi thường, hỗ trợ, tái định cư liên quan đến dự án, công trình trên địa bàn xã",
        "land",
        "on_event",
        None,
    ),
    (
        "land-use-plan",
        3,
        "Quy hoạch; quỹ đất do xã quản lý, đất công ích; quy hoạch xây dựng trên địa bàn xã",
        "land",
        "on_event",
        None,
    ),
    (
        "residents-rights",
        4,
        "Quy chế thực hiện dân chủ ở xã; nhiệm vụ, quyền hạn của cán bộ, công chức xã; quy tắc ứng xử",
        "rights",
        "on_event",
        None,
    ),
    (
        "contributions-and-funds",
        5,
        "Quỹ, khoản đầu tư, tài trợ theo chương trình, dự án; các khoản huy động Nhân dân đóng góp",
        "contributions",
        "annual",
        (12, 31),
    ),
    ("public-assets", 6, "Tài sản công do xã quản lý, sử dụng", "budget", "on_event", None),
    (
        "poor-households",
        7,
        "Chính sách hỗ trợ, trợ cấp, tín dụng, an sinh xã hội: tiêu chí, đối tượng, quy trình "
        "bình xét, kết quả (hộ nghèo, hộ cận nghèo)",
        "social_support",
        "annual",
        (12, 31),
    ),
    (
        "disaster-support",
        8,
        "Hỗ trợ thiên tai, dịch bệnh, sự cố, thảm họa; quản lý, sử dụng nguồn đóng góp, quyên góp tự nguyện",
        "social_support",
        "on_event",
        None,
    ),
    (
        "military-service",
        9,
        "Nghĩa vụ quân sự, tham gia Công an nhân dân: số lượng, tiêu chuẩn, danh sách gọi, tạm hoãn, miễn",
        "other",
        "on_event",
        None,
    ),
    (
        "inspection-results",
        10,
        "Kết quả thanh tra, kiểm tra, xử lý tham nhũng, tiêu cực, kỷ luật; kết quả lấy phiếu, bỏ phiếu tín nhiệm",
        "inspection",
        "on_event",
        None,
    ),
    (
        "consultation-results",
        11,
        "Kế hoạch lấy ý kiến Nhân dân, nội dung lấy ý kiến, kết quả tổng hợp ý kiến và giải trình, tiếp thu",
        "consultation",
        "on_event",
        None,
    ),
    (
        "fees-and-charges",
        12,
        "Đối tượng, mức thu phí, lệ phí, nghĩa vụ tài chính do xã trực tiếp thu",
        "fees",
        "annual",
        (1, 31),
    ),
    ("policies-and-laws", 13, "Thủ tục hành chính do xã trực tiếp thực hiện", "policy", "on_event", None),
    (
        "village-conventions",
        14,
        "Hương ước, quy ước của thôn, tổ dân phố được công nhận",
        "convention",
        "on_event",
        None,
    ),
    ("recruitment-staffing", 14, "Tuyển dụng, sử dụng, quản lý cán bộ, công chức xã", "staffing", "on_event", None),
]


def article_of(item_number: int) -> str:
    return f"{LAW}, Điều 11 khoản {item_number}"


def required_channels(item_number: int | None, book: DisclosureBook = CURRENT) -> list[str]:
    """Art. 13: the portal (§1) and posting (§2) for every item; radio and the village heads (§3, §4) for 7–12."""
    channels = ["notice_board", "portal"]
    if item_number in book.radio_items:
        channels += ["loudspeaker", "village_heads"]
    return channels


def item_duties(item_number: int | None, book: DisclosureBook = CURRENT) -> dict:
    """The catalogue's seeded values for one item of Art. 11."""
    return {
        "article": article_of(item_number) if item_number else LAW,
        "required_channels": required_channels(item_number, book),
        "min_posting_days": book.min_posting_days,
        "deadline_working_days": book.deadline_working_days,
        "permanent": item_number in book.permanent_items,
        "radio_min_days": book.radio_min_days if item_number in book.radio_items else 0,
    }


def due_date(issued_on: date, working_days: int = DEADLINE_WORKING_DAYS) -> date:
    """The last day to disclose: the `working_days`-th working day after the document's day (a document dated on a
    day off counts from the next working day all the same: the count never includes the document's own day)."""
    return add_working_days(issued_on, working_days)


def is_late(published_on: date, due_on: date | None) -> bool:
    return due_on is not None and published_on > due_on


def posting_days(started_on: date, ended_on: date) -> int:
    """Days a notice stayed up: posted on 1 March and taken down on 31 March is 30 days."""
    return (ended_on - started_on).days


def taken_down_early(
    started_on: date, ended_on: date | None, min_days: int = MIN_POSTING_DAYS, *, permanent: bool = False
) -> bool:
    """Posted for fewer days than the law's minimum; for an item posted permanently, taken down at all."""
    if ended_on is None:
        return False
    return permanent or posting_days(started_on, ended_on) < min_days


def radio_days(broadcasts: list[tuple[date, date | None]]) -> int:
    """The longest run of consecutive days the item was on the radio, from (first day, last day) entries of the
    broadcast log; an entry without a last day was broadcast on its first day only."""
    days = set()
    for first, last in broadcasts:
        last = last or first
        days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    best = run = 0
    previous = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    return best


def radio_owed_by(due_on: date | None, min_days: int) -> date | None:
    """The last day the radio duty can be met: the broadcasts start by the disclosure's deadline and run their
    consecutive days from there. Before that day a disclosure short on the radio is not yet judged."""
    return due_on + timedelta(days=min_days - 1) if due_on and min_days else None


def radio_short(broadcasts: list[tuple[date, date | None]], min_days: int) -> bool:
    return min_days > 0 and radio_days(broadcasts) < min_days


def duties_unmet(
    records: list[tuple[str, date, date | None]],
    *,
    min_posting_days: int,
    permanent: bool,
    radio_min_days: int,
    withdrawn: tuple[date, date] | None = None,
) -> tuple[bool, bool]:
    """(taken down early, short on the radio) for one disclosure, from its channel records (channel, first day,
    last day) and, if it was withdrawn, (first published, withdrawn) — a withdrawal takes the notice down too."""
    postings = [(first, last) for channel, first, last in records if channel == "notice_board"]
    if withdrawn:
        postings.append(withdrawn)
    early = any(taken_down_early(first, last, min_posting_days, permanent=permanent) for first, last in postings)
    broadcasts = [(first, last) for channel, first, last in records if channel == "loudspeaker"]
    return early, radio_short(broadcasts, radio_min_days)


def yearly_due(year: int, month: int | None, day: int | None) -> date | None:
    if not month or not day:
        return None
    try:
        return date(year, month, day)
    except ValueError:  # 29 February, or a day the month lacks: the month's last day
        return date(year, month % 12 + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)


class Compliance(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    TAKEN_DOWN_EARLY = "taken_down_early"
    RADIO_SHORT = "radio_short"  # items 7–12 not on the radio for the law's 3 consecutive days
    NOT_DUE = "not_due"  # a yearly item whose date has not come
    NO_EVENT = "no_event"  # an item disclosed when something happens, and nothing did


@dataclass(frozen=True)
class Published:
    is_late: bool
    taken_down_early: bool
    radio_short: bool = False


def item_compliance(*, annual: bool, due: date | None, today: date, published: list[Published]) -> Compliance:
    """How a commune stands on one catalogue item in one period, from what it published.

    Being taken down early is the most serious (the law's minimum period was cut short), then a radio duty not
    met, then lateness.
    """
    if not published:
        if not annual:
            return Compliance.NO_EVENT
        return Compliance.MISSING if due is not None and today > due else Compliance.NOT_DUE
    if any(p.taken_down_early for p in published):
        return Compliance.TAKEN_DOWN_EARLY
    if any(p.radio_short for p in published):
        return Compliance.RADIO_SHORT
    if any(p.is_late for p in published):
        return Compliance.LATE
    return Compliance.ON_TIME


def reminder_due(*, due: date, today: date) -> str | None:
    """'due_soon' in the week before a yearly item's date, 'overdue' after it, else None."""
    if today > due:
        return "overdue"
    if today >= due - timedelta(days=REMIND_DAYS_BEFORE):
        return "due_soon"
    return None
