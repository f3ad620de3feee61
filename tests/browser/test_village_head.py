"""A village head elected in the browser (Decree 59/2023 Art. 3, 6, 8): the commune plans it, the Front fixes its
list and gets its minutes, the steps refused when late, a name nominated from the floor, a secret ballot as the
attendees chose, more than half of all households, the minutes, and the commune's recognition within 5 working
days, after which the village heads' page names the head and the end of the term."""

from datetime import timedelta

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from decisions import selectors
from decisions import services as decisions
from grassroots.working_days import add_working_days
from tests.browser.test_commune_official import sign_in
from tests.browser.test_household_vote import village  # noqa: F401 (a fixture)
from tests.factories import official
from village_heads import rules
from village_heads.models import HeadElection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ago(n: int) -> str:
    return (timezone.localdate() - timedelta(days=n)).isoformat()


def test_a_village_head_is_elected_by_secret_ballot_and_recognised(page, browser, live_server, tree, village):  # noqa: F811
    official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    official("mttq", Role.FATHERLAND_FRONT, tree.commune)
    sign_in(page, "xa")
    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Trưởng thôn").click()
    page.get_by_role("link", name="Chuẩn bị cuộc bầu").click()
    page.get_by_label("Thôn hoặc tổ dân phố").select_option(label=str(village))
    page.get_by_label("Ngày tổ chức cuộc họp bầu").fill(timezone.localdate().isoformat())
    page.get_by_label("Địa điểm hội nghị").fill("Nhà văn hoá thôn")
    page.get_by_label("Ngày ban hành quyết định và kế hoạch").fill(ago(19))  # one day short of 20
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".has-error")).to_contain_text("chậm nhất 20 ngày trước ngày bầu")
    expect(page.get_by_label("Địa điểm hội nghị")).to_have_value("Nhà văn hoá thôn")  # nothing typed is lost
    page.get_by_label("Ngày ban hành quyết định và kế hoạch").fill(ago(25))
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name=f"Bầu Trưởng thôn {village.name.removeprefix('Thôn ')}")).to_be_visible()
    election = HeadElection.objects.get()
    election_url = page.url

    page.locator("summary", has_text="Tổ bầu cử").click()
    page.get_by_label("Tổ bầu cử").fill("Lò Văn Thành\nQuàng Thị Hoa\nTòng Văn Khải")
    page.get_by_label("Ngày quyết định thành lập").fill(ago(9))  # the team is due 10 days before
    page.get_by_role("button", name="Ghi Tổ bầu cử").click()
    expect(page.locator(".has-error")).to_contain_text("chậm nhất 10 ngày trước ngày bầu")
    expect(page.get_by_label("Tổ bầu cử")).to_have_value("Lò Văn Thành\nQuàng Thị Hoa\nTòng Văn Khải")
    page.get_by_label("Ngày quyết định thành lập").fill(ago(12))
    page.get_by_role("button", name="Ghi Tổ bầu cử").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi Tổ bầu cử")
    page.locator("summary", has_text="Công khai đến Nhân dân").click()
    page.get_by_label("Ngày công khai").fill(ago(8))
    page.get_by_label("Hình thức").fill("Niêm yết tại nhà văn hoá, đọc trên loa thôn")
    page.get_by_role("button", name="Ghi việc công khai").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi việc công khai")
    # The commune official is not offered the Front's list.
    expect(page.locator("summary", has_text="Danh sách chính thức người ứng cử")).to_have_count(0)

    # The Front's village committee fixes the official list, on its own account.
    front = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", base_url=live_server.url)
    staff = front.new_page()
    sign_in(staff, "mttq")
    staff.goto(election_url)
    staff.locator("summary", has_text="Danh sách chính thức người ứng cử").click()
    staff.get_by_label("Danh sách chính thức người ứng cử:", exact=True).fill("Hoàng Văn Minh\nNông Thị Hạnh")
    staff.get_by_label("Ngày lập danh sách").fill(ago(20))
    staff.get_by_role("button", name="Ghi danh sách").click()
    expect(staff.get_by_role("status")).to_contain_text("Đã ghi danh sách chính thức người ứng cử")
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Biên bản lập danh sách người ứng cử (DOCX)").click()
    minutes = docx.Document(download.value.path())
    text = "\n".join(p.text for p in minutes.paragraphs) + "".join(
        c.text for t in minutes.tables for r in t.rows for c in r.cells
    )
    assert "Hoàng Văn Minh" in text and "Nông Thị Hạnh" in text and "BAN CÔNG TÁC MẶT TRẬN" in text
    front.close()

    page.reload()
    # The meeting began a moment ago, today (the vote is closed only once the meeting has begun).
    began = max(timezone.localtime() - timedelta(minutes=1), timezone.localtime().replace(hour=0, minute=0))
    page.get_by_label("Thời gian hội nghị").fill(began.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ngày thông báo họp").fill(ago(3))
    page.get_by_role("button", name="Chuẩn bị cuộc họp").click()
    expect(page.get_by_role("status")).to_contain_text("Cuộc họp bầu đã được chuẩn bị")
    # At the meeting: a name from the floor, then the attendees choose a secret ballot.
    page.get_by_label("Tên").fill("Vi Văn Đức")
    page.get_by_label("Được đề cử tại cuộc họp").check()
    page.get_by_label("Người đề cử").fill("Lường Thị Mai")
    page.get_by_role("button", name="Thêm vào phiếu").click()
    expect(page.locator("ol").first).to_contain_text("Vi Văn Đức")
    page.locator("summary", has_text="Giơ tay hoặc bỏ phiếu kín").click()
    page.get_by_label("bằng hình thức bỏ phiếu kín").check()
    page.get_by_role("button", name="Ghi nhận lựa chọn").click()
    expect(page.locator("body")).to_contain_text("Hiện tại: bỏ phiếu kín.")

    page.get_by_role("link", name="Cuộc biểu quyết: Đang chuẩn bị").click()
    page.get_by_role("button", name="Mở biểu quyết (chốt danh sách)").click()
    election.refresh_from_db()
    for entry in selectors.roll_of(election.matter)[:9]:  # nine households come to the meeting
        decisions.check_in(by=election.created_by, entry=entry)
    page.get_by_role("link", name="Nhập kết quả tại hội nghị").click()
    page.get_by_label("Hoàng Văn Minh").fill("6")
    page.get_by_label("Nông Thị Hạnh").fill("2")
    page.get_by_label("Vi Văn Đức").fill("1")
    page.get_by_role("button", name="Ghi kết quả").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kết thúc biểu quyết").click()
    expect(page.locator("#result")).to_contain_text("Hoàng Văn Minh")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải biên bản (DOCX)").click()
    minutes = "\n".join(p.text for p in docx.Document(download.value.path()).paragraphs)
    assert "bỏ phiếu kín" in minutes and "Hoàng Văn Minh" in minutes

    page.get_by_role("button", name="Gửi xã công nhận").click()
    due = add_working_days(timezone.localdate(), 5)
    expect(page.locator("#recognition")).to_contain_text(due.strftime("%d/%m/%Y"))
    page.get_by_label("Số quyết định công nhận").fill("12/QĐ-UBND")
    page.get_by_role("button", name="Công nhận kết quả").click()
    page.goto(election_url)
    ends = rules.term_ends(timezone.localdate()).strftime("%d/%m/%Y")
    expect(page.locator("body")).to_contain_text(f"nhiệm kỳ kết thúc ngày {ends}")
    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Trưởng thôn").click()
    expect(page.locator("table").first).to_contain_text("Hoàng Văn Minh")
    expect(page.locator("table").first).to_contain_text(ends)
