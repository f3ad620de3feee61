"""Law 10/2022 Art. 11–13 as read (law.md A1): the 14 items, the 5-working-day deadline, 30 days' posting except
items 4 and 13 (permanent), and 3 consecutive days on the commune radio for items 7–12."""

import dataclasses
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import Role
from disclosures import rules, selectors, services
from disclosures.models import CatalogueItem, Channel, Disclosure
from disclosures.rules import Compliance
from disclosures.services import ChannelInput, DisclosureInput
from disclosures.tests.test_publishing import at
from grassroots.working_days import is_working_day
from tests.factories import official


@pytest.fixture
def clerk(tree):
    return official("clerk", Role.COMMUNE_OFFICIAL, tree.commune)


def item(number: int) -> CatalogueItem:
    return CatalogueItem.objects.filter(item_number=number).order_by("code").first()


def publish(clerk, tree, number: int, issued: date, published: date, channels=()) -> Disclosure:
    return services.publish_disclosure(
        by=clerk,
        unit=tree.commune,
        data=DisclosureInput(
            title=f"Thông tin mục {number}",
            topic=item(number).topic,
            issued_on=issued,
            effective_from=issued,
            catalogue_item=item(number),
            channels=list(channels),
        ),
        now=at(published),
    )


def test_the_catalogue_holds_every_item_of_article_11_with_its_duties(db):
    for number in range(1, 15):
        entries = CatalogueItem.objects.filter(item_number=number)
        assert entries.exists(), number
        for entry in entries:
            assert entry.article == f"Luật 10/2022/QH15, Điều 11 khoản {number}"
            assert entry.deadline_working_days == 5  # Art. 12 §3
            assert entry.permanent == (number in (4, 13))  # Art. 13 §2
            assert entry.radio_min_days == (3 if 7 <= number <= 12 else 0)  # Art. 13 §3
            radio = {"loudspeaker", "village_heads"} <= set(entry.required_channels)  # Art. 13 §3, §4
            assert radio == (7 <= number <= 12)
            assert {"notice_board", "portal"} <= set(entry.required_channels)  # Art. 13 §1, §2


@pytest.mark.django_db  # the calendar reads the year's recorded changes (none here)
@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(2023, 7, 1), max_value=date(2030, 12, 31)))
def test_the_deadline_is_the_fifth_working_day_after_the_document(issued):
    due = rules.due_date(issued)
    counted = [issued + timedelta(days=n) for n in range(1, (due - issued).days + 1)]
    assert is_working_day(due)
    assert sum(is_working_day(day) for day in counted) == 5
    assert not rules.is_late(due, due) and rules.is_late(due + timedelta(days=1), due)


def test_a_rule_book_applies_from_its_date_only(monkeypatch):
    later = dataclasses.replace(
        rules.LAW_2023, version="2030-01-01", in_force_from=date(2030, 1, 1), deadline_working_days=7
    )
    monkeypatch.setattr(rules, "BOOKS", [rules.LAW_2023, later])
    assert rules.book_on(date(2029, 12, 31)) is rules.LAW_2023
    assert rules.book_on(date(2030, 1, 1)) is later
    assert rules.valid_until(rules.LAW_2023) == date(2029, 12, 31) and rules.valid_until(later) is None


@pytest.mark.parametrize(
    ("broadcasts", "days"),
    [
        ([], 0),
        ([(date(2026, 3, 2), None)], 1),
        ([(date(2026, 3, 2), date(2026, 3, 3))], 2),
        ([(date(2026, 3, 2), date(2026, 3, 4))], 3),
        ([(date(2026, 3, 2), date(2026, 3, 3)), (date(2026, 3, 5), date(2026, 3, 6))], 2),  # a gap breaks the run
        ([(date(2026, 3, 2), date(2026, 3, 3)), (date(2026, 3, 4), None)], 3),  # two entries that join
    ],
)
def test_radio_days_count_the_longest_consecutive_run(broadcasts, days):
    assert rules.radio_days(broadcasts) == days
    assert rules.radio_short(broadcasts, 3) == (days < 3)


