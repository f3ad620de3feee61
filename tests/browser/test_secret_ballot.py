"""A secret ballot decided online in the browser (other self-managed work: the one kind of matter the law lets
households decide online): the counting team's key slips, encrypted online ballots, and a majority of the
team typing its slips in at closing to open the totals."""

from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from decisions import selectors, services
from decisions.models import Matter
from households.models import Household
from tests.browser.test_commune_official import sign_in
from tests.browser.test_household_vote import village, vote_online  # noqa: F401 (a fixture)
from tests.factories import official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_secret_election_is_opened_only_by_a_majority_of_the_counting_team(page, browser, live_server, tree, village):  # noqa: F811
    officer = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    matter = services.create_matter(
        by=officer,
        village=village,
        data=services.MatterInput(
            matter_type="other_self_managed",
            title="Chọn trưởng ban tổ chức ngày hội",
            question="Ai làm trưởng ban tổ chức ngày hội văn hoá thôn?",
            ballot_kind="choose_one",
            options=["Nguyễn Văn A", "Trần Thị B"],
            is_secret=True,
        ),
    )
    households = Household.objects.active().filter(village=village).count()
    matter = services.record_online_choice(
        by=officer, matter=matter, chosen_on=date.today(), households=households, how="Họp thôn"
    )
    sign_in(page, "xa")
    page.goto(f"/decisions/{matter.pk}/")
    expect(page.get_by_role("button", name="Mở biểu quyết (chốt danh sách)")).to_have_count(0)  # not before the slips
    page.get_by_label("Thành viên ban kiểm phiếu, mỗi người một dòng (từ 3 đến 5 người)").fill(
        "Lê Văn Kiểm\nPhạm Thị Phiếu\nHoàng Văn Đếm"
    )
    page.get_by_role("button", name="Tạo phiếu khoá").click()
    expect(page.get_by_role("heading", name="Đường dẫn nhận phiếu khoá của ban kiểm phiếu")).to_be_visible()
    links = page.locator(".slip code").all_inner_texts()  # the official gets one link per member, not the slips
    assert len(links) == 3 and all("/bieu-quyet/kiem-phieu/#" in link for link in links)
    page.get_by_role("link", name="Đã trao đường dẫn: quay lại nội dung biểu quyết").click()
    page.get_by_role("button", name="Mở biểu quyết (chốt danh sách)").click()
    expect(page.locator("body")).to_contain_text("3 thành viên ban kiểm phiếu chưa nhận phiếu khoá")
    slips = []
    for link in links:  # each member, on their own phone
        phone = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
        member = phone.new_page()
        member.goto("/bieu-quyet/" + link.split("/bieu-quyet/", 1)[1])
        member.get_by_role("button", name="Xem phiếu khoá của tôi").click()
        slips.append(member.locator("#slip-code").inner_text())
        member = phone.new_page()  # the link opened again: nothing more is shown, and it says when it was drawn
        member.goto("/bieu-quyet/" + link.split("/bieu-quyet/", 1)[1])
        member.get_by_role("button", name="Xem phiếu khoá của tôi").click()
        expect(member.locator(".errors")).to_contain_text("đã được nhận lúc")
        phone.close()
    assert len(set(slips)) == 3
    page.reload()
    expect(page.locator("body")).not_to_contain_text("chưa nhận phiếu")
    page.get_by_role("button", name="Mở biểu quyết (chốt danh sách)").click()
    expect(page.locator("#live")).to_contain_text("0 / 10")

    matter = Matter.objects.get(pk=matter.pk)
    codes = [services.code_of(e) for e in selectors.roll_of(matter)]
    # Six of the ten households choose A: more than half of all households (Law 10/2022 Art. 21 §1).
    for code, name in zip(codes[:8], ["Nguyễn Văn A"] * 6 + ["Trần Thị B"] * 2, strict=True):
        context, _phone, _receipt = vote_online(browser, live_server, code, name)
        context.close()

    page.reload()
    page.once("dialog", lambda dialog: dialog.accept())
    # One slip alone is not enough, and says so; the slip mistyped is caught.
    page.get_by_label("Phiếu khoá của Lê Văn Kiểm").fill(slips[0])
    page.get_by_role("button", name="Kết thúc biểu quyết").click()
    expect(page.locator("body")).to_contain_text("Cần 2 trong 3 thành viên")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_label("Phiếu khoá của Lê Văn Kiểm").fill(slips[0].lower())
    page.get_by_label("Phiếu khoá của Hoàng Văn Đếm").fill(slips[2])
    page.get_by_role("button", name="Kết thúc biểu quyết").click()
    expect(page.locator("#result")).to_contain_text("Nguyễn Văn A")
    page.goto(f"/bieu-quyet/{matter.pk}/")
    expect(page.locator("table")).to_contain_text("6")
