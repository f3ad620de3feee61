"""Steering pages through the real URLs: scope, exports, progress with evidence."""

import io
from datetime import date

import docx
import pytest
from openpyxl import load_workbook

from accounts.models import Role
from steering import services
from steering.models import CommitteeKind, Position
from tests.factories import official, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tree):
    steering = official("bcd", Role.PROVINCIAL_STEERING, tree.province)
    committee = services.create_committee(
        by=steering, unit=tree.province, kind=CommitteeKind.GRASSROOTS_DEMOCRACY, name="Ban Chỉ đạo QCDC tỉnh"
    )
    lead = services.appoint(
        by=steering,
        committee=committee,
        data=services.MemberInput("Trần Thị Nội Vụ", Position.MEMBER, "Sở Nội vụ", date(2021, 1, 1), user=steering),
    )
    programme = services.create_programme(by=steering, committee=committee, year=2026, title="Chương trình 2026")
    task = services.add_task(
        by=steering,
        programme=programme,
        data=services.TaskInput("Kiểm tra công khai ngân sách 10 xã", deadline=date(2026, 6, 30), lead=lead),
    )
    return steering, committee, programme, task


def test_a_commune_official_sees_only_the_committees_of_their_commune(client, tree, setup):
    _steering, committee, programme, task = setup
    client.force_login(official("xa", Role.COMMUNE_OFFICIAL, tree.commune))
    assert committee.name not in client.get("/steering/").content.decode()
    assert client.get(f"/steering/{committee.pk}/").status_code == 404
    assert client.get(f"/steering/programmes/{programme.pk}/").status_code == 404
    assert client.get(f"/steering/tasks/{task.pk}/").status_code == 404


def test_the_programme_downloads_as_xlsx_and_as_an_official_docx(client, setup):
    steering, _committee, programme, _task = setup
    client.force_login(steering)
    sheet = load_workbook(io.BytesIO(client.get(f"/steering/programmes/{programme.pk}/export.xlsx").content)).active
    assert [c.value for c in sheet[2]][:3] == [1, "Kiểm tra công khai ngân sách 10 xã", "Sở Nội vụ (Trần Thị Nội Vụ)"]
    document = docx.Document(io.BytesIO(client.get(f"/steering/programmes/{programme.pk}/export.docx").content))
    header = " ".join(cell.text for cell in document.tables[0].rows[0].cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Số:" in header
    assert client.get(f"/steering/programmes/{programme.pk}/export.exe").status_code == 404


def test_the_lead_reports_progress_with_evidence(client, setup):
    steering, _committee, programme, task = setup
    services.adopt(by=steering, programme=programme, on=date(2026, 1, 10))
    client.force_login(steering)
    response = client.post(
        f"/steering/tasks/{task.pk}/",
        {"progress": "60", "note": "Đã kiểm tra 6 xã", "evidence": upload("bien-ban.pdf", pdf_bytes("Biên bản"))},
    )
    assert response.status_code == 302
    update = task.updates.get()
    assert update.evidence_name == "bien-ban.pdf"
    assert client.get(f"/steering/evidence/{update.pk}/")["Content-Type"] == "application/pdf"
    page = client.get(f"/steering/tasks/{task.pk}/").content.decode()
    assert "Đã kiểm tra 6 xã" in page and "60%" in page


def test_the_committee_page_shows_members_on_a_past_day(client, tree, setup):
    steering, committee, _programme, _task = setup
    services.reconsolidate(
        by=steering,
        committee=committee,
        on=date(2026, 1, 10),
        decision="QĐ 12-QĐ/TU",
        keep=[],
        new=[services.MemberInput("Phạm Văn Mới", Position.HEAD, "Tỉnh ủy", date(2026, 1, 10))],
    )
    client.force_login(steering)
    before = client.get(f"/steering/{committee.pk}/", {"on": "2025-06-01"}).content.decode()
    after = client.get(f"/steering/{committee.pk}/", {"on": "2026-02-01"}).content.decode()
    assert "Trần Thị Nội Vụ" in before and "Phạm Văn Mới" not in before.split('id="members"')[1].split("</table>")[0]
    assert "Phạm Văn Mới" in after


def test_the_committee_puts_its_draft_report_to_a_conference(client, tree, setup):
    steering, committee, _programme, _task = setup
    client.force_login(steering)
    page = client.get(f"/steering/{committee.pk}/").content.decode()
    link = f"/consultations/new/?subject=report&amp;audience=delegates&amp;unit={tree.province.pk}"
    assert link in page
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert 'value="report" selected' in form and 'value="delegates" selected' in form


def test_an_inspection_from_plan_to_closed_recommendation(client, tree, setup):
    steering, committee, _programme, _task = setup
    criteria = services.create_criteria_set(
        by=steering,
        committee=committee,
        name="Tiêu chí kiểm tra QCDC cấp xã",
        criteria=["Niêm yết công khai ngân sách đủ 30 ngày", "Tổ chức hội nghị thôn đúng quy định"],
    )
    client.force_login(steering)
    response = client.post(
        f"/steering/{committee.pk}/inspections/new/",
        {
            "inspection-commune": tree.commune.pk,
            "inspection-plan": "Kế hoạch 05-KH/BCĐ",
            "inspection-scheduled_on": "2026-03-10",
            "inspection-team": "Đoàn kiểm tra số 1",
            "inspection-criteria_set": criteria.pk,
        },
    )
    inspection = committee.inspections.get()
    url = f"/steering/inspections/{inspection.pk}/"
    assert response["Location"] == url
    client.post(url, {"action": "start"})
    # Editing the set later does not change the started checklist.
    services.edit_criteria(by=steering, criteria_set=criteria, criteria=["Tiêu chí mới thay thế"])
    items = list(inspection.checklist.all())
    assert [i.criterion for i in items] == [
        "Niêm yết công khai ngân sách đủ 30 ngày",
        "Tổ chức hội nghị thôn đúng quy định",
    ]
    client.post(url, {"action": "check", f"result-{items[0].pk}": "met"})
    client.post(url, {"action": "conclude", "findings": "Xã thực hiện tốt công khai."})
    inspection.refresh_from_db()
    assert inspection.status == "in_progress"  # one criterion still has no result
    client.post(url, {"action": "check", f"result-{items[1].pk}": "partly", f"note-{items[1].pk}": "Thiếu biên bản"})
    client.post(
        url,
        {
            "action": "recommend",
            "recommendation-text": "Bổ sung biên bản hội nghị thôn",
            "recommendation-due_on": "2026-04-10",
        },
    )
    client.post(url, {"action": "conclude", "findings": "Xã thực hiện tốt công khai."})
    inspection.refresh_from_db()
    assert inspection.status == "done"
    # Overdue, the commune's officials are told once, and one of them records what was done.
    from notifications.models import Notification
    from steering import reminders

    clerk = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    reminders.send_task_reminders(date(2026, 4, 20))
    assert Notification.objects.filter(user=clerk, title__contains="10/04/2026").count() == 1
    client.force_login(clerk)
    recommendation = inspection.recommendations.get()
    assert client.post(url, {"action": "conclude", "findings": "x"}).status_code == 403
    client.post(
        url, {"action": "close", "id": recommendation.pk, f"close-{recommendation.pk}-response": "Đã bổ sung biên bản"}
    )
    recommendation.refresh_from_db()
    assert recommendation.closed_on is not None and recommendation.response == "Đã bổ sung biên bản"
    assert recommendation.history.first().history_user == clerk
