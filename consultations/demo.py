"""Demo consultations: a commune's land-use draft taking opinions, and the provincial committee's conference.

The conference is the one the provincial Steering Committee holds each year: its draft report put to the
delegates, 11 opinions raised, each absorbed into the report's next version.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from consultations import drafts, services
from consultations.generate import generate_opinions
from consultations.models import Answer, Consultation
from localities.models import AdministrativeUnit

LAND_USE = """Điều 1. Phạm vi và thời kỳ
Kế hoạch sử dụng đất năm 2027 của xã, thực hiện quy hoạch sử dụng đất đến năm 2030.
Điều 2. Đất giao thông
Mở rộng đường liên thôn lên 5 mét; làm mới 1,2 km đường nội đồng.
Điều 3. Đất giáo dục
Dành 0,5 ha mở rộng trường tiểu học.
Điều 4. Đất ở
Chuyển 3 ha đất trồng cây hằng năm sang đất ở tại khu dân cư mới.
Điều 5. Tổ chức thực hiện
Ủy ban nhân dân xã công khai kế hoạch tại trụ sở, nhà văn hóa các thôn và trên cổng thông tin."""

NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"]
REPORT_PARTS = [
    "Công tác lãnh đạo, chỉ đạo",
    "Công tác tuyên truyền, phổ biến pháp luật",
    "Thực hiện dân chủ trong cơ quan nhà nước",
    "Thực hiện dân chủ ở xã, phường",
    "Thực hiện dân chủ trong doanh nghiệp",
    "Hoạt động của Ban Thanh tra nhân dân",
    "Hoạt động của Ban Giám sát đầu tư của cộng đồng",
    "Công tác kiểm tra, giám sát",
    "Giải quyết khiếu nại, tố cáo",
    "Đánh giá chung, hạn chế và nguyên nhân",
    "Phương hướng, nhiệm vụ năm 2022",
]


def generate(commune: AdministrativeUnit, province: AdministrativeUnit, officer: User, steering: User) -> int:
    """Idempotent: does nothing when the commune already has consultations. Returns how many were made."""
    if Consultation.objects.filter(unit=commune).exists():
        return 0
    today = timezone.localdate()
    land_use = services.create_consultation(
        by=officer,
        unit=commune,
        data=services.ConsultationInput(
            title="Dự thảo kế hoạch sử dụng đất năm 2027",
            subject="land_use",
            audience="residents",
            summary="Ủy ban nhân dân xã đề nghị Nhân dân cho ý kiến về dự thảo kế hoạch sử dụng đất năm 2027.",
            opens_on=today - timedelta(days=10),
            closes_on=today + timedelta(days=20),
        ),
        sections=drafts.sections_from_text(LAND_USE),
    )
    services.publish(by=officer, consultation=land_use, today=land_use.opens_on)
    rng = random.Random(11)
    generated = generate_opinions(120, seed=5)
    for i, (text, _point) in enumerate(generated[:80]):
        services.give_opinion(
            consultation=land_use,
            text=text,
            name=f"Hộ dân số {i + 1}",
            phone=f"09{rng.randrange(10**8):08d}",
            address=f"demo-{i}",
            section_key=rng.choice(["", "s2", "s3", "s4"]),
        )
    services.enter_opinions(
        by=officer,
        consultation=land_use,
        channel="meeting",
        source="Biên bản hội nghị thôn ngày " + (today - timedelta(days=3)).strftime("%d/%m/%Y"),
        texts=[text for text, _point in generated[80:]],
    )
    services.group_new_opinions(consultation=land_use, by=officer)
    first = land_use.groups.order_by("id").first()
    services.answer_group(
        by=officer,
        group=first,
        answer=Answer.EXPLAINED,
        text="Ủy ban nhân dân xã ghi nhận và sẽ xem xét khi triển khai.",
    )

    report = "\n".join(
        f"{numeral}. {part}\nNội dung dự thảo về {part.lower()}."
        for numeral, part in zip(NUMERALS, REPORT_PARTS, strict=True)
    )
    review = services.create_consultation(
        by=steering,
        unit=province,
        data=services.ConsultationInput(
            title="Dự thảo Báo cáo kết quả thực hiện Quy chế dân chủ ở cơ sở năm 2021",
            subject="report",
            audience="delegates",
            audience_note="Đại biểu dự Hội nghị tổng kết năm 2021 của Ban Chỉ đạo tỉnh",
            opens_on=date(2021, 12, 20),
            closes_on=today,
        ),
        sections=drafts.sections_from_text(report),
    )
    services.publish(by=steering, consultation=review, today=review.opens_on)
    conference = services.record_conference(
        by=steering,
        consultation=review,
        data=services.ConferenceInput(
            title="Hội nghị tổng kết thực hiện Quy chế dân chủ ở cơ sở năm 2021",
            held_on=date(2021, 12, 20),
            place="Hội trường Tỉnh ủy",
            chair="Trưởng Ban Chỉ đạo tỉnh",
            agenda="Báo cáo kết quả năm 2021\nThảo luận\nKết luận của Trưởng Ban Chỉ đạo",
            delegates="\n".join(f"Đại biểu {i} - {part}" for i, part in enumerate(REPORT_PARTS, 1)),
        ),
    )
    for i, delegate in enumerate(conference.delegates.all(), 1):
        opinion = services.conference_opinion(
            by=steering,
            delegate=delegate,
            text=f"Đề nghị bổ sung số liệu và kết quả cụ thể về {REPORT_PARTS[i - 1].lower()}.",
            section_key=f"s{i}",
        )
        services.answer_group(
            by=steering,
            group=services.group_of(by=steering, opinion=opinion),
            answer=Answer.ABSORBED,
            section_key=f"s{i}",
            revised_text=f"Nội dung dự thảo về {REPORT_PARTS[i - 1].lower()}, bổ sung số liệu và kết quả cụ thể.",
        )
    services.close_consultation(by=steering, consultation=review)
    return 2
