"""The Steering Committee's yearly conference in the browser: 11 delegates' opinions on the draft report, each
absorbed into its next version; then the annual report generated, its figures those of the dashboard."""

import re

import docx
import pytest
from playwright.sync_api import expect

from accounts.models import Role
from consultations.models import Opinion
from steering import services
from steering.models import CommitteeKind
from tests.browser.test_commune_official import sign_in
from tests.factories import official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTS = [
    "Công tác lãnh đạo, chỉ đạo",
    "Tuyên truyền, phổ biến pháp luật",
    "Dân chủ trong cơ quan nhà nước",
    "Dân chủ ở xã, phường",
    "Dân chủ trong doanh nghiệp",
    "Ban Thanh tra nhân dân",
    "Giám sát đầu tư của cộng đồng",
    "Kiểm tra, giám sát",
    "Tiếp công dân, giải quyết khiếu nại",
    "Đánh giá chung",
    "Phương hướng năm tới",
]
# What each delegate said: different points in different words, so that no two are grouped together.
SAID = [
    "Cần nêu rõ số nghị quyết, chỉ thị đã ban hành trong năm",
    "Thêm số buổi phát thanh và số hội nghị tuyên truyền pháp luật",
    "Làm rõ việc lấy phiếu tín nhiệm trong các sở, ngành",
    "Bổ sung kết quả đối thoại của chủ tịch xã với Nhân dân",
    "Nêu tình hình tổ chức hội nghị người lao động tại doanh nghiệp",
    "Đánh giá chất lượng hoạt động của Ban Thanh tra nhân dân từng xã",
    "Liệt kê các công trình đã được cộng đồng giám sát và phát hiện sai phạm",
    "Tách riêng số cuộc kiểm tra chuyên đề và đột xuất",
    "Thống kê đơn thư khiếu nại kéo dài đã giải quyết dứt điểm",
    "Chỉ ra nguyên nhân chủ quan của các hạn chế",
    "Đặt chỉ tiêu cụ thể cho từng huyện cũ, từng xã mới",
]
NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"]


def test_a_conference_with_eleven_opinions_each_absorbed_then_the_annual_report(page, tree, settings):
    steering = official("bcd", Role.PROVINCIAL_STEERING, tree.province)
    committee = services.create_committee(
        by=steering, unit=tree.province, kind=CommitteeKind.GRASSROOTS_DEMOCRACY, name="Ban Chỉ đạo QCDC tỉnh"
    )
    sign_in(page, "bcd")
    page.goto(f"/steering/{committee.pk}/")
    page.get_by_role("link", name="Đưa dự thảo báo cáo, chương trình ra hội nghị").click()
    page.get_by_label("Tên dự thảo").fill("Dự thảo báo cáo kết quả thực hiện QCDC năm nay")
    page.get_by_label("Hoặc nhập nội dung dự thảo").fill(
        "\n".join(f"{n}. {part}\nNội dung ban đầu về {part.lower()}." for n, part in zip(NUMERALS, PARTS, strict=True))
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Dự thảo đã được lưu với 11 phần.")).to_be_visible()
    page.get_by_role("button", name="Công bố dự thảo để lấy ý kiến").click()
    page.get_by_role("link", name="Ghi hội nghị").click()
    page.get_by_label("Hội nghị").fill("Hội nghị tổng kết thực hiện QCDC năm nay")
    page.get_by_label("Chương trình (mỗi dòng một nội dung)").fill("Báo cáo kết quả\nThảo luận\nKết luận")
    page.get_by_label("Đại biểu được mời").fill("\n".join(f"Đại biểu {i} - Sở ngành {i}" for i in range(1, 12)))
    page.get_by_role("button", name="Lưu").click()

    # Eleven delegates raise eleven opinions, each on its part of the draft.
    for i, part in enumerate(PARTS, 1):
        page.locator("#id_delegate").select_option(label=f"Đại biểu {i} (Sở ngành {i})")
        page.get_by_label("Góp ý cho phần nào của dự thảo").select_option(label=f"{NUMERALS[i - 1]}. {part}")
        page.get_by_label("Ý kiến phát biểu").fill(SAID[i - 1])
        page.get_by_role("button", name="Ghi", exact=True).click()
        expect(page.get_by_text("Đã ghi ý kiến.")).to_be_visible()
    expect(page.get_by_role("heading", name="11 ý kiến phát biểu")).to_be_visible()

    # Each opinion absorbed into its section: the answer form starts from the section the opinion is about.
    conference_url = page.url
    consultation_id = Opinion.objects.first().consultation_id
    for _ in range(11):
        page.goto(f"/consultations/{consultation_id}/answers/?answer=pending")
        page.locator("article.group").first.get_by_role("link").first.click()
        page.get_by_label("Tiếp thu", exact=True).check()
        revised = page.get_by_label("Nội dung của phần sau khi tiếp thu")
        revised.fill(revised.input_value() + " Bổ sung theo ý kiến đại biểu.")
        page.get_by_role("button", name="Lưu nội dung trả lời").click()
        expect(page.get_by_text("Đã lưu nội dung trả lời")).to_be_visible()
    page.goto(f"/consultations/{consultation_id}/")
    page.get_by_role("button", name="Ban hành phiên bản tiếp theo").click()
    expect(page.get_by_role("heading", name=re.compile("Phiên bản 2"))).to_be_visible()
    expect(page.locator("section.change")).to_have_count(11)
    expect(page.locator("ul.caused li")).to_have_count(11)
    page.goto(conference_url)
    expect(page.locator("p.answer", has_text="trong phiên bản 2")).to_have_count(11)

    # The annual report, generated with its progress shown, carries the dashboard's figures.
    page.goto(f"/steering/{committee.pk}/")
    page.get_by_role("link", name="Soạn và tạo báo cáo năm").click()
    page.get_by_label("III. Đánh giá chung: ưu điểm, hạn chế và nguyên nhân").fill("Các xã thực hiện nghiêm túc.")
    page.get_by_role("button", name="Lưu").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo (DOCX)").click()
    report = docx.Document(download.value.path())
    # The list of versions moved on with the progress: this one is ready too, not still waiting.
    expect(page.locator("#report-status li").last).to_contain_text("Đã xong")
    ranking = next(t for t in report.tables if t.rows[0].cells[0].text == "Hạng")
    page.goto("/steering/dashboard/")
    for row in ranking.rows[1:]:
        cells = [c.text for c in row.cells]
        expect(page.locator("#scorecard tr", has_text=cells[1])).to_contain_text(cells[2])
    assert "Các xã thực hiện nghiêm túc." in "\n".join(p.text for p in report.paragraphs)
