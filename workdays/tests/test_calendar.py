"""The working-day calendar with the year's changes: a Saturday worked to make up for a bridged holiday counts, an
extra day off does not; deadlines follow; only a province-level administrator changes it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from grassroots.working_days import add_working_days, is_working_day
from tests.factories import official
from workdays import services
from workdays.models import CalendarChange


def test_a_make_up_saturday_and_an_extra_day_off_move_a_deadline(tree):
    admin = official("quan-tri", Role.SYSTEM_ADMIN, tree.province)
    friday, saturday, monday = date(2027, 1, 8), date(2027, 1, 9), date(2027, 1, 11)
    assert add_working_days(friday, 1) == monday and not is_working_day(saturday)
    services.set_day(by=admin, day=saturday, working=True, reason="Làm bù cho ngày nghỉ Tết (thông báo của Bộ Nội vụ)")
    assert is_working_day(saturday) and add_working_days(friday, 1) == saturday
    services.set_day(by=admin, day=monday, working=False, reason="Nghỉ bù")
    assert add_working_days(friday, 2) == date(2027, 1, 12)
    with pytest.raises(ValidationError):  # a Wednesday is already a working day
        services.set_day(by=admin, day=date(2027, 1, 13), working=True, reason="Không đổi gì")
    with pytest.raises(ValidationError):
        services.set_day(by=admin, day=date(2027, 1, 16), working=True, reason="")


def test_only_a_province_administrator_changes_it_and_anyone_reads_it(client, tree):
    commune_official = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    data = {"day": "2027-01-09", "working": "1", "reason": "Làm bù"}
    assert client.get("/working-days/?year=2027").status_code == 200
    assert client.post("/working-days/", data).status_code == 403
    client.force_login(commune_official)
    assert client.post("/working-days/", data).status_code == 403
    client.force_login(official("quan-tri", Role.SYSTEM_ADMIN, tree.province))
    assert client.post("/working-days/", data).status_code == 302
    change = CalendarChange.objects.get()
    assert change.working and change.history.count() == 1
    page = client.get("/working-days/?year=2027").content.decode()
    assert "Làm bù" in page
