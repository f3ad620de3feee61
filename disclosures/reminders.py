"""Who is told what, and when: reminders before and after a yearly item's date, and residents' reports."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Role, RoleAssignment, User
from disclosures import rules
from disclosures.models import (
    CatalogueItem,
    Disclosure,
    Question,
    QuestionKind,
    Recurrence,
    Reminder,
    ReminderKind,
    Status,
)
from localities.models import AdministrativeUnit, Level
from notifications.services import notify

# The officials responsible for a commune's disclosures.
RESPONSIBLE_ROLES = (Role.COMMUNE_OFFICIAL,)


def responsible_officials(unit: AdministrativeUnit) -> list[User]:
    """Commune officials of the unit's commune (and village heads of a village for a village's items)."""
    commune_path = "/".join(unit.path.split("/")[:3]) + "/"
    roles = list(RESPONSIBLE_ROLES) + ([Role.VILLAGE_HEAD] if unit.level == Level.VILLAGE else [])
    user_ids = RoleAssignment.objects.filter(role__in=roles, unit__path__in=[commune_path, unit.path]).values_list(
        "user_id", flat=True
    )
    return list(User.objects.filter(pk__in=user_ids, is_active=True))


def send_due_reminders(today) -> int:
    """One reminder per (commune, item, year, kind), however often this runs. Returns notifications sent."""
    items = [i for i in CatalogueItem.objects.filter(is_active=True, recurrence=Recurrence.ANNUAL, level=Level.COMMUNE)]
    sent = 0
    due_items = []
    for item in items:
        due = rules.yearly_due(today.year, item.due_month, item.due_day)
        kind = rules.reminder_due(due=due, today=today) if due else None
        if kind:
            due_items.append((item, due, kind))
    if not due_items:
        return 0
    communes_with_officials = AdministrativeUnit.objects.filter(
        level=Level.COMMUNE, is_active=True, role_assignments__role__in=RESPONSIBLE_ROLES
    ).distinct()
    for item, due, kind in due_items:
        done = set(
            Disclosure.objects.filter(catalogue_item=item, issued_on__year=today.year)
            .exclude(status=Status.SUPERSEDED)
            .values_list("commune_id", flat=True)
        )
        already = set(
            Reminder.objects.filter(catalogue_item=item, year=today.year, kind=kind).values_list("unit_id", flat=True)
        )
        for commune in communes_with_officials:
            if commune.pk in done or commune.pk in already:
                continue
            sent += _remind(commune, item, due, kind, today.year)
    return sent


def _remind(commune, item, due, kind, year) -> int:
    officials = responsible_officials(commune)
    try:
        with transaction.atomic():
            Reminder.objects.create(unit=commune, catalogue_item=item, year=year, kind=kind, recipients=len(officials))
            with override("vi"):
                if kind == ReminderKind.OVERDUE:
                    title = _("Overdue: %(item)s (due %(due)s)")
                else:
                    title = _("Due soon: %(item)s (due %(due)s)")
                title = title % {"item": item.title, "due": due.strftime("%d/%m/%Y")}
                body = _("%(commune)s has not yet published this mandated item for %(year)s (%(article)s).") % {
                    "commune": commune.name,
                    "year": year,
                    "article": item.article,
                }
            return notify(officials, title=title, body=body, url=reverse("disclosures:create") + f"?item={item.pk}")
    except IntegrityError:  # another worker reminded this commune a moment ago
        return 0


def notify_new_question(question_id: int) -> int:
    question = Question.objects.select_related("disclosure__unit").get(pk=question_id)
    disclosure = question.disclosure
    with override("vi"):
        if question.kind == QuestionKind.NOT_POSTED:
            title = _("A resident reports the notice board does not show: %(title)s")
        else:
            title = _("A resident asks about: %(title)s")
        title = title % {"title": disclosure.title[:120]}
    url = reverse("disclosures:detail", args=[disclosure.pk]) + "#questions"
    return notify(responsible_officials(disclosure.unit), title=title, body=question.text[:500], url=url)
