"""Reminders reach the commune's officials once before a yearly item is due and once when it is overdue."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from accounts.models import Role
from disclosures import services
from disclosures.models import CatalogueItem, Reminder
from disclosures.reminders import send_due_reminders
from disclosures.services import DisclosureInput
from tests.factories import official

# Yearly items that fall due on 31 January in the seeded catalogue.
JANUARY_ITEMS = {"socio-economic-plan", "budget-estimate", "fees-and-charges"}


@pytest.fixture
def clerk(tree):
    user = official("clerk", Role.COMMUNE_OFFICIAL, tree.commune)
    user.email = "clerk@xa.example"
    user.save()
    return user


def test_a_week_before_the_date_officials_are_reminded_once(tree, clerk, django_capture_on_commit_callbacks):
    assert set(CatalogueItem.objects.filter(due_month=1, due_day=31).values_list("code", flat=True)) == JANUARY_ITEMS
    issued = date(2026, 1, 20)
    services.publish_disclosure(
        by=clerk,
        unit=tree.commune,
        data=DisclosureInput(
            title="Dự toán 2026",
            topic="budget",
            issued_on=issued,
            effective_from=issued,
            catalogue_item=CatalogueItem.objects.get(code="budget-estimate"),
        ),
        now=datetime(2026, 1, 21, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    assert send_due_reminders(date(2026, 1, 23)) == 0  # eight days before: too early
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_due_reminders(date(2026, 1, 25))
    # The budget estimate was published; the other two January items were not.
    assert sent == 2
    titles = sorted(clerk.notifications.values_list("title", flat=True))
    assert all(t.startswith("Sắp đến hạn") for t in titles) and len(titles) == 2
    assert len(mail.outbox) == 2 and mail.outbox[0].to == ["clerk@xa.example"]
    # The sibling commune has no official to tell, and nobody is told twice.
    assert send_due_reminders(date(2026, 1, 26)) == 0
    assert set(Reminder.objects.values_list("unit_id", flat=True)) == {tree.commune.pk}


def test_after_the_date_an_overdue_reminder_follows(tree, clerk):
    send_due_reminders(date(2026, 1, 25))
    assert send_due_reminders(date(2026, 2, 1)) == 3
    assert clerk.notifications.filter(title__startswith="Quá hạn").count() == 3
    assert send_due_reminders(date(2026, 2, 2)) == 0
