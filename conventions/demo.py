"""The demo's village convention, made the lawful way: the village head starts it, a drafting team, the draft with
the residents for 30 days (the demo dates that period in the past), the meeting that adopts it held a moment ago."""

from datetime import timedelta

from django.utils import timezone

from consultations import services as consultations
from consultations.models import Consultation
from conventions import services
from conventions.models import Initiator

DRAFT = (
    "Chương I. Những quy định chung\nQuy ước này quy định nếp sống văn minh, giữ gìn vệ sinh môi trường thôn.\n"
    "Chương II. Việc cưới, việc tang\nTổ chức cưới gọn nhẹ, tiết kiệm; việc tang văn minh.\n"
    "Chương III. Giữ gìn vệ sinh môi trường\nMỗi hộ thu gom rác đúng nơi quy định vào sáng thứ Bảy hằng tuần."
)


def voted_draft(village, officer, title: str):
    """The convention's draft vote, its meeting held a moment ago (announced 3 days before): ready to open."""
    today = timezone.localdate()
    convention = services.start(
        by=officer, village=village, kind="quy_uoc", title=title, initiated_by=Initiator.VILLAGE_HEAD
    )
    services.set_team(by=officer, convention=convention, names=["Hoàng Văn Minh", "Nông Thị Hạnh", "Lò Văn Thành"])
    services.put_draft(
        by=officer, convention=convention, text=DRAFT, opens_on=today, closes_on=today + timedelta(days=30)
    )
    # The demo's history: the 30 days were run before today, and no opinion was left unanswered.
    Consultation.objects.filter(pk=convention.consultation_id).update(
        opens_on=today - timedelta(days=40), closes_on=today - timedelta(days=8)
    )
    consultations.close_consultation(by=officer, consultation=Consultation.objects.get(pk=convention.consultation_id))
    convention.refresh_from_db()
    services.prepare_vote(
        by=officer,
        convention=convention,
        meeting_at=timezone.now() - timedelta(hours=2),
        meeting_place="Nhà văn hoá thôn",
        notice_given_on=today - timedelta(days=3),
    )
    convention.refresh_from_db()
    return convention.matter