def test_an_item_the_law_puts_on_the_radio_is_judged_on_its_three_days(tree, clerk):
    monday = date(2026, 3, 2)
    broadcast = ChannelInput(Channel.LOUDSPEAKER, monday, monday + timedelta(1))
    short = publish(clerk, tree, 7, monday, monday + timedelta(1), [broadcast])
    assert short.radio_short
    standing = {s.item.pk: s for s in selectors.commune_compliance(tree.commune, 2026, today=date(2026, 3, 20))}
    assert standing[short.catalogue_item_id].status == Compliance.RADIO_SHORT
    # A third consecutive day recorded in the broadcast log meets the duty.
    services.record_channel(
        by=clerk,
        disclosure=short,
        entry=ChannelInput(Channel.LOUDSPEAKER, monday + timedelta(2)),
        now=at(monday + timedelta(2)),
    )
    short.refresh_from_db()
    assert not short.radio_short
    standing = {s.item.pk: s for s in selectors.commune_compliance(tree.commune, 2026, today=date(2026, 3, 20))}
    assert standing[short.catalogue_item_id].status == Compliance.ON_TIME
    rollup = selectors.compute_province_rollup(tree.province, 2026, date(2026, 3, 20))
    assert next(r for r in rollup if r.commune == tree.commune).counts[Compliance.RADIO_SHORT] == 0


def test_an_item_off_the_radio_list_has_no_radio_duty(tree, clerk):
    monday = date(2026, 3, 2)
    d = publish(clerk, tree, 3, monday, monday)
    assert not d.radio_short


def test_a_permanent_item_taken_down_at_all_counts_against_the_commune(tree, clerk):
    monday = date(2026, 3, 2)
    for number, early in ((4, True), (13, True), (3, False)):
        d = publish(clerk, tree, number, monday, monday, [ChannelInput(Channel.NOTICE_BOARD, monday)])
        record = d.channels.get()
        services.end_channel(by=clerk, record=record, ended_on=monday + timedelta(60), now=at(monday + timedelta(61)))
        d.refresh_from_db()
        assert d.taken_down_early == early, number


def test_the_seeded_first_reading_is_brought_to_the_law_and_old_disclosures_judged_again(tree, clerk):
    """The migration's step, run on a database seeded with the first reading: the old 2-day deadline and an item
    without its number are replaced, and a disclosure flagged late under 2 days is on time under 5."""
    from importlib import import_module

    migration = import_module("disclosures.migrations.0005_law_2023_duties")
    budget = CatalogueItem.objects.get(code="budget-estimate")
    CatalogueItem.objects.filter(pk=budget.pk).update(deadline_working_days=2, item_number=None, permanent=False)
    CatalogueItem.objects.filter(code="public-assets").delete()
    d = publish(clerk, tree, 2, date(2026, 1, 5), date(2026, 1, 9))
    Disclosure.objects.filter(pk=d.pk).update(due_on=date(2026, 1, 7), is_late=True)
    migration.apply_the_law(apps, None)
    budget.refresh_from_db()
    d.refresh_from_db()
    assert budget.deadline_working_days == 5 and budget.item_number == 2
    assert CatalogueItem.objects.filter(code="public-assets", item_number=6).exists()
    assert d.due_on == date(2026, 1, 12) and not d.is_late


def test_the_rules_page_shows_the_disclosure_rules_with_their_articles(client):
    page = client.get("/quy-dinh/").content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Quy định đang áp dụng" in title and "<" not in title and page.count("Những nội dung xã phải công khai") == 1
    assert "chậm nhất 5 ngày làm việc" in page and "Luật 10/2022/QH15 Điều 12 khoản 3" in page
    assert "ít nhất 30 ngày liên tục; các khoản 4, 13 Điều 11 niêm yết thường xuyên" in page
    assert "Các khoản 7, 8, 9, 10, 11, 12 Điều 11" in page and "ít nhất 3 ngày liên tục" in page
    assert "Hằng quý, danh sách các nội dung đã công khai" in page
    assert "Những nội dung phải công khai" in page and '<li value="14">' in page
    assert "Thủ tục hành chính do xã trực tiếp thực hiện" in page


