"""Every field on the main pages has a label a screen reader can read, and the pages fit a phone's width."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from consultations import drafts
from consultations import services as consultation_services
from disclosures import services
from steering import services as steering_services
from tests.browser.test_commune_official import sign_in
from tests.factories import official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map(el => el.name || el.id)"""


def test_fields_are_labelled_and_nothing_overflows_a_phone(page, tree):
    clerk = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    today = timezone.localdate()
    item = services.publish_disclosure(
        by=clerk,
        unit=tree.village,
        data=services.DisclosureInput(
            title="Thông báo về việc huy động đóng góp xây dựng nhà văn hóa thôn Đông năm 2026",
            topic="contributions",
            issued_on=today,
            effective_from=today,
            body="Mức đóng góp bình quân 200 nghìn đồng mỗi hộ.",
        ),
    )
    consultation = consultation_services.create_consultation(
        by=clerk,
        unit=tree.commune,
        data=consultation_services.ConsultationInput(
            title="Dự thảo kế hoạch sử dụng đất năm 2027",
            subject="land_use",
            audience="residents",
            opens_on=today,
            closes_on=today + timedelta(days=20),
        ),
        sections=drafts.sections_from_text("Điều 1. Phạm vi\nToàn xã.\nĐiều 2. Đất giao thông\nMở rộng đường."),
    )
    consultation_services.publish(by=clerk, consultation=consultation)
    opinion = consultation_services.give_opinion(
        consultation=consultation, text="Đề nghị mở rộng đường liên thôn", name="Bình", phone="0912345678", address="1"
    )
    group = consultation_services.group_of(by=clerk, opinion=opinion)
    committee = steering_services.create_committee(
        by=clerk, unit=tree.commune, kind="grassroots_democracy", name="Ban Chỉ đạo QCDC xã Tân Lập"
    )
    steering_services.appoint(
        by=clerk,
        committee=committee,
        data=steering_services.MemberInput("Nguyễn Văn Trưởng", "head", "Đảng ủy xã", today, communes=(tree.commune,)),
    )
    programme = steering_services.create_programme(by=clerk, committee=committee, year=today.year, title="Chương trình")
    task = steering_services.add_task(
        by=clerk, programme=programme, data=steering_services.TaskInput("Kiểm tra công khai ngân sách các thôn")
    )
    criteria = steering_services.create_criteria_set(
        by=clerk, committee=committee, name="Tiêu chí", criteria=["Niêm yết công khai ngân sách"]
    )
    inspection = steering_services.plan_inspection(
        by=clerk,
        committee=committee,
        commune=tree.commune,
        plan="Kế hoạch 05",
        scheduled_on=today,
        team="Đoàn 1",
        criteria_set=criteria,
    )
    steering_services.start_inspection(by=clerk, inspection=inspection)
    sign_in(page, "xa")
    paths = [
        reverse("localities:detail", args=[tree.commune.code]),
        reverse("localities:detail", args=[tree.village.code]),
        reverse("households:list"),
        reverse("households:detail", args=[tree.household.pk]),
        reverse("households:edit", args=[tree.household.pk]),
        reverse("households:resident_create", args=[tree.household.pk]),
        reverse("households:split", args=[tree.household.pk]),
        reverse("households:import"),
        reverse("accounts:security"),
        reverse("disclosures:list"),
        reverse("disclosures:create"),
        reverse("disclosures:detail", args=[item.pk]),
        reverse("disclosures:compliance"),
        reverse("disclosures:catalogue"),
        reverse("portal:unit", args=[tree.province.code]),
        reverse("portal:unit", args=[tree.commune.code]),
        reverse("portal:disclosure", args=[item.pk]),
        reverse("consultations:list"),
        reverse("consultations:create"),
        reverse("consultations:detail", args=[consultation.pk]),
        reverse("consultations:answers", args=[consultation.pk]),
        reverse("consultations:group", args=[consultation.pk, group.pk]),
        reverse("consultations:enter", args=[consultation.pk]),
        reverse("consultations:conference_create", args=[consultation.pk]),
        reverse("opinions:consultation", args=[consultation.pk]),
        reverse("steering:committees"),
        reverse("steering:committee", args=[committee.pk]),
        reverse("steering:programme", args=[programme.pk]),
        reverse("steering:task", args=[task.pk]),
        reverse("steering:inspection", args=[inspection.pk]),
        reverse("steering:criteria_set", args=[committee.pk, criteria.pk]),
        reverse("steering:commune_scorecard", args=[tree.commune.code]),
        reverse("steering:report_create", args=[committee.pk]),
    ]
    for path in paths:
        page.goto(path)
        assert page.evaluate(UNLABELLED) == [], path
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px screen"


def test_the_provinces_compliance_and_dashboard_fit_a_phone(page, tree):
    clerk = official("xa", Role.COMMUNE_OFFICIAL, tree.commune)
    official("tinh", Role.PROVINCIAL_STEERING, tree.province)
    today = timezone.localdate()
    services.publish_disclosure(
        by=clerk,
        unit=tree.commune,
        data=services.DisclosureInput(
            title="Danh sách hộ nghèo", topic="social_support", issued_on=today, effective_from=today
        ),
    )
    sign_in(page, "tinh")
    for path in (reverse("disclosures:compliance"), "/steering/dashboard/", "/quy-dinh/"):
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px screen"
