"""Dân bàn và quyết định in the browser: a whole village vote, from opening to the lawful result and minutes."""

import io
import re
from datetime import date, timedelta

import docx
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import Role
from decisions import selectors, services
from decisions.models import Matter
from grassroots.text import fold
from tests.browser.test_commune_official import sign_in
from tests.factories import household_with, official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = [
    "Nguyễn Văn Đức",  # already in the tree's village
    "Phạm Thị Lan",
    "Hoàng Văn Tùng",
    "Đỗ Thị Mai",
    "Vũ Văn Hải",
    "Bùi Thị Hồng",
    "Đặng Văn Khoa",
    "Ngô Thị Thu",
    "Dương Văn Lâm",
    "Lý Thị Nga",
]


@pytest.fixture
def village(tree):
    for i, name in enumerate(NAMES[1:], 2):
        household_with(tree.village, name, code=f"91001-{i:06d}")
    return tree.village


def vote_online(browser, live_server, code, choice_label):
    """A resident's phone: scan the QR code (its URL carries the code after #), choose, send."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", base_url=live_server.url)
    phone = context.new_page()
    phone.goto(f"/bieu-quyet/#{code}")
    expect(phone.get_by_label("Mã hộ (10 chữ và số, in trên phiếu của hộ)")).to_have_value(code)
    phone.get_by_role("button", name="Tiếp tục").click()
    phone.get_by_label(choice_label, exact=True).check()
    phone.get_by_role("button", name="Gửi biểu quyết").click()
    expect(phone.get_by_role("heading", name="Biểu quyết của bạn đã được ghi nhận")).to_be_visible()
    receipt = phone.locator("#receipt").inner_text()
    return context, phone, receipt


def test_a_whole_village_vote_reaches_the_lawful_result(page, browser, live_server, tree, village):
    official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    sign_in(page, "xa")
    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Biểu quyết").click()
    page.get_by_role("link", name="Đưa nội dung ra biểu quyết").click()
    page.get_by_label("Thôn hoặc tổ dân phố").select_option(label=str(village))
    # Other self-managed work: the one kind of matter households may decide online (Law 10/2022 Art. 17 §2).
    page.get_by_label("Nội dung (Luật 10/2022 Điều 15)").select_option(label="Công việc tự quản khác của cộng đồng")
    page.get_by_label("Tiêu đề").fill("Ngày hội văn hoá thôn")
    page.get_by_label("Câu hỏi đưa ra biểu quyết").fill("Tổ chức ngày hội văn hoá thôn vào ngày 18/11?")
    page.get_by_label("Hình thức phiếu").select_option(label="Đồng ý hoặc không đồng ý")
    page.get_by_label("Hộ gia đình có thể biểu quyết trực tuyến bằng mã hộ").check()
    page.get_by_role("button", name="Lưu").click()
    # Decree 59/2023 Art. 5: not before more than half of all households chose online voting.
    page.get_by_role("button", name="Mở biểu quyết (chốt danh sách)").click()
    expect(page.get_by_role("status")).to_contain_text("trên 50% tổng số đại diện hộ gia đình")
    choice = page.locator("#online-choice")
    choice.get_by_label("Ngày hộ gia đình chọn biểu quyết trực tuyến").fill(date.today().isoformat())
    choice.get_by_label("Số hộ chọn biểu quyết trực tuyến").fill("8")
    choice.get_by_label("Cách lựa chọn").fill("Biểu quyết tại cuộc họp thôn")
    choice.get_by_role("button", name="Ghi nhận lựa chọn").click()
    expect(page.locator("#online-choice")).to_contain_text("8 hộ đã chọn")
    page.get_by_role("button", name="Mở biểu quyết (chốt danh sách)").click()
    expect(page.locator("#live")).to_contain_text("0 / 10")
    matter = Matter.objects.get(title="Ngày hội văn hoá thôn")

    # Sheets go out in a household ballot round, made public with its team 2 days before (Law 10/2022 Art. 19 §2).
    page.get_by_text("Lấy ý kiến hộ gia đình bằng phiếu").click()
    ballot_round = page.locator("#ballot-round")
    ballot_round.get_by_label("Tổ phát phiếu").fill("Lê Văn Kiểm\nPhạm Thị Phiếu\nHoàng Văn Đếm")
    ballot_round.get_by_label("Ngày công khai").fill((date.today() - timedelta(days=2)).isoformat())
    ballot_round.get_by_label("Ngày bắt đầu phát phiếu").fill(date.today().isoformat())
    ballot_round.get_by_role("button", name="Ghi nhận đợt phát phiếu").click()
    expect(page.locator("#ballot-round")).to_contain_text("Hoàng Văn Đếm")
    with page.expect_download() as download:
        page.get_by_role("button", name="In phiếu lấy ý kiến (PDF)").click()
    sheets = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
    assert len(sheets.pages) == 10

    entries = selectors.roll_of(matter)
    codes = [services.code_of(e) for e in entries]
    # Four households vote online: three agree, one does not; one checks its receipt on the bulletin.
    for code, label in zip(codes[:4], ["Đồng ý", "Đồng ý", "Đồng ý", "Không đồng ý"], strict=True):
        context, phone, receipt = vote_online(browser, live_server, code, label)
        if label == "Không đồng ý":
            phone.get_by_role("button", name="Xem trên bảng tin công khai").click()
            expect(phone.locator("body")).to_contain_text("Đã được tính")
            # The same code again: refused, and said so.
            phone.goto(f"/bieu-quyet/#{code}")
            phone.get_by_role("button", name="Tiếp tục").click()
            expect(phone.get_by_role("alert")).to_contain_text("đã biểu quyết trực tuyến")
        context.close()

    # The meeting: the rest are checked in by name typed without accents; one who voted online is stopped.
    page.get_by_role("link", name="Điểm danh hội nghị và sổ theo dõi phiếu").click()
    for name in NAMES[4:8]:
        search = page.get_by_label("Tìm hộ theo tên, mã hộ hoặc địa chỉ")
        search.fill(fold(name))
        # The search answers after a pause: wait for it, or its list would replace the row after the check-in.
        expect(page.locator("#roll-rows tr[id^=entry-]")).to_have_count(1)
        row = page.locator("tr", has_text=name)
        row.get_by_role("button", name="Điểm danh").click()
        expect(page.locator("tr", has_text=name)).to_contain_text("Đã điểm danh")
    page.get_by_label("Tìm hộ theo tên, mã hộ hoặc địa chỉ").fill(entries[0].household_code)
    expect(page.locator("#roll-rows tr[id^=entry-]")).to_have_count(1)
    page.locator("tr", has_text=entries[0].name).get_by_role("button", name="Điểm danh").click()
    expect(page.locator("tr", has_text=entries[0].name)).to_contain_text("không nhận phiếu tại hội nghị")

    page.get_by_role("link", name=f"← {matter.title}").click()
    page.get_by_role("link", name="Nhập kết quả tại hội nghị").click()
    page.get_by_label(re.compile("^Đồng ý")).fill("5")
    page.get_by_role("button", name="Ghi kết quả").click()
    expect(page.get_by_role("alert")).to_contain_text("Chỉ có 4 hộ")
    page.get_by_label(re.compile("^Đồng ý")).fill("3")
    page.get_by_label(re.compile("^Không đồng ý")).fill("1")
    page.get_by_role("button", name="Ghi kết quả").click()
    expect(page.locator("#live")).to_contain_text("8 / 10")
    expect(page.get_by_role("heading", name="Phiếu thứ hai bị từ chối")).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kết thúc biểu quyết").click()
    # 3 online + 3 at the meeting = 6 of 10 households agree: more than half of ALL households.
    expect(page.locator("#result")).to_contain_text("Hợp lệ")
    expect(page.locator("#result")).to_contain_text("Được thông qua")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải biên bản (DOCX)").click()
    minutes = docx.Document(download.value.path())
    assert "BIÊN BẢN" in "\n".join(p.text for p in minutes.paragraphs)
    page.get_by_role("link", name="Kiểm tra sổ phiếu").click()
    expect(page.locator("#verdict")).to_contain_text("Sổ phiếu nguyên vẹn")


def test_a_vote_too_few_take_part_in_cannot_pass_and_is_not_void(page, browser, live_server, tree, village):
    officer = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    matter = services.create_matter(
        by=officer,
        village=village,
        data=services.MatterInput(
            matter_type="other_self_managed",
            title="Tổ chức ngày hội thôn",
            question="Tổ chức ngày hội văn hoá thôn vào 18/11?",
            ballot_kind="yes_no",
        ),
    )
    matter = services.record_online_choice(
        by=officer, matter=matter, chosen_on=date.today(), households=10, how="Họp thôn"
    )
    matter = services.open_voting(by=officer, matter=matter)
    for entry in selectors.roll_of(matter)[:5]:
        context, _phone, _receipt = vote_online(browser, live_server, services.code_of(entry), "Đồng ý")
        context.close()
    sign_in(page, "xa")
    page.goto(f"/decisions/{matter.pk}/")
    # Law 10/2022 has no attendance quorum: the page says how many more must take part before it can pass.
    expect(page.locator("#live")).to_contain_text("Cần thêm 1 hộ tham gia mới có thể được thông qua")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kết thúc biểu quyết").click()
    # Five of ten households agreeing is exactly half of all households: not more than half, so not adopted.
    expect(page.locator("#result")).to_contain_text("Không được thông qua")
    expect(page.locator("#result")).to_contain_text("tức là ít nhất 6 hộ")
