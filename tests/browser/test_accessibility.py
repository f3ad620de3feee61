"""Every field on the main pages has a label a screen reader can read, and the pages fit a phone's width."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from disclosures import services
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
    ]
    for path in paths:
        page.goto(path)
        assert page.evaluate(UNLABELLED) == [], path
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px screen"
