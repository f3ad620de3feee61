"""Bulk writes read and check their file before their write transaction begins: on SQLite a transaction holds
the one writer's lock from its start (transaction_mode IMMEDIATE), and ballots wait behind it."""

from django.db import connection

from accounts.models import Role
from grassroots import tabular
from localities import services as localities
from steering import services as steering_services
from steering.models import CommitteeKind
from steering.tests.test_services import docx_table_bytes
from tests.factories import official


def depth_while_reading(monkeypatch, module):
    depths = []
    read = tabular.read_table

    def reading(*args, **kwargs):
        depths.append(len(connection.atomic_blocks))
        return read(*args, **kwargs)

    monkeypatch.setattr(module, "read_table", reading)
    return depths


def test_a_village_sheet_is_read_outside_the_write_transaction(tree, monkeypatch):
    depths = depth_while_reading(monkeypatch, localities)
    outside = len(connection.atomic_blocks)  # the test's own transaction
    content = "Tên thôn/tổ dân phố,Loại\nThôn Mới 1,thôn\n".encode()
    assert localities.import_villages(commune=tree.commune, file_name="t.csv", content=content) == 1
    assert depths == [outside]


def test_a_programme_file_is_read_and_checked_outside_the_write_transaction(tree, monkeypatch):
    by = official("bcd", Role.PROVINCIAL_STEERING, tree.province)
    committee = steering_services.create_committee(
        by=by, unit=tree.province, kind=CommitteeKind.OTHER, name="Ban Chỉ đạo chuyển đổi số"
    )
    programme = steering_services.create_programme(by=by, committee=committee, year=2026, title="Chương trình")
    depths = depth_while_reading(monkeypatch, tabular)
    outside = len(connection.atomic_blocks)
    content = docx_table_bytes(["STT", "Nội dung"], [["1", "Tập huấn kỹ năng số cho cán bộ"]])
    assert steering_services.import_tasks(by=by, programme=programme, name="ct.docx", content=content) == 1
    assert depths == [outside]
