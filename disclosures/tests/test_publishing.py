"""Publishing, correcting and withdrawing disclosures, and what gets refused."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from disclosures import services
from disclosures.models import CatalogueItem, Channel, Disclosure, Status
from disclosures.selectors import PortalFilter, matching_ids
from disclosures.services import ChannelInput, DisclosureInput
from tests.factories import docx_bytes, official, pdf_bytes, png_bytes, upload

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: date, hour=9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@pytest.fixture
def clerk(tree):
    return official("clerk", Role.COMMUNE_OFFICIAL, tree.commune)


def budget_item():
    return CatalogueItem.objects.get(code="budget-estimate")


def data(**overrides) -> DisclosureInput:
    values = {
        "title": "Dự toán ngân sách xã năm 2026",
        "topic": "budget",
        "issued_on": date(2026, 1, 5),
        "effective_from": date(2026, 1, 5),
        "body": "Tổng thu ngân sách 12 tỷ đồng.",
        "catalogue_item": budget_item(),
    }
    values.update(overrides)
    return DisclosureInput(**values)


def test_catalogue_is_seeded_from_the_law(db):
    item = budget_item()
    assert item.article.startswith("Luật 10/2022/QH15, Điều 11")
    assert item.min_posting_days == 30 and item.recurrence == "annual"
    assert set(CatalogueItem.objects.values_list("item_number", flat=True)) == set(range(1, 15))


def test_published_on_the_fifth_working_day_is_on_time(tree, clerk):
    # Law 10/2022 Art. 12 §3: issued Monday 5 Jan 2026, five working days later is Monday 12 Jan.
    d = services.publish_disclosure(by=clerk, unit=tree.commune, data=data(), now=at(date(2026, 1, 12)))
    assert d.due_on == date(2026, 1, 12)
    assert not d.is_late
    assert d.series_id == d.pk and d.version == 1
    assert d.province == tree.province and d.commune == tree.commune and d.village is None


def test_published_on_the_sixth_working_day_is_late(tree, clerk):
    d = services.publish_disclosure(by=clerk, unit=tree.commune, data=data(), now=at(date(2026, 1, 13)))
    assert d.is_late


def test_tet_holidays_do_not_count_as_working_days(tree, clerk):
    # Issued Friday 13 Feb 2026; 16-20 Feb is Tết, so the fifth working day is Friday 27 Feb.
    item = CatalogueItem.objects.get(code="investment-projects")
    d = services.publish_disclosure(
        by=clerk,
        unit=tree.commune,
        data=data(issued_on=date(2026, 2, 13), effective_from=date(2026, 2, 13), catalogue_item=item),
        now=at(date(2026, 2, 27)),
    )
    assert d.due_on == date(2026, 2, 27) and not d.is_late


def test_history_records_who_published(tree, clerk):
    d = services.publish_disclosure(by=clerk, unit=tree.commune, data=data(), now=at(date(2026, 1, 6)))
    record = d.history.get()
    assert record.history_user == clerk and record.history_type == "+"


def test_correction_supersedes_the_old_version_and_keeps_it(tree, clerk):
    first = services.publish_disclosure(
        by=clerk,
        unit=tree.commune,
        data=data(files=[upload("du-toan.pdf", pdf_bytes("Dự toán thu chi"))]),
        now=at(date(2026, 1, 6)),
    )
    second = services.correct_disclosure(
        by=clerk,
        disclosure=first,
        data=data(title="Dự toán ngân sách xã năm 2026 (sửa số liệu)"),
        note="Sửa tổng thu từ 12 tỷ thành 13 tỷ.",
        now=at(date(2026, 1, 9)),
    )
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED and second.status == Status.PUBLISHED
    assert second.series_id == first.pk and second.version == 2
    # Timeliness is judged on the first publication, not on the correction three days later.
    assert second.first_published_at == first.first_published_at and not second.is_late
    assert second.attachments.count() == 1
    with pytest.raises(ValidationError):
        services.correct_disclosure(by=clerk, disclosure=first, data=data(), note="again")


def test_withdrawal_needs_a_reason_and_is_kept_in_history(tree, clerk):
    d = services.publish_disclosure(by=clerk, unit=tree.commune, data=data(), now=at(date(2026, 1, 6)))
    with pytest.raises(ValidationError):
        services.withdraw_disclosure(by=clerk, disclosure=d, reason=" ")
    services.withdraw_disclosure(by=clerk, disclosure=d, reason="Đăng nhầm đơn vị", now=at(date(2026, 1, 10)))
    d.refresh_from_db()
    assert d.status == Status.WITHDRAWN
    latest = d.history.first()
    assert latest.history_change_reason == "Đăng nhầm đơn vị" and latest.history_user == clerk
    # Withdrawn four days after publishing: the 30-day posting period was cut short.
    assert d.taken_down_early


def test_notice_taken_down_before_thirty_days_is_flagged(tree, clerk):
    d = services.publish_disclosure(
        by=clerk,
        unit=tree.commune,
        data=data(channels=[ChannelInput(Channel.NOTICE_BOARD, date(2026, 1, 6))]),
        now=at(date(2026, 1, 6)),
    )
    services.end_channel(by=clerk, record=d.channels.get(), ended_on=date(2026, 2, 4), now=at(date(2026, 3, 1)))
    d.refresh_from_db()
    assert d.taken_down_early  # 29 days
    other = services.publish_disclosure(
        by=clerk,
        unit=tree.commune,
        data=data(channels=[ChannelInput(Channel.NOTICE_BOARD, date(2026, 1, 6))]),
        now=at(date(2026, 1, 6)),
    )
    services.end_channel(by=clerk, record=other.channels.get(), ended_on=date(2026, 2, 5), now=at(date(2026, 3, 1)))
    other.refresh_from_db()
    assert not other.taken_down_early  # 30 days


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("trang.html", b"<html><script>alert(1)</script></html>", "only"),
        ("gia-pdf.pdf", b"<html>not a pdf</html>", "not a readable PDF"),
        ("anh.png", b"GIF89a....", "not a readable"),
        ("macro.docx", None, "macros"),
    ],
)
def test_wrong_files_are_refused_and_nothing_is_written(tree, clerk, settings, name, content, message):
    settings.LANGUAGE_CODE = "en"
    if content is None:
        import io
        import zipfile

        buffer = io.BytesIO(docx_bytes("x"))
        with zipfile.ZipFile(buffer, "a") as archive:
            archive.writestr("word/vbaProject.bin", b"macro")
        content = buffer.getvalue()
    with pytest.raises(ValidationError) as error:
        services.publish_disclosure(by=clerk, unit=tree.commune, data=data(files=[upload(name, content)]))
    assert message in " ".join(error.value.messages)
    assert not Disclosure.objects.exists()


def test_oversized_file_is_refused(tree, clerk, settings):
    settings.DISCLOSURE_MAX_FILE_MB = 1
    big = pdf_bytes("x") + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError, match="MB"):
        services.publish_disclosure(by=clerk, unit=tree.commune, data=data(files=[upload("lon.pdf", big)]))
    assert not Disclosure.objects.exists()


def test_html_and_dates_out_of_order_are_refused(tree, clerk):
    with pytest.raises(ValidationError) as error:
        services.publish_disclosure(by=clerk, unit=tree.commune, data=data(title="<b>Dự toán</b>"))
    assert "title" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.publish_disclosure(by=clerk, unit=tree.commune, data=data(effective_until=date(2025, 12, 31)))
    assert "effective_until" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.publish_disclosure(
            by=clerk,
            unit=tree.commune,
            data=data(channels=[ChannelInput(Channel.NOTICE_BOARD, date(2026, 1, 10), date(2026, 1, 8))]),
            now=at(date(2026, 1, 20)),
        )
    assert not Disclosure.objects.exists()


def test_words_inside_a_pdf_and_a_docx_are_searchable_without_diacritics(
    tree, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        d = services.publish_disclosure(
            by=clerk,
            unit=tree.village,
            data=data(
                title="Thông báo công trình",
                body="",
                files=[
                    upload("kenh.pdf", pdf_bytes("Nạo vét kênh mương nội đồng thôn Đông")),
                    upload("ke-hoach.docx", docx_bytes("Bê tông hóa đường giao thông")),
                    upload("anh.png", png_bytes()),
                ],
            ),
        )

    def found(query, unit):
        return matching_ids(unit, PortalFilter(query=query), offset=0, limit=10)

    assert found("kenh muong", tree.commune) == [d.pk]
    assert found("nao vet", tree.province) == [d.pk]
    assert found("duong giao thong", tree.village) == [d.pk]
    assert found("nao ve", tree.commune) == []  # words match whole, not as prefixes
    assert found("kenh muong", tree.sibling) == []  # another commune's portal
    assert found("cau treo", tree.commune) == []


def test_superseded_and_withdrawn_versions_leave_the_search(tree, clerk):
    d = services.publish_disclosure(by=clerk, unit=tree.commune, data=data(title="Thu phí chợ"))
    new = services.correct_disclosure(by=clerk, disclosure=d, data=data(title="Thu phí chợ phiên"), note="Tên")
    assert matching_ids(tree.commune, PortalFilter(query="thu phi cho"), offset=0, limit=5) == [new.pk]
    services.withdraw_disclosure(by=clerk, disclosure=new, reason="Bãi bỏ khoản thu")
    assert matching_ids(tree.commune, PortalFilter(query="thu phi cho"), offset=0, limit=5) == []


def test_search_filters_by_topic_and_period(tree, clerk):
    jan = services.publish_disclosure(by=clerk, unit=tree.commune, data=data(), now=at(date(2026, 1, 6)))
    march = services.publish_disclosure(
        by=clerk,
        unit=tree.commune,
        data=data(
            title="Dự toán thu quỹ",
            topic="contributions",
            catalogue_item=None,
            issued_on=date(2026, 3, 2),
            effective_from=date(2026, 3, 2),
        ),
        now=at(date(2026, 3, 3)),
    )
    assert matching_ids(tree.commune, PortalFilter(query="du toan"), offset=0, limit=5) == [march.pk, jan.pk]
    assert matching_ids(tree.commune, PortalFilter(query="du toan", topic="budget"), offset=0, limit=5) == [jan.pk]
    assert matching_ids(tree.commune, PortalFilter(query="du toan", year=2026, month=3), offset=0, limit=5) == [
        march.pk
    ]
    assert matching_ids(tree.commune, PortalFilter(query="du toan", year=2025), offset=0, limit=5) == []
    assert timedelta(0) < march.published_at - jan.published_at
