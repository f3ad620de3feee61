"""Dân biết in the browser: a commune publishes, a resident finds it on the portal, the province checks."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from disclosures import services
from disclosures.models import CatalogueItem, Disclosure, Status
from tests.browser.test_commune_official import sign_in
from tests.factories import official, pdf_bytes, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.QUESTION_MIN_SECONDS = 0


def test_official_publishes_a_pdf_that_residents_find_without_diacritics(page, tree, tmp_path):
    official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    pdf = tmp_path / "ke-hoach-nao-vet.pdf"
    pdf.write_bytes(pdf_bytes("Kế hoạch nạo vét kênh mương nội đồng", "Kinh phí: 120 triệu đồng"))
    photo = tmp_path / "bang-tin.png"
    photo.write_bytes(png_bytes())
    today = timezone.localdate().isoformat()

    sign_in(page, "xa")
    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Công khai").click()
    page.get_by_role("link", name="Đăng thông tin công khai").click()
    page.get_by_label("Nội dung bắt buộc công khai").select_option(
        label="Dự toán ngân sách, kế hoạch tài chính hằng năm của xã"
    )
    page.get_by_label("Tiêu đề").fill("Dự toán ngân sách và kế hoạch thủy lợi")
    page.get_by_label("Ngày ban hành văn bản").fill(today)
    page.get_by_label("Tệp đính kèm").set_input_files(str(pdf))
    page.get_by_label("Ngày niêm yết tại bảng tin").fill(today)
    page.get_by_label("Ảnh chụp bản niêm yết").set_input_files(str(photo))
    page.get_by_label("Ngày đọc trên hệ thống truyền thanh").fill(today)
    page.get_by_role("button", name="Công khai").click()
    expect(page.get_by_role("heading", name="Dự toán ngân sách và kế hoạch thủy lợi")).to_be_visible()
    expect(page.locator("body")).to_contain_text("ke-hoach-nao-vet.pdf")
    expect(page.locator("ul.channels")).to_contain_text("Niêm yết tại bảng tin")
    expect(page.locator("ul.channels")).to_contain_text("Hệ thống truyền thanh")

    # A resident, signed out, on the province's portal: a word from inside the PDF, typed without accents.
    page.context.clear_cookies()
    page.goto(f"/cong-khai/{tree.province.code}/")
    page.get_by_label("Từ cần tìm").fill("kenh muong noi dong")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Dự toán ngân sách và kế hoạch thủy lợi").click()
    expect(page.get_by_role("link", name="ke-hoach-nao-vet.pdf")).to_be_visible()
    page.get_by_role("link", name=tree.commune.name).first.click()
    expect(page.get_by_role("heading", name=tree.commune.name)).to_be_visible()
    expect(page.get_by_role("link", name="Dự toán ngân sách và kế hoạch thủy lợi")).to_be_visible()


def test_bad_file_gets_a_clear_message_and_nothing_is_published(page, tree, tmp_path):
    official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    fake = tmp_path / "bao-cao.pdf"
    fake.write_bytes(b"<html><script>alert(1)</script></html>")
    sign_in(page, "xa")
    page.goto("/disclosures/new/")
    page.get_by_label("Lĩnh vực").select_option(label="Ngân sách, tài chính")
    page.get_by_label("Tiêu đề").fill("Báo cáo <b>tài chính</b>")
    page.get_by_label("Ngày ban hành văn bản").fill(timezone.localdate().isoformat())
    page.get_by_label("Tệp đính kèm").set_input_files(str(fake))
    page.get_by_role("button", name="Công khai").click()
    expect(page.get_by_role("alert").first).to_contain_text("thẻ HTML")
    page.get_by_label("Tiêu đề").fill("Báo cáo tài chính")
    page.get_by_label("Hiệu lực từ ngày").fill("2026-03-01")
    page.get_by_label("Hiệu lực đến ngày").fill("2026-02-01")
    page.get_by_label("Tệp đính kèm").set_input_files(str(fake))
    page.get_by_role("button", name="Công khai").click()
    expect(page.locator("body")).to_contain_text("không phải là tệp PDF đọc được")
    expect(page.locator("body")).to_contain_text("Ngày hết hiệu lực trước ngày bắt đầu hiệu lực")
    assert not Disclosure.objects.exists()


def test_compliance_shows_on_time_and_missing_and_a_correction_supersedes(page, tree):
    clerk = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    issued = date(2025, 1, 6)
    first = services.publish_disclosure(
        by=clerk,
        unit=tree.commune,
        data=services.DisclosureInput(
            title="Dự toán ngân sách xã năm 2025",
            topic="budget",
            issued_on=issued,
            effective_from=issued,
            catalogue_item=CatalogueItem.objects.get(code="budget-estimate"),
        ),
        now=datetime(2025, 1, 7, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    sign_in(page, "xa")
    page.goto("/disclosures/compliance/?year=2025")
    budget = page.get_by_role("row", name="Dự toán ngân sách, kế hoạch tài chính hằng năm của xã")
    expect(budget).to_contain_text("Đúng hạn")
    expect(
        page.get_by_role(
            "row",
            name="Kế hoạch phát triển kinh tế - xã hội, phương án chuyển dịch cơ cấu kinh tế hằng năm của xã và kết "
            "quả thực hiện",
        )
    ).to_contain_text("Chưa công khai")

    budget.get_by_role("link").click()
    page.get_by_role("link", name="Đính chính (phiên bản mới)").click()
    page.get_by_label("Tiêu đề").fill("Dự toán ngân sách xã năm 2025 (điều chỉnh)")
    page.get_by_label("Nội dung đính chính").fill("Điều chỉnh số thu")
    page.get_by_role("button", name="Công khai").click()
    expect(page.get_by_role("heading", name="Dự toán ngân sách xã năm 2025 (điều chỉnh)")).to_be_visible()
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED

    page.context.clear_cookies()
    page.goto(f"/cong-khai/muc/{first.pk}/")
    expect(page.get_by_role("status")).to_contain_text("đã được thay thế bằng bản đính chính")
    page.get_by_role("link", name="Xem phiên bản hiện hành").click()
    expect(page.get_by_role("heading", name="Dự toán ngân sách xã năm 2025 (điều chỉnh)")).to_be_visible()
    # The resident asks; the answer appears once the commune gives it.
    page.get_by_label("Họ và tên").fill("Lò Văn Páo")
    page.get_by_label("Số điện thoại").fill("0912345678")
    page.get_by_label("Câu hỏi hoặc phản ánh của bạn").fill("Vì sao phải điều chỉnh số thu?")
    page.get_by_role("button", name="Gửi").click()
    expect(page.locator("body")).to_contain_text("Xã đã nhận được")
