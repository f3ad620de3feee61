import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from households.importing import run_import
from households.models import Household, HouseholdImport, Resident
from tests.factories import official

HEADER = [
    "Mã hộ",
    "Mã thôn/tổ dân phố",
    "Địa chỉ",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số định danh cá nhân",
    "Quan hệ với chủ hộ",
    "Đại diện hộ",
]


def rows(village_code, bad_date=False):
    return [
        ["HGD-9001", village_code, "Xóm 3", "Hoàng Văn Tám", "12/05/1970", "Nam", "091070000123", "Chủ hộ", "x"],
        [
            "HGD-9001",
            village_code,
            "Xóm 3",
            "Đỗ Thị Lụa",
            "31/02/1972" if bad_date else "03/02/1972",
            "Nữ",
            "",
            "Vợ",
            "",
        ],
        ["HGD-9002", village_code, "Xóm 4", "Vũ Đình Khải", "01/01/1990", "nam", "", "Chủ hộ", "x"],
    ]


def xlsx(table) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in table:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(table) -> bytes:
    lines = [",".join(HEADER)] + [",".join(f'"{c}"' for c in row) for row in table]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def upload(client, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("households:import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    return HouseholdImport.objects.latest("created_at")


@pytest.fixture
def commune_client(client, tree):
    client.force_login(official("xa", Role.COMMUNE_OFFICIAL, tree.commune))
    client.get(reverse("localities:detail", args=[tree.commune.code]))  # choose the working unit
    return client


def test_a_bad_row_is_reported_by_number_and_nothing_is_imported(commune_client, tree):
    before = (Household.objects.count(), Resident.objects.count())
    job = upload(commune_client, "ho.xlsx", xlsx(rows(tree.village.code, bad_date=True)))
    assert job.status == HouseholdImport.Status.FAILED
    assert [e["row"] for e in job.errors] == [3]
    assert "31/02/1972" in job.errors[0]["message"]
    assert (Household.objects.count(), Resident.objects.count()) == before
    page = commune_client.get(reverse("households:import_status", args=[job.pk])).content.decode()
    assert "Dòng 3" in page


def test_fixed_file_imports_and_a_reimport_creates_no_duplicates(commune_client, tree):
    job = upload(commune_client, "ho.xlsx", xlsx(rows(tree.village.code)))
    assert job.status == HouseholdImport.Status.DONE, job.errors
    assert (job.households_created, job.residents_created) == (2, 3)
    household = Household.objects.get(code="HGD-9001")
    assert household.village == tree.village
    assert household.representative.full_name == "Hoàng Văn Tám"
    assert household.head.full_name == "Hoàng Văn Tám"
    assert "hoang van tam" in household.search_text

    again = upload(commune_client, "ho.xlsx", xlsx(rows(tree.village.code)))
    assert again.status == HouseholdImport.Status.DONE
    assert (again.households_created, again.residents_created, again.residents_updated) == (0, 0, 0)
    assert Resident.objects.filter(household__code__in=["HGD-9001", "HGD-9002"]).count() == 3


def test_csv_with_village_given_by_name_imports(commune_client, tree):
    table = [row[:1] + ["Thôn Tây"] + row[2:] for row in rows("")]
    job = upload(commune_client, "ho.csv", csv_bytes(table))
    assert job.status == HouseholdImport.Status.DONE, job.errors
    assert Household.objects.get(code="HGD-9002").village == tree.village2


def test_a_village_can_be_named_with_or_without_its_type(commune_client, tree):
    from tests.factories import village

    numbered = village(tree.commune, 7, "7")
    numbered.division_type = "tổ dân phố"
    numbered.save()
    table = [row[:1] + ["to dan pho 7"] + row[2:] for row in rows("")]
    job = upload(commune_client, "ho.csv", csv_bytes(table))
    assert job.status == HouseholdImport.Status.DONE, job.errors
    assert Household.objects.get(code="HGD-9002").village == numbered


def test_rows_for_a_village_outside_the_officials_commune_are_refused(commune_client, tree):
    job = upload(commune_client, "ho.xlsx", xlsx(rows(tree.sibling_village.code)))
    assert job.status == HouseholdImport.Status.FAILED
    assert {e["row"] for e in job.errors} == {2, 3, 4}
    assert not Household.objects.filter(code="HGD-9001").exists()


def test_several_mistakes_are_all_listed(commune_client, tree):
    table = rows(tree.village.code)
    table[0][5] = "Không rõ"  # gender
    table[1][6] = "12345"  # citizen ID
    table[2][3] = ""  # name
    job = upload(commune_client, "ho.xlsx", xlsx(table))
    assert [e["row"] for e in job.errors] == [2, 3, 4]


def test_a_file_missing_columns_or_of_another_type_is_rejected_with_a_reason(commune_client, tree):
    job = upload(commune_client, "ho.csv", "Mã hộ,Họ và tên\nA,B\n".encode())
    assert job.status == HouseholdImport.Status.FAILED
    assert "Ngày sinh" in job.errors[0]["message"]
    response = commune_client.post(reverse("households:import"), {"file": io.BytesIO(b"%PDF")})
    assert response.status_code == 200  # the form is shown again with its error, no job created


def test_template_downloads_with_the_expected_columns(commune_client):
    response = commune_client.get(reverse("households:import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADER


def test_export_masks_citizen_ids(commune_client, tree):
    upload(commune_client, "ho.xlsx", xlsx(rows(tree.village.code)))
    response = commune_client.get(reverse("households:export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert "091070000123" not in values
    assert "*********123" in values
    assert "Trần Văn Bình" not in values  # a sibling commune's resident


def background_job(tree):
    """An import job run as the worker runs it: outside any request."""
    return HouseholdImport.objects.create(
        created_by=official("xa", Role.COMMUNE_OFFICIAL, tree.commune),
        unit=tree.commune,
        file_name="ho.xlsx",
        content=xlsx(rows(tree.village.code)),
    )


def test_imported_rows_record_the_importing_official_in_history(tree):
    # As in the background worker: no request, so history must take the user from the job.
    job = background_job(tree)
    run_import(job)
    household = Household.objects.get(code="HGD-9001")
    assert household.history.earliest().history_user.username == "xa"
    assert household.members.first().history.earliest().history_user.username == "xa"


def test_a_conflict_while_saving_fails_the_job_with_a_message_and_writes_nothing(tree, monkeypatch):
    from django.db import IntegrityError

    from households import importing

    def collide(*args, **kwargs):
        Household.objects.create(code="HGD-9001-tmp", village=tree.village)  # written, then rolled back
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(importing, "apply", importing.transaction.atomic(collide))
    job = background_job(tree)
    run_import(job)
    job.refresh_from_db()
    assert job.status == HouseholdImport.Status.FAILED and job.finished_at
    assert "Chưa nhập dữ liệu nào" in job.errors[0]["message"]
    assert not Household.objects.filter(code="HGD-9001-tmp").exists()


def test_a_citizen_id_held_in_another_commune_is_refused_without_naming_that_household(commune_client, tree):
    theirs = tree.sibling_household.members.first()
    theirs.citizen_id = "091070000123"
    theirs.save()
    job = upload(commune_client, "ho.xlsx", xlsx(rows(tree.village.code)))
    assert job.status == HouseholdImport.Status.FAILED
    assert [e["row"] for e in job.errors] == [2]
    assert tree.sibling_household.code not in job.errors[0]["message"]
    page = commune_client.get(reverse("households:import_status", args=[job.pk])).content.decode()
    assert tree.sibling_household.code not in page


def test_a_citizen_id_held_in_the_officials_own_commune_names_the_household(commune_client, tree):
    ours = tree.household.members.first()
    ours.citizen_id = "091070000123"
    ours.save()
    job = upload(commune_client, "ho.xlsx", xlsx(rows(tree.village.code)))
    assert tree.household.code in job.errors[0]["message"]
