"""The demo's village head election: prepared step by step on the dates Decree 59/2023 Art. 6 allows, the meeting
in five days, by secret ballot as those attending chose, one resident nominated from the floor."""

from datetime import timedelta

from django.utils import timezone

from decisions import services as decisions
from village_heads import services
from village_heads.models import CandidateSource

ELECTION_TEAM = ["Lò Văn Thành (Trưởng ban công tác Mặt trận)", "Quàng Thị Hoa", "Tòng Văn Khải"]


def election(village, officer):
    now = timezone.now()
    day = timezone.localdate(now + timedelta(days=5))
    today = timezone.localdate()
    held = services.plan_election(
        by=officer,
        village=village,
        election_day=day,
        meeting_place="Nhà văn hoá thôn",
        plan_on=today - timedelta(days=25),
        plan_number="45/QĐ-UBND",
    )
    services.record_candidates(
        by=officer, election=held, names=["Hoàng Văn Minh", "Nông Thị Hạnh"], on=today - timedelta(days=20)
    )
    services.record_team(by=officer, election=held, names=ELECTION_TEAM, on=today - timedelta(days=12))
    services.record_publicity(
        by=officer, election=held, on=today - timedelta(days=8), how="Niêm yết tại nhà văn hoá, đọc trên loa thôn"
    )
    matter = services.prepare_meeting(
        by=officer, election=held, meeting_at=now + timedelta(days=5), notice_given_on=today
    )
    services.nominate(
        by=officer, election=held, name="Vi Văn Đức", source=CandidateSource.FLOOR, nominated_by="Lường Thị Mai"
    )
    decisions.choose_ballot_method(by=officer, matter=matter, is_secret=True)
    return decisions.open_voting(by=officer, matter=matter)