def test_the_quarterly_register_lists_what_was_disclosed_with_its_channels_and_dates(client, tree, clerk):
    """Art. 13 §2: the quarter's list, itself a document to post; another commune's and another quarter's
    disclosures are not on it, a withdrawn one is marked, a village's names its village."""
    import io

    from docx import Document

    from disclosures.tests.test_pages import signed_in

    jan = date(2026, 1, 5)
    publish(clerk, tree, 7, jan, jan + timedelta(2), [ChannelInput(Channel.LOUDSPEAKER, jan, jan + timedelta(2))])
    withdrawn = publish(clerk, tree, 3, jan, jan, [ChannelInput(Channel.NOTICE_BOARD, jan)])
    services.withdraw_disclosure(by=clerk, disclosure=withdrawn, reason="Ban hành nhầm", now=at(date(2026, 2, 2)))
    services.publish_disclosure(
        by=clerk,
        unit=tree.village,
        data=DisclosureInput(
            title="Danh sách hộ được hỗ trợ sửa nhà", topic="social_support", issued_on=jan, effective_from=jan
        ),
        now=at(date(2026, 3, 31), hour=23),
    )
    publish(clerk, tree, 2, date(2026, 4, 1), date(2026, 4, 1))  # the second quarter
    other = official("other", Role.COMMUNE_OFFICIAL, tree.sibling)
    services.publish_disclosure(
        by=other,
        unit=tree.sibling,
        data=DisclosureInput(title="Thông tin của xã khác", topic="budget", issued_on=jan, effective_from=jan),
        now=at(jan),
    )

    signed_in(client, clerk, tree.commune)
    page = client.get("/disclosures/compliance/?year=2026").content.decode()
    assert "Danh sách các nội dung đã công khai theo quý" in page and "3 nội dung đã công khai" in page
    response = client.get("/disclosures/compliance/register.docx?year=2026&quarter=1")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "quý I năm 2026" in text and "từ ngày 01/01/2026 đến ngày 31/03/2026" in text
    table = document.tables[-2]  # the last is the signature block
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0][:2] == ["STT", "Nội dung công khai"]
    titles = [row[1] for row in cells[1:]]
    assert titles[0] == "Thông tin mục 3 — đã thu hồi ngày 02/02/2026" and titles[1] == "Thông tin mục 7"
    assert titles[2] == f"Danh sách hộ được hỗ trợ sửa nhà ({tree.village.name})"
    assert len(titles) == 3
    assert cells[1][3] == "Niêm yết: 05/01/2026 – 02/02/2026"  # taken down with the withdrawal
    assert "Hệ thống truyền thanh: 05/01/2026 – 07/01/2026" in cells[2][3]
    assert cells[2][2] == "Luật 10/2022/QH15, Điều 11 khoản 7"
    # A village official gets the commune's register; an official of another commune cannot ask for it.
    head = official("head", Role.VILLAGE_HEAD, tree.village)
    assert (
        signed_in(client, head, tree.village)
        .get("/disclosures/compliance/register.docx?year=2026&quarter=1")["Content-Disposition"]
        .endswith(f'{tree.commune.code}-2026-q1.docx"')
    )
    assert client.get("/disclosures/compliance/register.docx?year=2026&quarter=9").status_code == 404
    assert client.get("/disclosures/compliance/register.docx?year=1999&quarter=1").status_code == 404
    signed_in(client, other, tree.sibling)
    sibling = client.get("/disclosures/compliance/register.docx?year=2026&quarter=1")
    assert "Thông tin mục 7" not in "\n".join(
        c.text for t in Document(io.BytesIO(sibling.content)).tables for r in t.rows for c in r.cells
    )


