"""Demo household votes in the demo village: one recognised, one open with votes coming in, one secret election."""

import random

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from decisions import ballots, selectors, services
from decisions.models import Matter, RollEntry, Source
from localities.models import AdministrativeUnit

COUNTING_TEAM = ["Lò Văn Kiểm", "Hà Thị Phiếu", "Ma Văn Đếm"]
# The demo election's counting-team slips, for whoever tries the demo to close it (a real vote stores them nowhere).
SLIPS_FILE = settings.SQLITE_PATH.parent / "demo-counting-team.txt"


def _opened(officer: User, village: AdministrativeUnit, **data) -> Matter:
    matter = services.create_matter(
        by=officer,
        village=village,
        data=services.MatterInput(meeting_place="Nhà văn hoá thôn", **data),
    )
    if services.encrypts_online_ballots(matter):
        # The demo's members draw their slips at once, so that the demo's vote can be opened and closed.
        links = services.prepare_counting_team(by=officer, matter=matter, names=COUNTING_TEAM)
        lines = [f"{link.name}: {services.draw_slip(link.token).code}" for link in links]
        SLIPS_FILE.write_text(f"{matter.title} (#{matter.pk})\n" + "\n".join(lines) + "\n")
    return services.open_voting(by=officer, matter=matter)


def _vote(entries: list[RollEntry], choices: list[str]) -> None:
    for entry, choice in zip(entries, choices, strict=False):
        ballots.cast_online(code=services.code_of(entry), choices=[choice], address="demo")


def generate(village: AdministrativeUnit, officer: User) -> int:
    """Idempotent: does nothing when the village already has matters. Returns how many were made."""
    if Matter.objects.filter(village=village).exists():
        return 0
    rng = random.Random(7)
    recognised = _opened(
        officer,
        village,
        matter_type="village_convention",
        title="Quy ước thôn (sửa đổi, bổ sung) năm 2026",
        question="Thông qua quy ước thôn sửa đổi, bổ sung năm 2026?",
        ballot_kind="yes_no",
    )
    entries = selectors.roll_of(recognised)
    online = len(entries) * 2 // 5
    _vote(entries[:online], ["yes" if rng.random() < 0.85 else "no" for _ in range(online)])
    at_meeting = entries[online : online + len(entries) // 4]
    for entry in at_meeting:
        services.check_in(by=officer, entry=entry)
    yes = len(at_meeting) * 4 // 5
    services.enter_count(
        by=officer,
        matter=recognised,
        count=services.EnteredCount(Source.MEETING, {"yes": yes, "no": len(at_meeting) - yes}),
    )
    recognised = services.close_voting(by=officer, matter=recognised)
    today = timezone.localdate()
    services.send_for_recognition(by=officer, matter=recognised, sent_on=today)
    services.recognise(by=officer, matter=recognised, decision_number="25/QĐ-UBND", recognised_on=today)

    open_matter = _opened(
        officer,
        village,
        matter_type="contribution_policy",
        title="Đóng góp bê tông hoá đường nội thôn",
        question="Mỗi hộ đóng góp 500.000 đồng để bê tông hoá 1,2 km đường nội thôn?",
        ballot_kind="yes_no",
    )
    entries = selectors.roll_of(open_matter)
    some = len(entries) // 5
    _vote(entries[:some], ["yes" if rng.random() < 0.7 else "no" for _ in range(some)])
    services.issue_sheets(by=officer, matter=open_matter, entries=entries[some : some * 2])

    _opened(
        officer,
        village,
        matter_type="village_head_election",
        title="Bầu trưởng thôn nhiệm kỳ 2027–2029",
        question="Bầu trưởng thôn nhiệm kỳ 2027–2029 (chọn một người)",
        ballot_kind="choose_one",
        options=["Hoàng Văn Minh", "Nông Thị Hạnh"],
        is_secret=True,
    )
    return 3
