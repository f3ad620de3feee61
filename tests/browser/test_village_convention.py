"""A village convention in the browser (Decree 61/2023), from a citizens' initiative to the commune's recognition,
the text residents read, the yearly review and the province's report: a resident consents on a phone, the village
head starts the convention, a draft posted for 29 days is refused and nothing typed is lost, the households adopt it
at a meeting, the dossier goes to the commune, which recognises it within 5 working days of the complete dossier."""

import re
from datetime import timedelta

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from consultations import services as consultations
from consultations.models import Consultation
from conventions.models import Convention
from decisions import selectors
from decisions import services as decisions
from grassroots.working_days import add_working_days
from initiatives import services as initiatives
from initiatives.models import Initiative
from tests.browser.test_commune_official import sign_in
from tests.browser.test_household_vote import village  # noqa: F401 (a fixture)
from tests.factories import official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT = "Chương I. Quy định chung\nHương ước này quy định nếp sống văn minh.\nChương II. Việc cưới\nCưới gọn nhẹ."


def test_a_convention_from_initiative_to_recognition_and_the_yearly_report(page, browser, live_server, tree, village):  # noqa: F811
    official("truongthon", Role.VILLAGE_HEAD, village)
    official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    official("tinh", Role.PROVINCIAL_STEERING, tree.province)
    today = timezone.localdate()
    sign_in(page, "truongthon")
    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Sáng kiến").click()
    page.get_by_role("link", name="Ghi nhận sáng kiến").click()
    page.get_by_label("Thôn hoặc tổ dân phố").select_option(label=str(village))
    page.get_by_label("Tiêu đề").fill("Xây dựng hương ước thôn")
    page.get_by_label("Nội dung công dân đề xuất").fill("Đề nghị thôn xây dựng hương ước về nếp sống văn minh.")
    page.get_by_label("Người đề xuất").fill("Phạm Thị Lan, Hoàng Văn Tùng")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#support")).to_contain_text("cần 1 trên 10 hộ")
    initiative = Initiative.objects.get()
    code = initiatives.code_of(initiative.supporters.order_by("position")[1], initiative)

    # A resident's phone: the slip's QR code opens the page with the code after "#".
    phone_context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="vi-VN", base_url=live_server.url
    )
    phone = phone_context.new_page()
    phone.goto(f"/bieu-quyet/sang-kien/#{code}")
    phone.get_by_role("button", name="Tiếp tục").click()
    expect(phone.locator("body")).to_contain_text("nếp sống văn minh")
    phone.get_by_role("button", name="Hộ tôi đồng thuận").click()
    expect(phone.get_by_role("status")).to_contain_text("Sáng kiến đã vào chương trình của Trưởng thôn")
    phone_context.close()

    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Hương ước").click()
    page.get_by_role("link", name="Xây dựng hương ước, quy ước").click()
    page.get_by_label("Thôn hoặc tổ dân phố").select_option(label=str(village))
    page.get_by_label("Loại").select_option(label="Hương ước")
    page.get_by_label("Tiêu đề").fill("Hương ước thôn Đông")
    page.get_by_label("Ít nhất 10% tổng số hộ gia đình (sáng kiến của công dân)").check()
    page.get_by_label("Sáng kiến của công dân:").select_option(label="Xây dựng hương ước thôn")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Hương ước thôn Đông")).to_be_visible()
    page.get_by_label("Tổ soạn thảo:", exact=True).fill("Phạm Thị Lan\nHoàng Văn Tùng")
    page.get_by_role("button", name="Ghi Tổ soạn thảo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi Tổ soạn thảo")
    page.get_by_label("Dự thảo:", exact=True).fill(DRAFT)
    page.get_by_label("Niêm yết từ ngày").fill(today.isoformat())
    page.get_by_label("Ngày cuối nhận ý kiến").fill((today + timedelta(days=29)).isoformat())
    page.get_by_role("button", name="Niêm yết dự thảo").click()
    expect(page.locator(".has-error, .errors").first).to_contain_text("Nghị định 61/2023/NĐ-CP Điều 9 khoản 1")
    expect(page.locator("textarea[name='draft-text']")).to_have_value(DRAFT)  # nothing typed is lost
    page.get_by_label("Ngày cuối nhận ý kiến").fill((today + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Niêm yết dự thảo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã niêm yết dự thảo")

    # Thirty days on, every opinion answered, the consultation is closed (its own tests walk those pages).
    convention = Convention.objects.get()
    Consultation.objects.filter(pk=convention.consultation_id).update(
        opens_on=today - timedelta(days=31), closes_on=today - timedelta(days=1)
    )
    consultations.close_consultation(by=convention.created_by, consultation=Consultation.objects.get())
    page.reload()
    began = max(timezone.localtime() - timedelta(minutes=1), timezone.localtime().replace(hour=0, minute=0))
    page.get_by_label("Thời gian hội nghị").fill(began.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Địa điểm hội nghị").fill("Nhà văn hoá thôn")
    page.get_by_label("Ngày thông báo họp").fill((today - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Chuẩn bị biểu quyết").click()
    page.get_by_role("link", name=re.compile("^Cuộc biểu quyết")).click()
    page.get_by_role("button", name="Mở biểu quyết (chốt danh sách)").click()
    convention.refresh_from_db()
    for entry in selectors.roll_of(convention.matter)[:7]:  # more than half of all households present
        decisions.check_in(by=convention.created_by, entry=entry)
    page.get_by_role("link", name="Nhập kết quả tại hội nghị").click()
    page.get_by_label(re.compile("^Đồng ý")).fill("6")
    page.get_by_label(re.compile("^Không đồng ý")).fill("1")
    page.get_by_role("button", name="Ghi kết quả").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kết thúc biểu quyết").click()
    expect(page.locator("#result")).to_contain_text("Được thông qua")

    page.goto(f"/conventions/{convention.pk}/")
    expect(page.locator("body")).to_contain_text(add_working_days(today, 5).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi hồ sơ lên xã")

    commune = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", base_url=live_server.url)
    officer = commune.new_page()
    sign_in(officer, "xa")
    officer.goto(f"/conventions/{convention.pk}/")
    officer.locator("summary", has_text="Đã nhận đủ hồ sơ").click()
    officer.get_by_role("button", name="Ghi", exact=True).click()
    expect(officer.locator("body")).to_contain_text(add_working_days(today, 5).strftime("%d/%m/%Y"))
    officer.get_by_role("link", name="Công nhận, hoặc từ chối bằng văn bản nêu rõ lý do").click()
    officer.get_by_label("Số quyết định công nhận").fill("15/QĐ-UBND")
    officer.get_by_role("button", name="Công nhận kết quả").click()
    officer.goto(f"/conventions/{convention.pk}/")
    expect(officer.locator("body")).to_contain_text("Được công nhận ngày")
    commune.close()

    # Residents read the recognised text on the portal; the village records its yearly review.
    page.goto(f"/huong-uoc/{convention.pk}/")
    expect(page.locator("body")).to_contain_text("Cưới gọn nhẹ.")
    expect(page.locator("body")).to_contain_text("15/QĐ-UBND")
    page.goto(f"/conventions/{convention.pk}/")
    page.locator("summary", has_text="Ghi việc đánh giá hằng năm").click()
    page.get_by_label("Tình hình thực hiện").fill("Các hộ thực hiện tốt việc cưới gọn nhẹ.")
    page.get_by_role("button", name="Ghi", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi việc đánh giá hằng năm")

    province = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", base_url=live_server.url)
    member = province.new_page()
    sign_in(member, "tinh")
    member.goto("/conventions/")
    member.get_by_role("link", name=re.compile("^Báo cáo năm của")).click()
    row = member.locator("tr", has_text="Xã Tân Lập")
    expect(row).to_contain_text("1")
    with member.expect_download() as download:
        member.get_by_role("link", name="Báo cáo (DOCX)").click()
    report = docx.Document(download.value.path())
    assert "Bộ Văn hóa, Thể thao và Du lịch" in "\n".join(p.text for p in report.paragraphs)
    province.close()