def test_the_plan_and_the_council_report_come_from_the_catalogue_and_the_compliance(client, tree, clerk):
    """Art. 14 §1: the plan names each item's form, time and period; §3: the report to the People's Council says
    how each item stood in the year, as the compliance page does."""
    import io

    from docx import Document

    from disclosures.tests.test_pages import signed_in

    monday = date(2026, 3, 2)
    publish(
        clerk,
        tree,
        7,
        monday,
        monday + timedelta(1),
        [ChannelInput(Channel.LOUDSPEAKER, monday, monday + timedelta(1))],
    )
    signed_in(client, clerk, tree.commune)
    plan = Document(io.BytesIO(client.get("/disclosures/compliance/plan.docx?year=2026").content))
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in plan.tables[1].rows[1:]}
    poor = next(v for k, v in rows.items() if "Luật 10/2022/QH15, Điều 11 khoản 7" in k)
    assert "Hệ thống truyền thanh" in poor[2] and "Thông qua Trưởng thôn" in poor[2]
    assert poor[3].startswith("Chậm nhất 5 ngày làm việc") and "ít nhất 03 ngày liên tục" in poor[4]
    rights = next(v for k, v in rows.items() if "Điều 11 khoản 4" in k)
    assert rights[4] == "Niêm yết thường xuyên, cập nhật khi thay đổi"
    report = Document(io.BytesIO(client.get("/disclosures/compliance/council-report.docx?year=2026").content))
    text = " ".join(p.text for p in report.paragraphs)
    assert "khoản 3 Điều 14" in text and "gửi Ủy ban Mặt trận Tổ quốc Việt Nam xã" in text
    standing = {r.cells[1].text: r.cells[4].text for r in report.tables[1].rows[1:]}
    assert standing[item(7).title] == "Chưa phát đủ ngày trên hệ thống truyền thanh"
    assert "Chưa công khai" in standing.values()
    other = official("other", Role.COMMUNE_OFFICIAL, tree.sibling)
    signed_in(client, other, tree.sibling)
    theirs = Document(io.BytesIO(client.get("/disclosures/compliance/council-report.docx?year=2026").content))
    assert "Chưa phát đủ ngày" not in " ".join(c.text for r in theirs.tables[1].rows for c in r.cells)


def test_a_radio_duty_is_judged_once_its_days_could_have_been_run(tree, clerk):
    monday = date(2026, 3, 2)
    d = publish(clerk, tree, 8, monday, monday, [ChannelInput(Channel.LOUDSPEAKER, monday)])
    assert d.radio_short and d.due_on == date(2026, 3, 9)

    def standing(today):
        rows = selectors.commune_compliance(tree.commune, 2026, today=today)
        rollup = selectors.compute_province_rollup(tree.province, 2026, today)
        counts = next(r for r in rollup if r.commune == tree.commune).counts
        return next(s.status for s in rows if s.item.pk == d.catalogue_item_id), counts[Compliance.RADIO_SHORT]

    assert standing(date(2026, 3, 11)) == (Compliance.ON_TIME, 0)  # broadcasts from the 9th could still make 3
    assert standing(date(2026, 3, 12)) == (Compliance.RADIO_SHORT, 1)


def test_a_take_down_on_record_cannot_be_moved_later(tree, clerk):
    monday = date(2026, 3, 2)
    d = publish(clerk, tree, 3, monday, monday, [ChannelInput(Channel.NOTICE_BOARD, monday)])
    record = d.channels.get()
    services.end_channel(by=clerk, record=record, ended_on=monday + timedelta(9), now=at(monday + timedelta(10)))
    d.refresh_from_db()
    assert d.taken_down_early
    record.refresh_from_db()
    with translation.override("vi"), pytest.raises(ValidationError, match="đã kết thúc ngày 11/03/2026"):
        services.end_channel(by=clerk, record=record, ended_on=monday + timedelta(40), now=at(monday + timedelta(41)))
    d.refresh_from_db()
    assert d.taken_down_early and d.channels.get().ended_on == monday + timedelta(9)


def test_a_yearly_date_before_the_document_does_not_make_it_late(tree, clerk):
    # Item 2's yearly date is 31 January: a budget estimate adjusted in December has the law's 5 working days.
    d = publish(clerk, tree, 2, date(2026, 12, 1), date(2026, 12, 3))
    assert d.due_on == date(2026, 12, 8) and not d.is_late


def test_timeliness_counts_from_the_first_channel_that_made_it_public(tree, clerk):
    # Posted on the board on the document's day, entered on the platform a fortnight later: disclosed on time.
    monday = date(2026, 3, 2)
    d = publish(clerk, tree, 3, monday, monday + timedelta(14), [ChannelInput(Channel.NOTICE_BOARD, monday)])
    assert not d.is_late
    late = publish(clerk, tree, 3, monday, monday + timedelta(14))
    assert late.is_late


def test_a_villages_own_notice_does_not_meet_the_communes_duty(tree, clerk):
    head = official("head", Role.VILLAGE_HEAD, tree.village)
    monday = date(2026, 3, 2)
    services.publish_disclosure(
        by=head,
        unit=tree.village,
        data=DisclosureInput(
            title="Kế hoạch của thôn",
            topic="planning",
            issued_on=monday,
            effective_from=monday,
            catalogue_item=item(1),
        ),
        now=at(monday),
    )
    standing = {s.item.pk: s.status for s in selectors.commune_compliance(tree.commune, 2026, today=date(2026, 3, 20))}
    assert standing[item(1).pk] == Compliance.MISSING


