"""The Steering Committee's members over time, its programme checked for overlap, and reminders to task leads."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.models import Role
from notifications.models import Notification
from steering import reminders, services
from steering.models import CommitteeKind, FlagDecision, OverlapFlag, Position, ProgrammeStatus, TaskStatus
from tests.factories import docx_table_bytes, official

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def steering(tree):
    return official("bcd", Role.PROVINCIAL_STEERING, tree.province)


@pytest.fixture
def committee(steering, tree):
    return services.create_committee(
        by=steering,
        unit=tree.province,
        kind=CommitteeKind.GRASSROOTS_DEMOCRACY,
        name="Ban Chỉ đạo thực hiện QCDC ở cơ sở tỉnh",
    )


def member(steering, committee, name, position=Position.MEMBER, starts_on=date(2021, 1, 1), **extra):
    return services.appoint(
        by=steering,
        committee=committee,
        data=services.MemberInput(name=name, position=position, agency="Sở Nội vụ", starts_on=starts_on, **extra),
    )


def test_who_was_on_the_committee_on_a_date_survives_reconsolidation(steering, committee, tree):
    head = member(steering, committee, "Nguyễn Văn Trưởng", Position.HEAD)
    stays = member(steering, committee, "Trần Thị Ở Lại", communes=(tree.commune,), sectors="Nội vụ, dân vận")
    member(steering, committee, "Lê Văn Rời")
    services.reconsolidate(
        by=steering,
        committee=committee,
        on=date(2026, 1, 10),
        decision="Quyết định 12-QĐ/TU sau Đại hội",
        keep=[stays],
        new=[services.MemberInput("Phạm Văn Mới", Position.HEAD, "Tỉnh ủy", date(2026, 1, 10))],
    )
    before = {m.name for m in services.members_on(committee, date(2025, 12, 31))}
    after = {m.name for m in services.members_on(committee, date(2026, 2, 1))}
    assert before == {"Nguyễn Văn Trưởng", "Trần Thị Ở Lại", "Lê Văn Rời"}
    assert after == {"Trần Thị Ở Lại", "Phạm Văn Mới"}
    head.refresh_from_db()
    assert head.ends_on == date(2026, 1, 9)
    assert head.history.first().history_user == steering
    assert list(stays.communes.all()) == [tree.commune]


def test_a_committee_has_one_head_at_a_time(steering, committee):
    member(steering, committee, "Nguyễn Văn Trưởng", Position.HEAD)
    with pytest.raises(ValidationError, match="already has a head"):
        member(steering, committee, "Người Thứ Hai", Position.HEAD, starts_on=date(2022, 1, 1))


def test_a_member_follows_only_communes_under_the_committee(steering, tree):
    commune_committee = services.create_committee(
        by=steering, unit=tree.commune, kind=CommitteeKind.GRASSROOTS_DEMOCRACY, name="Ban Chỉ đạo xã Tân Lập"
    )
    with pytest.raises(ValidationError) as error:
        member(steering, commune_committee, "Ai Đó", communes=(tree.sibling,))
    assert "communes" in error.value.message_dict


def other_programme(steering, tree, texts):
    other = services.create_committee(
        by=steering, unit=tree.province, kind=CommitteeKind.OTHER, name="Ban Chỉ đạo chuyển đổi số tỉnh"
    )
    programme = services.create_programme(by=steering, committee=other, year=2026, title="Chương trình năm 2026")
    for text in texts:
        services.add_task(by=steering, programme=programme, data=services.TaskInput(text))
    return programme


def test_a_programme_is_adopted_only_after_every_overlap_flag_is_decided(steering, committee, tree):
    other_programme(
        steering,
        tree,
        [
            "Ứng dụng công nghệ số vào tiếp công dân và giải quyết đơn thư",
            "Phát triển hạ tầng cáp quang đến các thôn",
            "Đào tạo kỹ năng số cho cán bộ xã",
        ],
    )
    programme = services.create_programme(by=steering, committee=committee, year=2026, title="Chương trình 2026")
    services.add_task(
        by=steering,
        programme=programme,
        data=services.TaskInput("Chuyển đổi số trong tiếp công dân và giải quyết đơn thư", deadline=date(2026, 6, 30)),
    )
    services.add_task(by=steering, programme=programme, data=services.TaskInput("Sơ kết 5 năm thực hiện Chỉ thị 30"))
    with pytest.raises(ValidationError, match="1 possible overlap"):
        services.adopt(by=steering, programme=programme, on=date(2026, 1, 20))
    [flag] = OverlapFlag.objects.filter(task__programme=programme)
    assert flag.task.number == 1 and "đơn thư" in " ".join(flag.shared_phrases)
    services.decide_flag(by=steering, flag=flag, decision=FlagDecision.DISMISSED, note="Khác phạm vi")
    adopted = services.adopt(by=steering, programme=programme, on=date(2026, 1, 20))
    assert adopted.status == ProgrammeStatus.ADOPTED
    flag.refresh_from_db()
    assert (flag.decision, flag.decided_by) == (FlagDecision.DISMISSED, steering)  # kept through the re-check
    with pytest.raises(ValidationError):
        services.add_task(by=steering, programme=adopted, data=services.TaskInput("Việc thêm sau khi thông qua"))


def test_other_committees_programmes_come_from_a_docx_table(steering, tree):
    programme = other_programme(steering, tree, [])
    content = docx_table_bytes(
        ["STT", "Nội dung", "Chủ trì", "Thời hạn"],
        [["1", "Tập huấn kỹ năng số cho cán bộ", "Sở TT&TT", "30/06/2026"], ["2", "Xây dựng cổng dữ liệu", "", ""]],
    )
    assert services.import_tasks(by=steering, programme=programme, name="ct.docx", content=content) == 2
    first = programme.tasks.get(number=1)
    assert (first.lead_agency, first.deadline) == ("Sở TT&TT", date(2026, 6, 30))
    bad = docx_table_bytes(["Nội dung", "Thời hạn"], [["Việc có hạn sai", "tháng sáu"]])
    with pytest.raises(ValidationError, match="Row 2"):
        services.import_tasks(by=steering, programme=programme, name="ct.docx", content=bad)
    assert programme.tasks.count() == 2  # all rows or none


def test_progress_moves_the_task_and_keeps_the_update(steering, committee):
    programme = services.create_programme(by=steering, committee=committee, year=2026, title="Chương trình 2026")
    task = services.add_task(by=steering, programme=programme, data=services.TaskInput("Kiểm tra 10 xã"))
    services.record_progress(by=steering, task=task, progress=40, note="Đã kiểm tra 4 xã")
    assert (task.status, task.progress) == (TaskStatus.IN_PROGRESS, 40)
    services.record_progress(by=steering, task=task, progress=100, note="Hoàn thành")
    assert task.status == TaskStatus.DONE and task.updates.count() == 2
    with pytest.raises(ValidationError):
        services.record_progress(by=steering, task=task, progress=120, note="Sai")


def test_a_lead_gets_one_digest_when_tasks_come_due_and_one_when_overdue(steering, committee, tree):
    lead_user = official("lead", Role.PROVINCIAL_STEERING, tree.province)
    lead = member(steering, committee, "Người Chủ Trì", user=lead_user)
    programme = services.create_programme(by=steering, committee=committee, year=2026, title="Chương trình 2026")
    today = date(2026, 5, 1)
    for content, deadline in (
        ("Việc một sắp đến hạn", today + timedelta(days=3)),
        ("Việc hai quá hạn", today - timedelta(days=1)),
        ("Việc ba còn xa", today + timedelta(days=60)),
    ):
        services.add_task(
            by=steering, programme=programme, data=services.TaskInput(content, deadline=deadline, lead=lead)
        )
    services.adopt(by=steering, programme=programme, on=date(2026, 1, 5))
    assert reminders.send_task_reminders(today) == 1
    [notice] = Notification.objects.filter(user=lead_user)
    assert "1 overdue, 1 due" in notice.title or "1 quá hạn" in notice.title
    assert "Việc hai quá hạn" in notice.body and "Việc một sắp đến hạn" in notice.body
    assert "Việc ba còn xa" not in notice.body
    assert reminders.send_task_reminders(today) == 0  # not every day
    assert reminders.send_task_reminders(today + timedelta(days=5)) == 1  # task one is now overdue


def test_a_directive_gets_its_interim_and_final_reviews_scheduled(steering, committee):
    guidance = services.register_guidance(
        by=steering,
        committee=committee,
        data=services.GuidanceInput(
            "directive", "30-CT/TW", "Chỉ thị về thực hiện QCDC", "Bộ Chính trị", date(2021, 2, 18), 2, 10
        ),
    )
    schedule = [(r.kind, r.due_on) for r in guidance.reviews.all()]
    assert schedule == [
        ("interim", date(2023, 2, 18)),
        ("interim", date(2025, 2, 18)),
        ("interim", date(2027, 2, 18)),
        ("interim", date(2029, 2, 18)),
        ("final", date(2031, 2, 18)),
    ]
    first = guidance.reviews.first()
    with pytest.raises(ValidationError):
        services.record_review(by=steering, review=first, held_on=date(2020, 1, 1), report="BC 1")
    services.record_review(by=steering, review=first, held_on=date(2023, 3, 1), report="Báo cáo 12-BC/BCĐ")
    assert first.history.first().history_user == steering


def test_members_are_told_once_of_a_review_coming_due(steering, committee, tree):
    lead_user = official("lead", Role.PROVINCIAL_STEERING, tree.province)
    member(steering, committee, "Người Nhận", user=lead_user)
    services.register_guidance(
        by=steering,
        committee=committee,
        data=services.GuidanceInput("plan", "05-KH/BCĐ", "Kế hoạch", "Ban Chỉ đạo tỉnh", date(2024, 6, 1), 2),
    )
    assert reminders.send_task_reminders(date(2026, 4, 1)) == 0  # two months ahead: not yet
    assert reminders.send_task_reminders(date(2026, 5, 10)) == 1
    assert "05-KH/BCĐ" in Notification.objects.get(user=lead_user).title
    assert reminders.send_task_reminders(date(2026, 5, 11)) == 0
