"""Law 10/2022 Art. 25 and 28 as read (law.md A5): the subjects, at least 20 days from publication, and the
synthesis and answers made public as item 11 of Art. 11 with its posting and radio duties."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from docx import Document

from consultations import drafts, rules, services
from consultations.models import Answer, Opinion, Subject
from consultations.tests.test_services import DRAFT, officer, online  # noqa: F401 (a fixture)
from disclosures import selectors as disclosure_selectors
from disclosures.models import Channel
from disclosures.rules import Compliance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    # The refusal as an official reads it, whichever language an earlier test left active.
    with translation.override("vi"):
        yield


def create(by, unit, days: int, subject="land_use", opens_on=None):
    opens_on = opens_on or date.today()
    return services.create_consultation(
        by=by,
        unit=unit,
        data=services.ConsultationInput(
            title="Dự thảo quy hoạch sử dụng đất",
            subject=subject,
            audience="residents",
            opens_on=opens_on,
            closes_on=opens_on + timedelta(days=days),
        ),
        sections=drafts.sections_from_text(DRAFT),
    )


def test_the_subjects_are_the_nine_items_of_article_25_and_the_conferences_report():
    under_25 = [s for s in Subject.values if s not in rules.NOT_UNDER_ARTICLE_25]
    assert sorted(rules.ARTICLE_25_ITEMS[s] for s in under_25) == list(range(1, 10))
    assert rules.article_of("boundary") == "Luật 10/2022/QH15 Điều 25 khoản 4"


@pytest.mark.parametrize(("days", "refused"), [(15, True), (19, True), (20, False), (45, False)])
def test_a_period_under_twenty_days_from_publication_is_refused_citing_the_article(officer, tree, days, refused):  # noqa: F811
    if not refused:
        assert create(officer, tree.commune, days).pk
        return
    with pytest.raises(ValidationError) as error:
        create(officer, tree.commune, days)
    message = " ".join(error.value.message_dict["closes_on"])
    assert "ít nhất 20 ngày kể từ ngày công khai" in message and "Luật 10/2022/QH15 Điều 28 khoản 2" in message
    assert (date.today() + timedelta(days=20)).strftime("%d/%m/%Y") in message


def test_the_other_reading_counts_the_day_of_publication(officer, tree, settings):  # noqa: F811
    settings.CONSULTATION_COUNTS_PUBLICATION_DAY = True
    assert create(officer, tree.commune, 19).pk
    with pytest.raises(ValidationError):
        create(officer, tree.commune, 18)


def test_published_later_than_planned_the_period_is_counted_from_publication(officer, tree):  # noqa: F811
    consultation = create(officer, tree.commune, 20)
    with pytest.raises(ValidationError, match="ít nhất 20 ngày"):
        services.publish(by=officer, consultation=consultation, today=date.today() + timedelta(days=3))
    assert services.publish(by=officer, consultation=consultation).status == "open"


def test_a_conferences_draft_report_is_not_held_to_article_28(officer, tree):  # noqa: F811
    assert create(officer, tree.commune, 0, subject="report").pk


def test_closing_publishes_the_synthesis_as_item_11_with_its_radio_duty(officer, tree):  # noqa: F811
    consultation = services.publish(by=officer, consultation=create(officer, tree.commune, 20))
    opinion = online(consultation, "Đề nghị mở rộng đường liên thôn lên 7 mét", phone="0912000001")
    services.answer_group(
        by=officer,
        group=services.group_of(by=officer, opinion=Opinion.objects.get(pk=opinion.pk)),
        answer=Answer.ABSORBED,
        section_key="s2",
        revised_text="Mở rộng đường liên thôn Đông - Tây lên 7 mét.",
    )
    closed = services.close_consultation(by=officer, consultation=consultation)
    disclosure = closed.synthesis_disclosure
    assert disclosure is not None and disclosure.unit == tree.commune
    assert disclosure.catalogue_item.item_number == 11 and disclosure.catalogue_item.code == "consultation-results"
    assert disclosure.title == "Kết quả tổng hợp ý kiến, tiếp thu, giải trình: Dự thảo quy hoạch sử dụng đất"
    # The synthesis report is attached and says how the opinion was answered.
    attachment = disclosure.attachments.get()
    report = Document(io.BytesIO(attachment.file.read()))
    cells = " ".join(c.text for t in report.tables for r in t.rows for c in r.cells)
    assert "Đề nghị mở rộng đường liên thôn lên 7 mét" in cells and "Tiếp thu" in cells
    # On the portal from today; the commune radio's 3 days are still owed, and compliance says so.
    assert list(disclosure.channels.values_list("channel", flat=True)) == [Channel.PORTAL]
    assert disclosure.radio_short
    standing = {
        s.item.code: s.status
        for s in disclosure_selectors.commune_compliance(tree.commune, date.today().year, today=date.today())
    }
    assert standing["consultation-results"] == Compliance.RADIO_SHORT


def test_a_villages_consultation_is_published_by_the_village(officer, tree):  # noqa: F811
    consultation = services.publish(by=officer, consultation=create(officer, tree.village, 20))
    closed = services.close_consultation(by=officer, consultation=consultation)
    assert closed.synthesis_disclosure.unit == tree.village


def test_a_conferences_report_is_not_published_as_a_disclosure(officer, tree):  # noqa: F811
    consultation = services.publish(by=officer, consultation=create(officer, tree.commune, 0, subject="report"))
    assert services.close_consultation(by=officer, consultation=consultation).synthesis_disclosure is None
