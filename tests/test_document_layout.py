"""Every official document the platform issues, rendered by LibreOffice and read back: Decree 30/2020/NĐ-CP,
Appendix I (law.md A10; ../shared/domain/README.md §8). The national name, the motto and the place-and-date line
each stay on one line; no page is blank; the signature block (authority, title, name) stays together on the page
of "Nơi nhận:"; pages are numbered from the second; fonts and sizes as the decree sets them."""

import io
import re
import shutil
import subprocess
from datetime import timedelta

import docx
import pytest
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Role
from consultations import documents as consultation_documents
from consultations import drafts
from consultations import services as consultation_services
from consultations.models import Answer
from consultations.tests.test_services import period_over
from decisions import ballots, services
from decisions import documents as decision_documents
from decisions.tests.conftest import place, roll, yes_no_matter  # noqa: F401 (a fixture)
from disclosures import documents as disclosure_documents
from steering import annual_report
from steering import documents as steering_documents
from steering import services as steering_services
from steering.models import CommitteeKind
from steering.tests.test_scorecards import consult
from tests.factories import official

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"
DATE_LINE = re.compile(r"\S.*, ngày \d\d tháng \d\d năm \d{4}")


def render(content: bytes, tmp_path, name: str) -> list[str]:
    """The DOCX as LibreOffice lays it out: the text of each page, lines as printed."""
    if not SOFFICE:
        pytest.fail("Document tests need LibreOffice (apt-get install libreoffice-writer-nogui)")
    source = tmp_path / f"{name}.docx"
    source.write_bytes(content)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / f"{name}.pdf"
    pages = []
    for number in range(1, len(PdfReader(pdf).pages) + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        pages.append(text)
    return pages


def lines(page: str) -> list[str]:
    return [re.sub(r"\s{2,}", "  ", line.strip()) for line in page.splitlines() if line.strip()]


# One of each kind of document, as the platform issues it ---------------------------------------------------


def minutes(place):  # noqa: F811
    matter = yes_no_matter(place)
    matter = services.open_voting(by=place.officer, matter=matter)
    for entry in roll(matter)[:6]:
        ballots.cast_online(code=services.code_of(entry), choices=["yes"], address="203.0.113.9")
    matter = services.close_voting(by=place.officer, matter=matter)
    return decision_documents.minutes_docx(matter), "BIÊN BẢN"


def synthesis(place):  # noqa: F811
    today = timezone.localdate()
    consultation = consultation_services.create_consultation(
        by=place.officer,
        unit=place.commune,
        data=consultation_services.ConsultationInput(
            title="Dự thảo quy hoạch sử dụng đất giai đoạn 2026-2030",
            subject="land_use",
            audience="residents",
            opens_on=today,
            closes_on=today + timedelta(days=20),
        ),
        sections=drafts.sections_from_text("Điều 1. Phạm vi\nToàn xã.\nĐiều 2. Đất giao thông\nMở rộng đường."),
    )
    consultation = consultation_services.publish(by=place.officer, consultation=consultation)
    for i in range(12):
        opinion = consultation_services.give_opinion(
            consultation=consultation,
            text=f"Ý kiến thứ {i} đề nghị mở rộng đường liên thôn và làm rõ diện tích đất giao thông",
            name=f"Người dân {i}",
            phone=f"09120001{i:02d}",
            address=f"10.0.0.{i}",
        )
        group = consultation_services.group_of(by=place.officer, opinion=opinion)
        if group.answer == Answer.PENDING:
            consultation_services.answer_group(
                by=place.officer, group=group, answer=Answer.EXPLAINED, text="Đã có trong quy hoạch tỉnh."
            )
    consultation = consultation_services.close_consultation(by=place.officer, consultation=period_over(consultation))
    return consultation_documents.synthesis_report(consultation), "BÁO CÁO"


def _committee(place):  # noqa: F811
    steering = official("bcd", Role.PROVINCIAL_STEERING, place.province)
    return steering, steering_services.create_committee(
        by=steering,
        unit=place.province,
        kind=CommitteeKind.GRASSROOTS_DEMOCRACY,
        name="Ban Chỉ đạo thực hiện QCDC ở cơ sở tỉnh",
    )


def conference_report(place):  # noqa: F811
    steering, _committee_ = _committee(place)
    today = timezone.localdate()
    consultation = consultation_services.create_consultation(
        by=steering,
        unit=place.province,
        data=consultation_services.ConsultationInput(
            title="Dự thảo báo cáo tổng kết năm",
            subject="report",
            audience="delegates",
            opens_on=today,
            closes_on=today,
        ),
        sections=drafts.sections_from_text("I. Kết quả\nĐã làm.\nII. Phương hướng\nSẽ làm."),
    )
    consultation = consultation_services.publish(by=steering, consultation=consultation)
    consultation = consultation_services.close_consultation(by=steering, consultation=consultation)
    return consultation_documents.synthesis_report(consultation), "BÁO CÁO"


def annual(place):  # noqa: F811
    consult(place.officer, place.commune, answered=2, unanswered=1)
    steering, committee = _committee(place)
    report = steering_services.request_annual_report(
        by=steering,
        committee=committee,
        data=steering_services.ReportInput(
            year=timezone.localdate().year,
            leadership="Ban Chỉ đạo đã ban hành kế hoạch thực hiện.",
            assessment="Nhìn chung các xã thực hiện tốt.",
            directions="Tiếp tục kiểm tra.",
        ),
    )
    content, _figures = annual_report.build(report)
    return content, "BÁO CÁO"


def programme(place):  # noqa: F811
    steering, committee = _committee(place)
    programme = steering_services.create_programme(
        by=steering, committee=committee, year=timezone.localdate().year, title="Chương trình công tác"
    )
    return steering_documents.programme_docx(programme), "CHƯƠNG TRÌNH"


def quarter_register(place):  # noqa: F811
    from disclosures import services as disclosure_services
    from disclosures.models import CatalogueItem, Channel

    today = timezone.localdate()
    for i in range(3):
        disclosure_services.publish_disclosure(
            by=place.officer,
            unit=place.commune,
            data=disclosure_services.DisclosureInput(
                title=f"Danh sách hộ nghèo, hộ cận nghèo năm {today.year} đợt {i + 1}",
                topic="social_support",
                issued_on=today,
                effective_from=today,
                catalogue_item=CatalogueItem.objects.get(code="poor-households"),
                channels=[disclosure_services.ChannelInput(Channel.NOTICE_BOARD, today)],
            ),
        )
    quarter = (today.month - 1) // 3 + 1
    return disclosure_documents.register_docx(place.commune, today.year, quarter), "DANH SÁCH"


def disclosure_plan(place):  # noqa: F811
    return disclosure_documents.plan_docx(place.commune, timezone.localdate().year), "KẾ HOẠCH"


def council_report(place):  # noqa: F811
    quarter_register(place)
    return disclosure_documents.council_report_docx(place.commune, timezone.localdate().year), "BÁO CÁO"


def candidate_minutes(place):  # noqa: F811
    from tests.factories import official
    from village_heads import documents as head_documents
    from village_heads.tests.conftest import prepared

    front = official("mttq-in", Role.FATHERLAND_FRONT, place.commune)
    return head_documents.candidate_minutes_docx(prepared(place, front)), "BIÊN BẢN"


def convention_report(place):  # noqa: F811
    from conventions import documents as convention_documents

    return convention_documents.province_report_docx(place.province, timezone.localdate().year), "BÁO CÁO"


def village_conference_report(place):  # noqa: F811
    from village_conferences import documents as conference_documents
    from village_conferences import services as conferences

    today = timezone.localdate()
    conference = conferences.plan(
        by=place.officer,
        village=place.village,
        held_on=today,
        place="Nhà văn hoá thôn",
        plan_sent_on=today - timedelta(days=10),
        notice_on=today - timedelta(days=6),
        agenda=["Báo cáo kết quả thực hiện dân chủ ở cơ sở năm qua", "Bàn phương hướng năm tới"],
    )
    conferences.record_held(by=place.officer, conference=conference, households_present=8, summary="Thống nhất.")
    return conference_documents.report_docx(conference), "BÁO CÁO"


KINDS = [
    minutes,
    synthesis,
    conference_report,
    annual,
    programme,
    quarter_register,
    disclosure_plan,
    council_report,
    candidate_minutes,
    convention_report,
    village_conference_report,
]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_each_document_keeps_the_decree_30_layout_when_printed(kind, place, tmp_path):  # noqa: F811
    from disclosures.services import seed_catalogue

    seed_catalogue()
    content, doc_type = kind(place)
    pages = render(content, tmp_path, kind.__name__)
    first = lines(pages[0])
    # The national name, the motto and the place-and-date line each on one line of their own.
    assert any(MOTTO in line for line in first), first[:6]
    assert any(MOTTO_LINE in line for line in first), first[:6]
    assert any(DATE_LINE.search(line) for line in first), first[:8]
    assert any(line.strip() == doc_type for line in first), first[:12]
    # No blank page; pages after the first carry their number at the top.
    for number, page in enumerate(pages, 1):
        assert lines(page), f"page {number} of {len(pages)} is blank"
        if number > 1:
            assert lines(page)[0].strip() == str(number), lines(page)[:2]
    assert not re.match(r"^\s*1\s*$", lines(pages[0])[0])
    # The signature block and "Nơi nhận:" together, on one page, with the authority, the title and a name line.
    with_recipients = [p for p in pages if "Nơi nhận:" in p]
    assert len(with_recipients) == 1
    page = lines(with_recipients[0])
    assert "(Ký, ghi rõ họ tên)" in " ".join(page)
    titles = [i for i, line in enumerate(page) if re.search(r"\bTM\. |TRƯỞNG THÔN|ĐẠI DIỆN HỘ", line)]
    assert titles, page
    # …and not alone on its page: the end of the body is printed above it.
    body_above = page[1 if with_recipients[0] is not pages[0] else 0 : titles[0]]
    assert body_above, page
    assert all(not re.fullmatch(r"[A-ZĐÀ-Ỹ .]+", line) for line in body_above[-1:]), body_above[-2:]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_each_document_uses_the_decrees_fonts_and_sizes(kind, place):  # noqa: F811
    from disclosures.services import seed_catalogue

    seed_catalogue()
    content, _doc_type = kind(place)
    document = docx.Document(io.BytesIO(content))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) in range(30, 36) and round(section.right_margin.mm) in range(15, 21)
    assert round(section.top_margin.mm) in range(20, 26) and round(section.bottom_margin.mm) in range(20, 26)
    runs = [
        run
        for paragraphs in [document.paragraphs]
        + [cell.paragraphs for table in document.tables for row in table.rows for cell in row.cells]
        for p in paragraphs
        for run in p.runs
        if run.text.strip()
    ]
    assert {run.font.name for run in runs} == {"Times New Roman"}
    sized = {run.text.strip(): run for run in runs}
    assert sized[MOTTO].bold and sized[MOTTO].font.size.pt in (12, 13)
    assert sized[MOTTO_LINE].bold and sized[MOTTO_LINE].underline and sized[MOTTO_LINE].font.size.pt in (13, 14)
    date_run = next(run for text, run in sized.items() if DATE_LINE.search(text))
    assert date_run.italic and date_run.font.size.pt in (13, 14)
    recipients = sized["Nơi nhận:"]
    assert recipients.bold and recipients.italic and recipients.font.size.pt == 12


