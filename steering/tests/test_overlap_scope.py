"""The overlap check reads other committees' tasks only through the scoping layer (issue 13, finding 8): a commune
official compares with, sees and decides only what they may read; a province official, the whole province."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.models import Role, RoleAssignment
from steering import services
from steering.models import CommitteeKind, FlagDecision, OverlapFlag, ProgrammeStatus
from tests.factories import official, province

pytestmark = pytest.mark.django_db

MINE = "Chuyển đổi số trong tiếp công dân và giải quyết đơn thư ở cấp xã"
# Each other committee has one task like ours, worded so that the page can be searched for it.
PROVINCE_TASK = "Ứng dụng chuyển đổi số trong tiếp công dân và giải quyết đơn thư của toàn tỉnh"
SIBLING_TASK = "Chuyển đổi số trong tiếp công dân và giải quyết đơn thư tại xã Đồng Tâm"
OWN_TASK = "Đẩy mạnh chuyển đổi số trong tiếp công dân và giải quyết đơn thư ở xã Tân Lập"
PROVINCE_COMMITTEE = "Ban Chỉ đạo chuyển đổi số tỉnh"
SIBLING_COMMITTEE = "Ban Chỉ đạo QCDC xã Đồng Tâm"
OWN_COMMITTEE = "Ban Chỉ đạo chuyển đổi số xã Tân Lập"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def programme_of(by, unit, kind, name, texts, year=2026):
    committee = services.create_committee(by=by, unit=unit, kind=kind, name=name)
    programme = services.create_programme(by=by, committee=committee, year=year, title=f"Chương trình {year}")
    for text in texts:
        services.add_task(by=by, programme=programme, data=services.TaskInput(text))
    return programme


@pytest.fixture
def world(tree):
    """A commune's draft programme; like tasks at the province, in the sibling commune and in the commune itself."""
    province_official = official("bcd", Role.PROVINCIAL_STEERING, tree.province)
    commune_official = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    programme_of(province_official, tree.province, CommitteeKind.OTHER, PROVINCE_COMMITTEE, [PROVINCE_TASK])
    programme_of(province_official, tree.sibling, CommitteeKind.GRASSROOTS_DEMOCRACY, SIBLING_COMMITTEE, [SIBLING_TASK])
    programme_of(province_official, tree.commune, CommitteeKind.OTHER, OWN_COMMITTEE, [OWN_TASK])
    programme = programme_of(
        commune_official, tree.commune, CommitteeKind.GRASSROOTS_DEMOCRACY, "Ban Chỉ đạo QCDC xã Tân Lập", [MINE]
    )
    return province_official, commune_official, programme


def others(flags):
    return {flag.other.content for flag in flags}


def test_a_commune_officials_check_compares_only_with_their_own_communes_committees(world):
    _province_official, commune_official, programme = world
    flags = services.check_overlaps(by=commune_official, programme=programme)
    assert others(flags) == {OWN_TASK}
    assert others(OverlapFlag.objects.filter(task__programme=programme)) == {OWN_TASK}


def test_a_commune_official_who_may_also_read_the_province_compares_with_its_committees(world, tree):
    _province_official, commune_official, programme = world
    # The scoping layer alone decides: a role over the province that reads steering (here the Fatherland Front's).
    RoleAssignment.objects.create(user=commune_official, role=Role.FATHERLAND_FRONT, unit=tree.province)
    flags = services.check_overlaps(by=commune_official, programme=programme)
    assert others(flags) == {PROVINCE_TASK, SIBLING_TASK, OWN_TASK}


def test_a_province_official_still_finds_overlaps_across_the_provinces_committees(world, tree):
    province_official, _commune_official, programme = world
    # Another province's committee is never compared, whoever runs the check.
    elsewhere = province("92", "Tỉnh Khác")
    programme_of(province_official, elsewhere, CommitteeKind.OTHER, "Ban Chỉ đạo tỉnh khác", [PROVINCE_TASK + " khác"])
    flags = services.check_overlaps(by=province_official, programme=programme)
    assert others(flags) == {PROVINCE_TASK, SIBLING_TASK, OWN_TASK}


def test_the_programme_page_never_shows_a_task_the_official_may_not_read(client, world):
    province_official, commune_official, programme = world
    services.check_overlaps(by=province_official, programme=programme)  # flags against all three
    client.force_login(commune_official)
    page = client.get(f"/steering/programmes/{programme.pk}/").content.decode()
    assert OWN_TASK in page and OWN_COMMITTEE in page
    # Neither in the flags nor in the history below them (whose line for a flag names both tasks, up to 80
    # characters each: these texts are shorter).
    for unreadable in (PROVINCE_TASK, SIBLING_TASK, PROVINCE_COMMITTEE, SIBLING_COMMITTEE):
        assert unreadable not in page
    assert "Có 2 khả năng trùng chéo liên quan đến ban chỉ đạo mà bạn không có quyền xem" in page
    client.force_login(province_official)
    page = client.get(f"/steering/programmes/{programme.pk}/").content.decode()
    assert PROVINCE_TASK in page and SIBLING_TASK in page and OWN_TASK in page


def test_a_commune_official_cannot_decide_a_flag_they_cannot_read(client, world):
    province_official, commune_official, programme = world
    services.check_overlaps(by=province_official, programme=programme)
    hidden = OverlapFlag.objects.get(task__programme=programme, other__content=PROVINCE_TASK)
    client.force_login(commune_official)
    response = client.post(f"/steering/programmes/{programme.pk}/flags/{hidden.pk}/", {"decision": "dismissed"})
    assert response.status_code == 404
    hidden.refresh_from_db()
    assert hidden.decision == FlagDecision.PENDING


def test_adoption_waits_for_a_flag_the_commune_cannot_read_until_the_province_decides_it(world):
    province_official, commune_official, programme = world
    services.check_overlaps(by=province_official, programme=programme)
    own = OverlapFlag.objects.get(task__programme=programme, other__content=OWN_TASK)
    services.decide_flag(by=commune_official, flag=own, decision=FlagDecision.DISMISSED, note="Khác phạm vi")
    # The commune's re-check at adoption neither drops the province's flags nor lets them pass unseen.
    with pytest.raises(ValidationError, match="2 possible overlap.*cannot read") as refused:
        services.adopt(by=commune_official, programme=programme, on=date(2026, 1, 20))
    assert PROVINCE_TASK not in str(refused.value) and PROVINCE_COMMITTEE not in str(refused.value)
    assert OverlapFlag.objects.filter(task__programme=programme, decision=FlagDecision.PENDING).count() == 2
    for flag in OverlapFlag.objects.filter(task__programme=programme, decision=FlagDecision.PENDING):
        services.decide_flag(by=province_official, flag=flag, decision=FlagDecision.DISMISSED)
    adopted = services.adopt(by=commune_official, programme=programme, on=date(2026, 1, 20))
    assert adopted.status == ProgrammeStatus.ADOPTED
    own.refresh_from_db()
    assert own.decision == FlagDecision.DISMISSED
