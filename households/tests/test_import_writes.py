"""A large import is written in short transactions (households.importing.apply): nothing of it is visible before
its last write, and a failure midway leaves nothing behind."""

import pytest
from django.db import DatabaseError

from accounts.models import Role
from households import importing
from households.models import Household, HouseholdImport, Resident
from households.selectors import households_for
from households.tests.test_import import HEADER
from tests.factories import official

HOUSEHOLDS = 400


def big_file(village_code) -> bytes:
    lines = [",".join(HEADER)]
    for n in range(HOUSEHOLDS):
        lines.append(f"HGD-{n:05d},{village_code},Xóm {n},Hoàng Văn {n},12/05/1970,Nam,,Chủ hộ,x")
        lines.append(f"HGD-{n:05d},{village_code},Xóm {n},Đỗ Thị {n},03/02/1972,Nữ,,Vợ,")
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def job(tree):
    user = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    return HouseholdImport.objects.create(
        created_by=user, unit=tree.commune, file_name="ho.csv", content=big_file(tree.village.code)
    )


def test_no_household_of_an_import_is_visible_before_its_last_write(job, monkeypatch):
    seen = []
    write = importing._execute

    def write_and_look(statements):
        write(statements)
        # What a page, a search or a roll being frozen would read right after this chunk is committed.
        seen.append(
            (
                Household.all_objects.filter(code__startswith="HGD-").count(),
                Household.objects.filter(code__startswith="HGD-").count(),
                households_for(job.created_by).filter(code__startswith="HGD-").count(),
                Resident.objects.filter(household__code__startswith="HGD-").count(),
            )
        )

    monkeypatch.setattr(importing, "_execute", write_and_look)
    importing.run_import(job)
    job.refresh_from_db()
    assert job.status == HouseholdImport.Status.DONE and job.households_created == HOUSEHOLDS
    assert len(seen) > 2  # written in several transactions
    assert seen[0][0] > 0 and all(visible == [0, 0, 0] for _written, *visible in seen)
    assert Household.objects.filter(code__startswith="HGD-").count() == HOUSEHOLDS
    household = Household.objects.get(code="HGD-00007")
    assert household.head.full_name == "Hoàng Văn 7" and household.representative == household.head
    assert household.members.count() == 2 and "hoang van 7" in household.search_text
    assert household.history.get().history_user == job.created_by


def test_a_failure_in_the_middle_of_an_import_leaves_nothing(job, monkeypatch):
    write = importing._execute
    calls = []

    def fail_third(statements):
        calls.append(1)
        if len(calls) == 3:
            raise DatabaseError("disk I/O error")
        write(statements)

    monkeypatch.setattr(importing, "_execute", fail_third)
    importing.run_import(job)
    job.refresh_from_db()
    assert job.status == HouseholdImport.Status.FAILED and "Chưa nhập dữ liệu nào" in job.errors[0]["message"]
    assert not Household.all_objects.filter(code__startswith="HGD-").exists()
    assert not Resident.all_objects.filter(household__code__startswith="HGD-").exists()
    assert not Household.history.filter(code__startswith="HGD-").exists()
    assert not Resident.history.filter(full_name__startswith="Hoàng Văn").exists()


def test_a_retried_import_deletes_what_the_killed_run_wrote_and_imports_each_household_once(job, monkeypatch):
    write = importing._execute
    calls = []

    def die_on_third(statements):
        calls.append(1)
        if len(calls) == 3:
            raise SystemExit  # as near to SIGKILL as a test can get: nothing after this runs
        write(statements)

    monkeypatch.setattr(importing, "discard_staged", lambda job: 0)  # a killed process cleans up nothing
    monkeypatch.setattr(importing, "_execute", die_on_third)
    with pytest.raises(SystemExit):
        importing.run_import(job)
    assert Household.all_objects.filter(pending_import=job).exists()
    monkeypatch.undo()
    importing.run_import(HouseholdImport.objects.get(pk=job.pk))  # the retry
    assert Household.all_objects.filter(code__startswith="HGD-").count() == HOUSEHOLDS
    assert Resident.objects.filter(household__code__startswith="HGD-").count() == 2 * HOUSEHOLDS