@pytest.mark.parametrize(
    "change",
    [
        {"due_month": 2, "due_day": 31, "recurrence": "annual"},
        {"deadline_working_days": 0},
        {"min_posting_days": 0},
        {"radio_min_days": 400},
        {"item_number": 15},
    ],
)
def test_the_catalogue_refuses_values_no_law_could_set(tree, change):
    admin = official("padmin", Role.SYSTEM_ADMIN, tree.province)
    entry = item(10)
    with pytest.raises(ValidationError):
        services.update_catalogue_item(by=admin, item=entry, reason="Thử", **change)
    entry.refresh_from_db()
    assert entry.version == 1


def test_a_catalogue_edit_applies_to_what_is_published_from_then_on(tree, clerk):
    """Rules as dated data: a disclosure keeps the duties it was published under; a correction of it too."""
    admin = official("padmin", Role.SYSTEM_ADMIN, tree.province)
    monday = date(2026, 3, 2)
    three_days = [ChannelInput(Channel.LOUDSPEAKER, monday, monday + timedelta(2))]
    before = publish(clerk, tree, 10, monday, monday + timedelta(2), three_days)
    assert not before.radio_short and before.radio_min_days == 3
    services.update_catalogue_item(by=admin, item=item(10), reason="Nghị định mới", radio_min_days=5)
    services.record_channel(
        by=clerk, disclosure=before, entry=ChannelInput(Channel.NOTICE_BOARD, monday), now=at(monday + timedelta(3))
    )
    before.refresh_from_db()
    assert not before.radio_short and before.radio_min_days == 3  # judged by the rule it was published under
    corrected = services.correct_disclosure(
        by=clerk,
        disclosure=before,
        data=DisclosureInput(
            title="Thông tin mục 10 (đính chính)",
            topic=item(10).topic,
            issued_on=monday,
            effective_from=monday,
            catalogue_item=item(10),
        ),
        note="Sửa tiêu đề",
        now=at(monday + timedelta(4)),
    )
    assert corrected.radio_min_days == 3 and not corrected.radio_short
    after = publish(
        clerk,
        tree,
        10,
        monday + timedelta(7),
        monday + timedelta(9),
        [ChannelInput(Channel.LOUDSPEAKER, monday + timedelta(7), monday + timedelta(9))],
    )
    assert after.radio_min_days == 5 and after.radio_short


def test_a_correction_cannot_move_a_late_disclosure_back_in_time(tree, clerk):
    monday = date(2026, 3, 2)
    late = publish(clerk, tree, 3, monday, monday + timedelta(20))
    assert late.is_late
    corrected = services.correct_disclosure(
        by=clerk,
        disclosure=late,
        data=DisclosureInput(
            title="Thông tin mục 3",
            topic=item(3).topic,
            issued_on=monday + timedelta(19),  # the document date "corrected" to just before publication
            effective_from=monday + timedelta(19),
            catalogue_item=item(3),
        ),
        note="Sửa ngày văn bản",
        now=at(monday + timedelta(21)),
    )
    assert corrected.due_on == late.due_on and corrected.is_late


def test_papers_name_a_ward_as_a_ward_and_refuse_years_without_the_law(client, tree, clerk):
    import io

    from docx import Document

    from disclosures import documents as papers
    from disclosures.tests.test_pages import signed_in

    tree.commune.name = "Phường Hà Giang 2"
    tree.commune.save()
    report = Document(io.BytesIO(papers.council_report_docx(tree.commune, 2026)))
    text = " ".join(p.text for p in report.paragraphs) + " ".join(
        c.text for t in report.tables for r in t.rows for c in r.cells
    )
    assert "Ủy ban nhân dân phường Hà Giang 2 báo cáo Hội đồng nhân dân phường" in text
    assert "Hội đồng nhân dân xã" not in text
    signed_in(client, clerk, tree.commune)
    for bad in ("0", "1999", "99999", "abc"):
        assert client.get(f"/disclosures/compliance/plan.docx?year={bad}").status_code == 404
        assert client.get(f"/disclosures/compliance/council-report.docx?year={bad}").status_code == 404
