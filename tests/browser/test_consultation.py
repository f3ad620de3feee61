"""Dân tham gia ý kiến in the browser: a draft put to residents, every opinion answered, the report and the diff."""

from datetime import timedelta

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from consultations.models import Consultation, Opinion
from grassroots.text import fold
from tests.browser.test_commune_official import sign_in
from tests.factories import official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT = """Điều 1. Phạm vi
Quy hoạch sử dụng đất xã Tân Lập giai đoạn 2026-2030.
Điều 2. Đất giao thông
Mở rộng đường liên thôn Đông - Tây lên 5 mét.
Điều 3. Đất công viên
Dành 2 ha cho công viên trung tâm."""


def comment(browser, live_server, consultation_id, name, phone, section, text):
    """A resident's phone: open the public page, write, send."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", base_url=live_server.url)
    phone_page = context.new_page()
    phone_page.goto(f"/y-kien/{consultation_id}/")
    phone_page.get_by_label("Họ và tên").fill(name)
    phone_page.get_by_label("Số điện thoại").fill(phone)
    phone_page.get_by_label("Góp ý cho phần nào của dự thảo").select_option(label=section)
    phone_page.get_by_label("Ý kiến của bạn").fill(text)
    phone_page.get_by_role("button", name="Gửi ý kiến").click()
    expect(phone_page.get_by_text("Cảm ơn bạn. Ý kiến đã được tiếp nhận")).to_be_visible()
    context.close()


def answer(page, group_heading, choice, *, text="", section="", revised=""):
    page.get_by_role("link", name=group_heading).click()
    page.get_by_label(choice, exact=True).check()
    if text:
        page.get_by_label("Giải trình, hoặc lý do không tiếp thu (công khai)").fill(text)
    if section:
        with page.expect_response(lambda response: "part=pending" in response.url):
            page.get_by_label("Phần được chỉnh sửa").select_option(label=section)
        # The section's current text is filled in to edit.
        expect(page.get_by_label("Nội dung của phần sau khi tiếp thu")).not_to_have_value("")
        page.get_by_label("Nội dung của phần sau khi tiếp thu").fill(revised)
    page.get_by_role("button", name="Lưu nội dung trả lời").click()
    expect(page.get_by_text("Đã lưu nội dung trả lời cho mọi ý kiến trong nhóm.")).to_be_visible()


def test_a_draft_gets_opinions_from_every_channel_and_every_one_an_answer(page, browser, live_server, tree, settings):
    settings.QUESTION_MIN_SECONDS = 0
    settings.OPINIONS_PER_HOUR = 50  # every phone here shares the test server's address
    official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    sign_in(page, "xa")

    # Publish a draft.
    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Ý kiến").click()
    page.get_by_role("link", name="Đưa dự thảo ra lấy ý kiến").click()
    page.get_by_label("Đơn vị lấy ý kiến").select_option(label=str(tree.commune))
    page.get_by_label("Tên dự thảo").fill("Dự thảo quy hoạch sử dụng đất 2026-2030")
    page.get_by_label("Nội dung lấy ý kiến (Luật 10/2022/QH15, Điều 25)").select_option(
        label="Quy hoạch sử dụng đất; quản lý, sử dụng quỹ đất do xã quản lý"
    )
    page.get_by_label("Hoặc nhập nội dung dự thảo").fill(DRAFT)
    # Fifteen days are refused (Law 10/2022 Art. 28 §2), and the page says from when the period may end.
    today = timezone.localdate()
    page.get_by_label("Lấy ý kiến từ ngày").fill(today.isoformat())
    page.get_by_label("Lấy ý kiến đến ngày").fill((today + timedelta(days=15)).isoformat())
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("body")).to_contain_text("Luật 10/2022/QH15 Điều 28 khoản 2")
    expect(page.locator("body")).to_contain_text((today + timedelta(days=20)).strftime("%d/%m/%Y"))
    assert not Consultation.objects.exists()
    page.get_by_label("Lấy ý kiến đến ngày").fill((today + timedelta(days=20)).isoformat())
    if not page.get_by_label("Hoặc nhập nội dung dự thảo").input_value():
        page.get_by_label("Hoặc nhập nội dung dự thảo").fill(DRAFT)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Dự thảo đã được lưu với 3 phần.")).to_be_visible()
    page.get_by_role("button", name="Công bố dự thảo để lấy ý kiến").click()
    expect(page.get_by_text("Dự thảo đã được công bố")).to_be_visible()
    consultation = Consultation.objects.get()

    # Residents comment online: two say the same thing (one without diacritics), one something else.
    road = "Điều 2. Đất giao thông"
    comment(
        browser,
        live_server,
        consultation.pk,
        "Trần Thị Bình",
        "0912000001",
        road,
        "Đề nghị mở rộng đường liên thôn lên 7 mét cho xe cứu hỏa",
    )
    comment(
        browser,
        live_server,
        consultation.pk,
        "Lê Văn Cường",
        "0912000002",
        road,
        "De nghi mo rong duong lien thon len 7 met cho xe cuu hoa",
    )
    comment(
        browser,
        live_server,
        consultation.pk,
        "Phạm Thị Dung",
        "0912000003",
        "Toàn bộ dự thảo",
        "Đề nghị công khai bản đồ quy hoạch tại nhà văn hóa thôn",
    )

    # An officer enters the opinions of a village meeting from its minutes.
    page.get_by_role("link", name="Nhập ý kiến từ cuộc họp hoặc phiếu lấy ý kiến").click()
    page.get_by_label("Hình thức nêu ý kiến").select_option(label="Tại cuộc họp (theo biên bản)")
    page.get_by_label("Nguồn").fill("Biên bản họp thôn Đông ngày 12/11/2026")
    page.get_by_label("Các ý kiến, mỗi dòng một ý kiến").fill(
        "Đề nghị mở rộng đường liên thôn lên 7 mét cho xe cứu hỏa vào được\n"
        "Đề nghị giữ nguyên diện tích công viên trung tâm 2 ha"
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã nhập 2 ý kiến.")).to_be_visible()

    # Grouping put the three road opinions together (online and meeting alike).
    page.reload()
    road_group = page.locator("article.group").filter(has_text="3 ý kiến")
    expect(road_group).to_have_count(1)
    expect(road_group).to_contain_text("De nghi mo rong duong")
    expect(road_group).to_contain_text("xe cứu hỏa vào được")
    groups = page.locator("article.group h2 a")
    expect(groups).to_have_count(3)
    headings = groups.all_inner_texts()
    road_heading = next(h for h in headings if h.startswith("3 ý kiến"))
    map_heading = next(h for h in headings if any(p in fold(h) for p in ("ban do", "cong khai", "nha van")))
    park_heading = next(h for h in headings if h not in (road_heading, map_heading))

    answer(page, road_heading, "Tiếp thu", section=road, revised="Mở rộng đường liên thôn Đông - Tây lên 7 mét.")
    answer(page, map_heading, "Giải trình", text="Bản đồ đã được niêm yết tại nhà văn hóa các thôn từ ngày 01/11.")

    # Closing before the last day is refused (Art. 28 §2: residents keep their whole period).
    page.get_by_role("link", name="Dự thảo quy hoạch sử dụng đất 2026-2030").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kết thúc đợt lấy ý kiến").click()
    expect(page.locator("body")).to_contain_text("Luật 10/2022/QH15 Điều 28 khoản 2")
    # Twenty days later: the period is over.
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=today - timedelta(days=21), closes_on=today - timedelta(days=1)
    )
    page.get_by_role("link", name="Gộp nhóm và trả lời ý kiến").click()

    # Closing is refused while one opinion is unanswered.
    page.get_by_role("link", name="Dự thảo quy hoạch sử dụng đất 2026-2030").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kết thúc đợt lấy ý kiến").click()
    expect(page.get_by_text("Còn 1 ý kiến chưa được trả lời.")).to_be_visible()

    page.get_by_role("link", name="Gộp nhóm và trả lời ý kiến").click()
    answer(page, park_heading, "Không tiếp thu", text="Quy hoạch tỉnh đã xác định diện tích công viên.")
    page.get_by_role("link", name="Dự thảo quy hoạch sử dụng đất 2026-2030").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kết thúc đợt lấy ý kiến").click()
    expect(page.get_by_text("Đợt lấy ý kiến đã kết thúc.")).to_be_visible()

    # The synthesis report's table matches the answers.
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo tổng hợp, tiếp thu, giải trình (DOCX)").click()
    report = docx.Document(download.value.path())
    table = next(t for t in report.tables if t.rows[0].cells[0].text == "STT")
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert len(rows) == 3
    by_count = sorted((row[2], row[4].split(":")[0]) for row in rows)
    assert by_count == [
        ("1", "Giải trình"),
        ("1", "Không tiếp thu"),
        ("3", "Tiếp thu (Điều 2. Đất giao thông, phiên bản 2)"),
    ]
    assert Opinion.objects.filter(group__answer="pending").count() == 0

    # The public page shows the answers, the final text and what changed, with the opinions that caused it.
    page.goto(f"/y-kien/{consultation.pk}/")
    expect(page.get_by_text("Mở rộng đường liên thôn Đông - Tây lên 7 mét.")).to_be_visible()
    expect(page.get_by_text("Quy hoạch tỉnh đã xác định diện tích công viên.")).to_be_visible()
    page.get_by_role("link", name="Phiên bản 2").click()
    expect(page.locator("del").first).to_have_text("5")
    expect(page.locator("ins").first).to_have_text("7")
    expect(page.get_by_text("Các ý kiến dẫn đến thay đổi")).to_be_visible()
    expect(page.get_by_text("De nghi mo rong duong lien thon len 7 met cho xe cuu hoa")).to_be_visible()

    # The synthesis and answers were made public as item 11 of Art. 11 (Art. 28 §3): on the portal at once, with
    # the commune radio's 3 days still owed, which the compliance page shows until the broadcasts are logged.
    page.goto(f"/consultations/{consultation.pk}/")
    # Two item-11 disclosures: the plan and content when it opened, the synthesis now.
    expect(page.get_by_role("link", name="công khai và các hình thức công khai")).to_have_count(2)
    page.get_by_role("link", name="công khai và các hình thức công khai").last.click()
    expect(page.get_by_role("heading", name="Kết quả tổng hợp ý kiến, tiếp thu, giải trình")).to_be_visible()
    expect(page.locator("ul.channels")).to_contain_text("Cổng thông tin điện tử")
    page.goto(f"/disclosures/compliance/?year={today.year}")
    row = page.get_by_role("row").filter(has_text="Kế hoạch lấy ý kiến Nhân dân")
    expect(row).to_contain_text("phát trên hệ thống truyền thanh ít nhất 3 ngày liên tục")
    expect(row).to_contain_text("Luật 10/2022/QH15, Điều 11 khoản 11")
    page.goto("/disclosures/")
    expect(page.get_by_role("row").filter(has_text="Kết quả tổng hợp ý kiến")).to_contain_text(
        "Chưa phát đủ ngày trên hệ thống truyền thanh"
    )
