"""The provincial Steering Committee in the browser: members with assignments, a programme adopted after its
overlap flag is dismissed, and a task lead reminded when the task goes overdue."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from steering import reminders, services
from steering.models import CommitteeKind, Task
from tests.browser.test_commune_official import sign_in
from tests.factories import official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_committee_adopts_a_programme_and_a_lead_hears_of_an_overdue_task(page, tree):
    official("bcd", Role.PROVINCIAL_STEERING, tree.province)
    official("soNoiVu", Role.PROVINCIAL_STEERING, tree.province)
    # Another committee of the province already runs a programme for the year.
    other = services.create_committee(
        by=None, unit=tree.province, kind=CommitteeKind.OTHER, name="Ban Chỉ đạo chuyển đổi số tỉnh"
    )
    year = date.today().year
    digital = services.create_programme(by=None, committee=other, year=year, title="Chương trình chuyển đổi số")
    for text in ("Ứng dụng công nghệ số vào tiếp công dân và giải quyết đơn thư", "Phát triển hạ tầng cáp quang"):
        services.add_task(by=None, programme=digital, data=services.TaskInput(text))

    sign_in(page, "bcd")
    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Ban Chỉ đạo").click()
    page.get_by_role("link", name="Thêm ban chỉ đạo").click()
    page.get_by_label("Tỉnh hoặc xã").select_option(label=str(tree.province))
    page.get_by_label("Loại").select_option(label="Ban Chỉ đạo thực hiện dân chủ ở cơ sở")
    page.locator("#id_name").fill("Ban Chỉ đạo thực hiện QCDC ở cơ sở tỉnh")
    page.get_by_role("button", name="Lưu").click()

    # Members with their positions, sectors and communes to follow.
    for name, position, agency, sectors, account in (
        ("Nguyễn Văn Trưởng", "Trưởng ban", "Tỉnh ủy", "Chỉ đạo chung", None),
        ("Trần Thị Nội Vụ", "Thành viên", "Sở Nội vụ", "Dân chủ trong cơ quan nhà nước", "soNoiVu"),
    ):
        page.get_by_text("Thêm thành viên", exact=True).click()
        page.get_by_label("Họ và tên").fill(name)
        page.get_by_label("Chức vụ").select_option(label=position)
        page.locator("#id_agency").fill(agency)
        page.get_by_label("Lĩnh vực được phân công").fill(sectors)
        page.get_by_label("Địa bàn được phân công theo dõi").select_option(label=str(tree.commune))
        page.get_by_label("Từ ngày").fill("2021-01-15")
        if account:
            page.get_by_label("Tài khoản (để nhận nhắc việc)").select_option(label=account)
        page.get_by_role("button", name="Thêm", exact=True).click()
        expect(page.get_by_text("Đã thêm thành viên.")).to_be_visible()
    members = page.locator("#members")
    expect(members).to_contain_text("Trần Thị Nội Vụ")
    expect(members).to_contain_text("Dân chủ trong cơ quan nhà nước")
    expect(members).to_contain_text(str(tree.commune))

    # A programme with a task like the other committee's: adoption waits for the flag's decision.
    page.get_by_text("Chương trình công tác mới", exact=True).click()
    page.locator("#id_programme-year").fill(str(year))
    page.locator("#id_programme-title").fill("Chương trình công tác năm nay")
    page.get_by_role("button", name="Tạo").click()
    overdue_on = date.today() - timedelta(days=2)
    for content, lead in (
        ("Chuyển đổi số trong tiếp công dân và giải quyết đơn thư", None),
        ("Kiểm tra việc công khai ngân sách tại 10 xã", "Trần Thị Nội Vụ"),
    ):
        page.get_by_text("Thêm nhiệm vụ", exact=True).click()
        page.locator("#id_content").fill(content)
        if lead:
            page.get_by_label("Thành viên phụ trách").select_option(label=f"{lead} (Thành viên, Sở Nội vụ)")
            page.get_by_label("Thời hạn").fill(overdue_on.isoformat())
        page.get_by_role("button", name="Thêm", exact=True).click()
    page.get_by_role("button", name="Ban hành chương trình").click()
    expect(page.get_by_text("Còn 1 khả năng trùng chéo")).to_be_visible()
    flag = page.locator("article.flag")
    expect(flag).to_contain_text("Ban Chỉ đạo chuyển đổi số tỉnh")
    expect(flag).to_contain_text("đơn thư")
    flag.get_by_label("Ghi chú").fill("Khác phạm vi: ban mình giám sát, ban kia đầu tư")
    flag.get_by_role("button", name="Không trùng chéo").click()
    expect(page.get_by_text("Đã ghi nhận quyết định.")).to_be_visible()
    page.get_by_role("button", name="Ban hành chương trình").click()
    expect(page.get_by_text("Chương trình đã được ban hành.")).to_be_visible()
    expect(page.locator("article.flag")).to_contain_text("Không trùng chéo")

    # The daily reminder run: the lead of the overdue task gets one notice, and sees it signed in.
    assert reminders.send_task_reminders(date.today()) == 1
    page.context.clear_cookies()
    sign_in(page, "soNoiVu")
    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Thông báo").click()
    expect(page.get_by_text("Nhiệm vụ Ban Chỉ đạo: 1 quá hạn, 0 đến hạn trong tuần")).to_be_visible()
    page.goto("/steering/my-tasks/")
    row = page.locator("tr.overdue")
    expect(row).to_contain_text("Kiểm tra việc công khai ngân sách tại 10 xã")
    expect(row).to_contain_text("quá hạn")
    row.get_by_role("link").click()
    page.get_by_label("Tiến độ (%)").fill("100")
    page.get_by_label("Kết quả thực hiện").fill("Đã kiểm tra đủ 10 xã, có biên bản")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi nhận tiến độ.")).to_be_visible()
    assert Task.objects.get(content__startswith="Kiểm tra").status == "done"
