"""A commune official, on a phone: signs in, finds a household without accents, imports a file."""

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from accounts.models import Role
from households.models import Household
from households.tests.test_import import HEADER
from tests.factories import PASSWORD, official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def workbook(village_code, second_birthday):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["HGD-7001", village_code, "Xóm 7", "Triệu Văn Sáng", "10/10/1960", "Nam", "", "Chủ hộ", "x"])
    sheet.append(["HGD-7001", village_code, "Xóm 7", "Hà Thị Sen", second_birthday, "Nữ", "", "Vợ", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sign_in(page, username):
    page.goto("/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_official_searches_without_diacritics_and_imports_a_corrected_file(page, tree, tmp_path):
    official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    sign_in(page, "xa")
    expect(page.get_by_role("heading", name="Xã Tân Lập")).to_be_visible()

    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Hộ gia đình").click()
    page.get_by_label("Tìm theo tên").fill("nguyen van duc")
    results = page.locator("#household-results")
    expect(results.get_by_role("link", name="91001-000001")).to_be_visible()
    expect(results).to_contain_text("Nguyễn Văn Đức")
    page.get_by_label("Tìm theo tên").fill("tran van binh")  # another commune's resident
    expect(results).to_contain_text("Không tìm thấy hộ nào")

    page.get_by_role("link", name="Nhập từ tệp").click()
    bad = tmp_path / "ho-loi.xlsx"
    bad.write_bytes(workbook(tree.village.code, "30/02/1962"))
    page.get_by_label("Tệp (.xlsx hoặc .csv)").set_input_files(str(bad))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_role("alert")).to_contain_text("Dòng 3")
    expect(page.get_by_role("alert")).to_contain_text("30/02/1962")
    assert not Household.objects.filter(code="HGD-7001").exists()

    page.get_by_role("link", name="Nhập tệp khác").click()
    good = tmp_path / "ho-da-sua.xlsx"
    good.write_bytes(workbook(tree.village.code, "20/02/1962"))
    page.get_by_label("Tệp (.xlsx hoặc .csv)").set_input_files(str(good))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.locator("#import-progress")).to_contain_text("Đã thêm 1 hộ và 2 nhân khẩu")
    assert Household.objects.get(code="HGD-7001").members.count() == 2

    page.get_by_role("link", name="Xem danh sách hộ").click()
    page.get_by_label("Tìm theo tên").fill("ha thi sen")
    expect(page.locator("#household-results").get_by_role("link", name="HGD-7001")).to_be_visible()
    page.locator("#household-results").get_by_role("link", name="HGD-7001").click()
    expect(page.get_by_role("heading", name="Lịch sử thay đổi")).to_be_visible()


def test_commune_official_cannot_open_another_communes_household(page, tree):
    official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    sign_in(page, "xa")
    expect(page.get_by_role("heading", name="Xã Tân Lập")).to_be_visible()
    response = page.goto(f"/households/{tree.sibling_household.pk}/")
    assert response.status == 404


def test_unit_picker_finds_a_village_without_accents_and_language_switches(page, tree):
    official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    sign_in(page, "xa")
    page.get_by_label("Tìm đơn vị").fill("thon tay")
    page.locator("#unit-results").get_by_role("link", name="Thôn Tây").click()
    expect(page.get_by_role("heading", name="Thôn Tây")).to_be_visible()
    expect(page.get_by_text("Đơn vị đang làm việc")).to_be_visible()
    # Another commune's villages are not offered.
    page.get_by_label("Tìm đơn vị").fill("thon bac")
    expect(page.locator("#unit-results")).to_contain_text("Không tìm thấy đơn vị nào")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("link", name="Households").first).to_be_visible()
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.get_by_role("link", name="Hộ gia đình").first).to_be_visible()
