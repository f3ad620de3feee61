"""Demo household votes in the demo village: a recognised convention, a contribution whose meeting fell short and
went to a household ballot round with sheets out, two open matters voted on online (one of them secret, with its
counting team) and a village-head election at a meeting to come."""

import random
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from conventions import demo as conventions_demo
from decisions import ballots, selectors, services
from decisions.models import Matter, RollEntry, Source
from households.models import Household
from localities.models import AdministrativeUnit
from village_heads import demo as village_heads_demo

COUNTING_TEAM = ["Lò Văn Kiểm", "Hà Thị Phiếu", "Ma Văn Đếm"]
# The demo secret vote's counting-team slips, for whoever tries the demo to close it (a real vote keeps none).
# One file per database: the SQLite demo's slips are not overwritten by a demo loaded into PostgreSQL.
_DB = settings.DATABASES["default"]
SLIPS_FILE = settings.SQLITE_PATH.parent / (
    "demo-counting-team.txt"
    if _DB["ENGINE"].endswith("sqlite3")
    else f"demo-counting-team-{_DB.get('NAME') or 'postgresql'}.txt"
)


def _opened(officer: User, village: AdministrativeUnit, **data) -> Matter:
    matter = services.create_matter(
        by=officer,
        village=village,
        data=services.MatterInput(meeting_place="Nhà văn hoá thôn", **data),
    )
    if matter.online_voting and matter.rule.online_needs_choice:
        # Decree 59/2023 Art. 5: the households chose online voting first, here at the last village meeting.
        households = Household.objects.active().filter(village=village).count()
        matter = services.record_online_choice(
            by=officer,
            matter=matter,
            chosen_on=timezone.localdate() - timedelta(days=7),
            households=households * 3 // 4 + 1,
            how="Biểu quyết tại cuộc họp thôn",
        )
    if services.encrypts_online_ballots(matter):
        # The demo's members draw their slips at once, so that the demo's vote can be opened and closed.
        links = services.prepare_counting_team(by=officer, matter=matter, names=COUNTING_TEAM)
        lines = [f"{link.name}: {services.draw_slip(link.token).code}" for link in links]
        SLIPS_FILE.write_text(f"{matter.title} (#{matter.pk})\n" + "\n".join(lines) + "\n")
    return services.open_voting(by=officer, matter=matter)


def _meeting(days_from_now: float) -> dict:
    """A meeting `days_from_now` (negative: held), announced 3 days before it (Decree 59/2023 Art. 3 §3)."""
    at = timezone.now() + timedelta(days=days_from_now)
    return {"meeting_at": at, "notice_given_on": min(timezone.localdate(), timezone.localdate(at) - timedelta(days=3))}


def _vote(entries: list[RollEntry], choices: list[str]) -> None:
    for entry, choice in zip(entries, choices, strict=False):
        ballots.cast_online(code=services.code_of(entry), choices=[choice], address="demo")


def generate(village: AdministrativeUnit, officer: User) -> int:
    """Idempotent: does nothing when the village already has matters. Returns how many were made. Each matter takes
    the forms the law allows it (Law 10/2022 Art. 17): only other self-managed work is voted on online."""
    if Matter.objects.filter(village=village).exists():
        return 0
    rng = random.Random(7)
    # Drafted, put to the residents for 30 days and voted at a meeting (conventions: Decree 61/2023).
    recognised = services.open_voting(
        by=officer, matter=conventions_demo.voted_draft(village, officer, "Quy ước thôn (sửa đổi, bổ sung) năm 2026")
    )
    entries = selectors.roll_of(recognised)
    at_meeting = entries[: len(entries) * 13 // 20]
    for entry in at_meeting:
        services.check_in(by=officer, entry=entry)
    yes = len(at_meeting) * 17 // 20
    services.enter_count(
        by=officer,
        matter=recognised,
        count=services.EnteredCount(Source.MEETING, {"yes": yes, "no": len(at_meeting) - yes}),
    )
    recognised = services.close_voting(by=officer, matter=recognised)
    today = timezone.localdate()
    services.send_for_recognition(by=officer, matter=recognised, sent_on=today)
    services.recognise(by=officer, matter=recognised, decision_number="25/QĐ-UBND", recognised_on=today)

    contribution = _opened(
        officer,
        village,
        matter_type="contribution_policy",
        title="Đóng góp bê tông hoá đường nội thôn",
        question="Mỗi hộ đóng góp 500.000 đồng để bê tông hoá 1,2 km đường nội thôn?",
        ballot_kind="yes_no",
        online_voting=False,
        **_meeting(-3),
    )
    # Two households in five came to the meeting: they cannot make two thirds (Law 10/2022 Art. 21 §1), so the
    # matter went to a household ballot round (Art. 19 §1(b)), sheets out to a fifth of the households so far.
    entries = selectors.roll_of(contribution)
    at_meeting = entries[: len(entries) * 2 // 5]
    for entry in at_meeting:
        services.check_in(by=officer, entry=entry)
    services.enter_count(
        by=officer, matter=contribution, count=services.EnteredCount(Source.MEETING, {"yes": len(at_meeting)})
    )
    ballot_round = services.start_ballot_round(
        by=officer, matter=contribution, team=COUNTING_TEAM, announced_on=today - timedelta(days=2), sheets_on=today
    )
    contribution = ballot_round.matter
    if contribution.status == "draft":
        contribution = services.open_voting(by=officer, matter=contribution)
    entries = selectors.roll_of(contribution)
    some = len(entries) // 5
    services.issue_sheets(by=officer, matter=contribution, entries=entries[:some])

    festival = _opened(
        officer,
        village,
        matter_type="other_self_managed",
        title="Ngày hội Đại đoàn kết toàn dân tộc ở thôn",
        question="Tổ chức Ngày hội Đại đoàn kết toàn dân tộc của thôn vào ngày 18/11 tại nhà văn hoá thôn?",
        ballot_kind="yes_no",
    )
    entries = selectors.roll_of(festival)
    _vote(entries[:some], ["yes" if rng.random() < 0.8 else "no" for _ in range(some)])

    _opened(
        officer,
        village,
        matter_type="other_self_managed",
        title="Chọn nơi xây nhà văn hoá thôn",
        question="Nhà văn hoá thôn xây ở đâu? (chọn một nơi)",
        ballot_kind="choose_one",
        options=["Bãi đất đầu thôn", "Khu vườn ươm cũ"],
        is_secret=True,
    )
    # Prepared step by step (Decree 59/2023 Art. 6), then at the meeting by secret ballot as those attending chose.
    village_heads_demo.election(village, officer)
    return 6
