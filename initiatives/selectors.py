"""Reads for citizens' initiatives, through the one scoping layer."""

from django.utils import timezone

from accounts.scoping import Action, scope
from initiatives import rules, services
from initiatives.models import Initiative


def initiatives_for(user):
    return scope(user, Initiative.objects.all(), Action.VIEW_DECISIONS)


def support(initiative: Initiative) -> dict:
    """What the page and the resident are told: consents in force today, how many are needed, who consented."""
    today = timezone.localdate()
    consents = initiative.supporters.exclude(consented_on=None)
    return {
        "in_force": services.in_force(initiative, today),
        "needed": rules.needed(initiative.households, initiative.book),
        "given": consents.count(),
        "online": consents.filter(via="online").count(),
        "paper": consents.filter(via="paper").count(),
    }
