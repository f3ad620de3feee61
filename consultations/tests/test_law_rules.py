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
from consultations.tests.test_services import DRAFT, officer, online, period_over  # noqa: F401 (a fixture)
from disclosures import selectors as disclosure_selectors
from disclosures.models import Channel
from disclosures.rules import Compliance

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    # The refusal as an official reads it, whichever language an earlier test left active.
    with translation.override("vi"):
        yield


def create(by, unit, days: int, subject="land_use", opens_on=None, audience="residents"):
    opens_on = opens_on or date.today()
    return services.create_consultation(
        by=by,
        unit=unit,
        data=services.ConsultationInput(
            title="Dự thảo quy hoạch sử dụng đất",
            subject=subject,
            audience=audience,
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
    assert create(officer, tree.commune, 0, subject="report", audience="delegates").pk
    # …but residents asked on it are consulted all the same, under Art. 25 to 28.
    with pytest.raises(ValidationError) as error:
        create(officer, tree.commune, 0, subject="report")
    assert "đại biểu" in " ".join(error.value.message_dict["subject"])


def test_closing_publishes_the_synthesis_as_item_11_with_its_radio_duty(officer, tree):  # noqa: F811
    consultation = services.publish(by=officer, consultation=create(officer, tree.commune, 20))
    # Opening it makes its plan and content public as item 11 too.
    plan = consultation.plan_disclosure
    assert plan.catalogue_item.item_number == 11 and plan.unit == tree.commune
    assert plan.title == "Kế hoạch lấy ý kiến Nhân dân, nội dung lấy ý kiến: Dự thảo quy hoạch sử dụng đất"
    assert consultation.opens_on.strftime("%d/%m/%Y") in plan.body and plan.radio_short
    opinion = online(consultation, "Đề nghị mở rộng đường liên thôn lên 7 mét", phone="0912000001")
    services.answer_group(
        by=officer,
        group=services.group_of(by=officer, opinion=Opinion.objects.get(pk=opinion.pk)),
        answer=Answer.ABSORBED,
        section_key="s2",
        revised_text="Mở rộng đường liên thôn Đông - Tây lên 7 mét.",
    )
    closed = services.close_consultation(by=officer, consultation=period_over(consultation))
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

    def standing(on):
        return {
            s.item.code: s.status
            for s in disclosure_selectors.commune_compliance(tree.commune, disclosure.issued_on.year, today=on)
        }["consultation-results"]

    # Not judged while its days can still be run; judged short once they could have been.
    assert standing(disclosure.issued_on) == Compliance.ON_TIME
    assert standing(disclosure.due_on + timedelta(days=3)) == Compliance.RADIO_SHORT


def test_a_villages_consultation_is_published_by_the_village(officer, tree):  # noqa: F811
    consultation = services.publish(by=officer, consultation=create(officer, tree.village, 20))
    closed = services.close_consultation(by=officer, consultation=period_over(consultation))
    assert closed.synthesis_disclosure.unit == tree.village


def test_a_conferences_report_is_not_published_as_a_disclosure(officer, tree):  # noqa: F811
    consultation = services.publish(
        by=officer, consultation=create(officer, tree.commune, 0, subject="report", audience="delegates")
    )
    assert services.close_consultation(by=officer, consultation=consultation).synthesis_disclosure is None


def test_nobody_ends_the_period_early_by_stopping_or_closing_it(officer, tree):  # noqa: F811
    """Art. 28 §2: the residents' whole period; a conference's delegates are not held to it."""
    consultation = services.publish(by=officer, consultation=create(officer, tree.commune, 20))
    for end in (services.stop_taking_opinions, services.close_consultation):
        with pytest.raises(ValidationError) as error:
            end(by=officer, consultation=consultation)
        message = " ".join(error.value.messages)
        assert "Luật 10/2022/QH15 Điều 28 khoản 2" in message
        assert consultation.closes_on.strftime("%d/%m/%Y") in message
    # On the last day it is still open; the day after, it may be stopped and closed.
    last = consultation.closes_on
    with pytest.raises(ValidationError):
        services.close_consultation(by=officer, consultation=consultation, today=last)
    assert services.stop_taking_opinions(by=officer, consultation=consultation, today=last + timedelta(1)).pk
    assert services.close_consultation(by=officer, consultation=consultation, today=last + timedelta(1)).pk


def test_a_draft_whose_dates_passed_gets_a_new_period_and_is_published(client, officer, tree):  # noqa: F811
    consultation = create(officer, tree.commune, 20)
    from consultations.models import Consultation

    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=date.today() - timedelta(days=30), closes_on=date.today() - timedelta(days=5)
    )
    client.force_login(officer)
    short = {"opens_on": date.today().isoformat(), "closes_on": (date.today() + timedelta(days=10)).isoformat()}
    page = client.post(f"/consultations/{consultation.pk}/period/", short, follow=True).content.decode()
    assert "Điều 28 khoản 2" in page
    lawful = {"opens_on": date.today().isoformat(), "closes_on": (date.today() + timedelta(days=20)).isoformat()}
    client.post(f"/consultations/{consultation.pk}/period/", lawful)
    consultation.refresh_from_db()
    assert consultation.closes_on == date.today() + timedelta(days=20)
    assert services.publish(by=officer, consultation=consultation).status == "open"
    with pytest.raises(ValidationError):
        services.change_period(
            by=officer, consultation=consultation, opens_on=date.today(), closes_on=date.today() + timedelta(40)
        )
    # An official of another commune cannot touch it.
    from tests.factories import official

    client.force_login(official("khac", "commune_official", tree.sibling))
    assert client.post(f"/consultations/{consultation.pk}/period/", lawful).status_code == 404


def test_the_api_refuses_a_subject_or_audience_not_on_the_list(client, officer, tree):  # noqa: F811
    from decisions.tests.test_api import bearer

    for field in ("subject", "audience"):
        payload = {
            "unit_code": tree.commune.code,
            "title": "Dự thảo quy hoạch",
            "subject": "land_use",
            "audience": "residents",
            "opens_on": date.today().isoformat(),
            "closes_on": (date.today() + timedelta(days=20)).isoformat(),
            "draft_text": DRAFT,
            field: "bogus",
        }
        response = client.post("/api/consultations", payload, content_type="application/json", **bearer(officer))
        assert response.status_code == 422, response.content


def test_a_village_head_cannot_rewrite_what_a_consultation_made_public(client, officer, tree):  # noqa: F811
    from decisions.tests.test_api import bearer
    from tests.factories import official

    consultation = services.publish(by=officer, consultation=create(officer, tree.village, 20))
    closed = services.close_consultation(by=officer, consultation=period_over(consultation))
    head = official("thon", "village_head", tree.village)
    for disclosure in (closed.plan_disclosure, closed.synthesis_disclosure):
        refused = client.post(
            f"/api/disclosures/{disclosure.pk}/withdrawal",
            {"reason": "Không cần nữa"},
            content_type="application/json",
            **bearer(head),
        )
        assert refused.status_code == 403, refused.content
        client.force_login(head)
        assert client.get(f"/disclosures/{disclosure.pk}/correct/").status_code == 403
    # A village's own notice stays the village head's to correct.
    from disclosures import services as disclosure_services

    own = disclosure_services.publish_disclosure(
        by=head,
        unit=tree.village,
        data=disclosure_services.DisclosureInput(
            title="Lịch họp thôn", topic="other", issued_on=date.today(), effective_from=date.today()
        ),
    )
    assert client.get(f"/disclosures/{own.pk}/correct/").status_code == 200
    # The commune official who ran it still may.
    client.force_login(officer)
    assert client.get(f"/disclosures/{closed.synthesis_disclosure.pk}/correct/").status_code == 200
