"""The law's disclosure rules as data and pure functions.

Each number is read against the text in ../shared/domain/law.md (A1); where the platform does not yet apply what
the text says, the comment beside it says so (issue 14 brings them in line). Each
is held once, here or in the catalogue (which a system administrator can edit), so a correction is one edit.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from grassroots.working_days import add_working_days

# Law 10/2022 Art. 13 §2 (law.md A1): a notice stays posted for at least 30 consecutive days (items 4 and 13:
# permanently, which the platform does not distinguish yet).
MIN_POSTING_DAYS = 30
# Law 10/2022 Art. 12 §3 (law.md A1) reads 5 working days after the decision or document where no other law sets
# the time; the platform still applies the 2 it was first built with, until the disclosure rules become dated data.
DEADLINE_WORKING_DAYS = 2
# Reminders go out this many days before a yearly item falls due.
REMIND_DAYS_BEFORE = 7

LAW = "Luật 10/2022/QH15"

# The catalogue, seeded once, then edited in the app. Its item numbers are the first reading's, not yet Law 10/2022
# Art. 11's 14 items (law.md A1).
# Yearly due dates are this platform's defaults for items the commune publishes every year (the law sets none).
CATALOGUE = [
    (
        "policies-and-laws",
        "Chủ trương, chính sách, pháp luật liên quan trực tiếp đến người dân; thủ tục hành chính",
        "Điều 11 khoản 1",
        "policy",
        "on_event",
        None,
    ),
    (
        "socio-economic-plan",
        "Kế hoạch phát triển kinh tế - xã hội hằng năm của xã",
        "Điều 11 khoản 2",
        "planning",
        "annual",
        (1, 31),
    ),
    ("budget-estimate", "Dự toán ngân sách xã hằng năm", "Điều 11 khoản 3", "budget", "annual", (1, 31)),
    ("budget-final-accounts", "Quyết toán ngân sách xã hằng năm", "Điều 11 khoản 3", "budget", "annual", (9, 30)),
    (
        "land-use-plan",
        "Quy hoạch, kế hoạch sử dụng đất; phương án điều chỉnh, phân bổ đất",
        "Điều 11 khoản 4",
        "land",
        "on_event",
        None,
    ),
    (
        "land-recovery-compensation",
        "Thu hồi đất, bồi thường, hỗ trợ, tái định cư",
        "Điều 11 khoản 4",
        "land",
        "on_event",
        None,
    ),
    (
        "investment-projects",
        "Dự án, công trình đầu tư trên địa bàn xã; nguồn vốn và mức đóng góp của Nhân dân",
        "Điều 11 khoản 5",
        "investment",
        "on_event",
        None,
    ),
    (
        "contributions-and-funds",
        "Việc huy động, quản lý, sử dụng các khoản đóng góp của Nhân dân và các quỹ",
        "Điều 11 khoản 6",
        "contributions",
        "annual",
        (12, 31),
    ),
    ("loans", "Các khoản vay, nợ của xã", "Điều 11 khoản 6", "budget", "on_event", None),
    ("fees-and-charges", "Các khoản phí, lệ phí và khoản thu khác", "Điều 11 khoản 7", "fees", "annual", (1, 31)),
    (
        "inspection-results",
        "Kết luận thanh tra, kiểm tra; kết quả xử lý vụ việc tham nhũng",
        "Điều 11 khoản 8",
        "inspection",
        "on_event",
        None,
    ),
    (
        "poor-households",
        "Kết quả bình xét hộ nghèo, hộ cận nghèo; đối tượng hưởng chính sách an sinh xã hội",
        "Điều 11 khoản 9",
        "social_support",
        "annual",
        (12, 31),
    ),
    (
        "consultation-results",
        "Kết quả lấy ý kiến Nhân dân về những nội dung thuộc trách nhiệm của xã",
        "Điều 11 khoản 10",
        "consultation",
        "on_event",
        None,
    ),
    (
        "recruitment-staffing",
        "Tuyển dụng, sử dụng, quản lý cán bộ, công chức xã",
        "Điều 11 khoản 11",
        "staffing",
        "on_event",
        None,
    ),
    (
        "village-conventions",
        "Hương ước, quy ước của thôn, tổ dân phố",
        "Điều 11 khoản 12",
        "convention",
        "on_event",
        None,
    ),
    (
        "residents-rights",
        "Quyền và nghĩa vụ của công dân; thông tin về dân chủ ở cơ sở",
        "Điều 11 khoản 13",
        "rights",
        "annual",
        (3, 31),
    ),
]
DEFAULT_CHANNELS = ["notice_board", "loudspeaker", "portal"]


def due_date(issued_on: date, working_days: int = DEADLINE_WORKING_DAYS) -> date:
    return add_working_days(issued_on, working_days)


def is_late(published_on: date, due_on: date | None) -> bool:
    return due_on is not None and published_on > due_on


def posting_days(started_on: date, ended_on: date) -> int:
    """Days a notice stayed up: posted on 1 March and taken down on 31 March is 30 days."""
    return (ended_on - started_on).days


def taken_down_early(started_on: date, ended_on: date | None, min_days: int = MIN_POSTING_DAYS) -> bool:
    return ended_on is not None and posting_days(started_on, ended_on) < min_days


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
    NOT_DUE = "not_due"  # a yearly item whose date has not come
    NO_EVENT = "no_event"  # an item disclosed when something happens, and nothing did


@dataclass(frozen=True)
class Published:
    is_late: bool
    taken_down_early: bool


def item_compliance(*, annual: bool, due: date | None, today: date, published: list[Published]) -> Compliance:
    """How a commune stands on one catalogue item in one period, from what it published.

    Being taken down early is the most serious (the law's minimum period was cut short), then lateness.
    """
    if not published:
        if not annual:
            return Compliance.NO_EVENT
        return Compliance.MISSING if due is not None and today > due else Compliance.NOT_DUE
    if any(p.taken_down_early for p in published):
        return Compliance.TAKEN_DOWN_EARLY
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