def test_printed_addresses_follow_the_port_the_server_was_given():
    import os
    import sys

    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env.update(PORT="8123", DJANGO_SETTINGS_MODULE="grassroots.settings", GRASSROOTS_DEV="1")
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert printed == "http://127.0.0.1:8123"


def test_vietnamese_numbers_use_a_decimal_comma_and_a_thousands_dot():
    from grassroots import documents

    assert documents.number(20000) == "20.000" and documents.number(1234567.891, 2) == "1.234.567,89"
    assert documents.percent(51) == "51,00%" and documents.percent(100 * 2 / 3) == "66,67%"


def test_papers_name_their_place_and_party_committee_by_the_units_kind():
    from types import SimpleNamespace

    from grassroots import documents
    from localities.models import Level

    def unit(name, level=Level.COMMUNE):
        return SimpleNamespace(name=name, level=level)

    assert documents.place_of(unit("Đặc khu Côn Đảo")) == "Côn Đảo"
    assert documents.place_of(unit("Phường Hà Giang 2")) == "Hà Giang 2"
    assert documents.place_of(unit("Thành phố Hà Nội", Level.PROVINCE)) == "Hà Nội"
    assert steering_documents.party_committee_of(unit("Thành phố Hà Nội", Level.PROVINCE)) == "Thành ủy Hà Nội"
    assert steering_documents.party_committee_of(unit("Tỉnh Tuyên Quang", Level.PROVINCE)) == "Tỉnh ủy Tuyên Quang"
    assert documents.in_sentence(unit("Đặc khu Côn Đảo")) == "đặc khu Côn Đảo"
