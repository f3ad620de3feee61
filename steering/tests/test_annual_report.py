"""The annual evaluation report: generated in the background, in the Decree 30/2020 layout, its figures the
dashboard's, every version kept."""

import io
import re

import docx
import pytest
from django.test import TestCase
from django.utils import timezone

from accounts.models import Role
from steering import services
from steering.models import CommitteeKind, ReportStatus
from steering.tests.test_scorecards import consult
from tests.factories import official

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(tree):
    steering = official("bcd", Role.PROVINCIAL_STEERING, tree.province)
    return services.create_committee(
        by=steering,
        unit=tree.province,
        kind=CommitteeKind.GRASSROOTS_DEMOCRACY,
        name="Ban Chỉ đạo thực hiện QCDC ở cơ sở tỉnh",
    )


def generate(client, committee, **narrative):
    year = timezone.localdate().year
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/steering/{committee.pk}/reports/new/", {"year": year, **narrative})
    assert response.status_code == 302, response.content
    return committee.annual_reports.get(version=committee.annual_reports.count())


def test_the_report_is_an_official_document_whose_figures_are_the_dashboards(client, tree, committee):
    consult(official("xa", Role.COMMUNE_OFFICIAL, tree.commune), tree.commune, answered=3, unanswered=1)
    client.force_login(committee.history.first().history_user)
    report = generate(client, committee, assessment="Nhìn chung các xã thực hiện tốt.", directions="Tiếp tục kiểm tra.")
    assert report.status == ReportStatus.DONE and report.progress == 100
    download = client.get(f"/steering/reports/{report.pk}/download/")
    document = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
    header = " ".join(cell.text for cell in document.tables[0].rows[0].cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Độc lập - Tự do - Hạnh phúc" in header
    assert "BAN CHỈ ĐẠO THỰC HIỆN QCDC Ở CƠ SỞ TỈNH" in header and "Số:" in header
    assert re.search(r"ngày \d\d tháng \d\d năm \d{4}", header)
    runs = [run for p in document.paragraphs for run in p.runs if run.text.strip()]
    assert {run.font.name for run in runs} == {"Times New Roman"}
    assert {run.font.size.pt for run in runs} <= {11, 12, 13, 14}
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Nhìn chung các xã thực hiện tốt." in body and "BÁO CÁO" in body
    assert document.inline_shapes, "the ranking chart is in the report"
    # The ranking table's figures are the dashboard's.
    ranking = next(t for t in document.tables if t.rows[0].cells[0].text == "Hạng")
    report_rows = {row.cells[1].text: [c.text for c in row.cells] for row in ranking.rows[1:]}
    dashboard = client.get("/steering/dashboard/").content.decode()
    for name, cells in report_rows.items():
        row_html = re.search(rf"<td>{cells[0]}</td><td><a [^>]+>{re.escape(name)}</a></td>.*?</tr>", dashboard, re.S)
        assert row_html, name
        assert f"<strong>{cells[2]}</strong>" in row_html.group(0)
        shown = re.findall(r"<td>([^<]*)</td>", row_html.group(0))  # rank, head, then every indicator's value
        assert shown[2:] == cells[4:], name
    assert report_rows[str(tree.commune)][4 + 5] == "75,0"  # opinions answered


def test_each_generation_is_a_new_version_and_the_old_one_stays(client, committee):
    client.force_login(committee.history.first().history_user)
    first = generate(client, committee, directions="Bản đầu")
    second = generate(client, committee, directions="Bản sửa")
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.file and second.file and first.directions == "Bản đầu"
    page = client.get(f"/steering/reports/{second.pk}/").content.decode()
    assert f"/steering/reports/{first.pk}/download/" in page
