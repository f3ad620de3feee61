"""Demo steering committees: the province's committee for grassroots democracy, reconsolidated after the 2025
congress, with this year's programme adopted after an overlap flag was dismissed; and the province's digital
transformation committee, whose programme it was checked against."""

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from localities.models import AdministrativeUnit
from steering import services
from steering.models import Committee, CommitteeKind, FlagDecision, OverlapFlag, Position

MEMBERS_2021 = [
    ("Hoàng Văn Thành", Position.HEAD, "Tỉnh ủy", "Chỉ đạo chung"),
    ("Nguyễn Thị Hương", Position.DEPUTY, "Ban Dân vận Tỉnh ủy", "Dân vận, Mặt trận"),
    ("Lý Văn Bình", Position.MEMBER, "Sở Nội vụ", "Dân chủ trong cơ quan nhà nước"),
]
OTHER_TASKS = [
    "Ứng dụng công nghệ số vào tiếp công dân và giải quyết đơn thư",
    "Phát triển hạ tầng cáp quang đến các thôn, bản",
    "Đào tạo kỹ năng số cho cán bộ cấp xã",
]


def generate(province: AdministrativeUnit, steering: User, commune: AdministrativeUnit) -> int:
    """Idempotent: does nothing when the province already has committees. Returns how many were made."""
    if Committee.objects.filter(unit=province).exists():
        return 0
    today = timezone.localdate()
    committee = services.create_committee(
        by=steering,
        unit=province,
        kind=CommitteeKind.GRASSROOTS_DEMOCRACY,
        name="Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh",
        decision="Quyết định số 125-QĐ/TU",
    )
    members = {}
    for name, position, agency, sectors in MEMBERS_2021:
        members[name] = services.appoint(
            by=steering,
            committee=committee,
            data=services.MemberInput(name, position, agency, date(2021, 1, 15), sectors, "Quyết định số 125-QĐ/TU"),
        )
    services.reconsolidate(
        by=steering,
        committee=committee,
        on=date(2025, 11, 1),
        decision="Quyết định số 12-QĐ/TU kiện toàn sau Đại hội",
        keep=[members["Nguyễn Thị Hương"], members["Lý Văn Bình"]],
        new=[
            services.MemberInput("Đặng Quốc Khánh", Position.HEAD, "Tỉnh ủy", date(2025, 11, 1), "Chỉ đạo chung"),
            services.MemberInput(
                "Thành viên Ban Chỉ đạo tỉnh",
                Position.MEMBER,
                "Thanh tra tỉnh",
                date(2025, 11, 1),
                "Tiếp công dân, khiếu nại, tố cáo",
                communes=(commune,),
                user=steering,
            ),
        ],
    )
    lead = committee.memberships.get(user=steering)
    # The demo commune's own committee, so its scorecard names who answers for it.
    services.appoint(
        by=steering,
        committee=services.create_committee(
            by=steering,
            unit=commune,
            kind=CommitteeKind.GRASSROOTS_DEMOCRACY,
            name=f"Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở {commune.name}",
        ),
        data=services.MemberInput("Hoàng Văn Toàn", Position.HEAD, f"Đảng ủy {commune.name}", date(2025, 7, 1)),
    )
    other = services.create_committee(
        by=steering, unit=province, kind=CommitteeKind.OTHER, name="Ban Chỉ đạo chuyển đổi số tỉnh"
    )
    digital = services.create_programme(
        by=steering, committee=other, year=today.year, title="Chương trình công tác chuyển đổi số"
    )
    for text in OTHER_TASKS:
        services.add_task(by=steering, programme=digital, data=services.TaskInput(text, "Sở Khoa học và Công nghệ"))
    programme = services.create_programme(
        by=steering, committee=committee, year=today.year, title="Chương trình công tác năm của Ban Chỉ đạo"
    )
    for content, deadline, task_lead in (
        ("Chuyển đổi số trong tiếp công dân và giải quyết đơn thư ở cấp xã", today + timedelta(days=90), lead),
        ("Kiểm tra việc công khai ngân sách tại 10 xã", today - timedelta(days=3), lead),
        ("Sơ kết 3 năm thực hiện Luật Thực hiện dân chủ ở cơ sở", today + timedelta(days=5), lead),
        ("Tập huấn cho Ban Thanh tra nhân dân các xã", today + timedelta(days=120), members["Lý Văn Bình"]),
    ):
        services.add_task(
            by=steering,
            programme=programme,
            data=services.TaskInput(content, deadline=deadline, lead=task_lead),
        )
    services.check_overlaps(by=steering, programme=programme)
    for flag in OverlapFlag.objects.filter(task__programme=programme):
        services.decide_flag(
            by=steering, flag=flag, decision=FlagDecision.DISMISSED, note="Ban Chỉ đạo QCDC giám sát, không đầu tư"
        )
    services.adopt(by=steering, programme=programme, on=date(today.year, 1, 20))
    return 3
