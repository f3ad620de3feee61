"""A recognised result goes on the public disclosure portal, like anything else the village must make public."""

from django.utils import timezone
from django.utils.translation import gettext as _

from decisions.presentation import result_summary
from disclosures.models import Channel, Topic
from disclosures.services import ChannelInput, DisclosureInput, publish_disclosure

TOPICS = {
    "contribution_policy": Topic.CONTRIBUTIONS,
    "contribution_management": Topic.CONTRIBUTIONS,
    "village_convention": Topic.CONVENTION,
}


def publish_annulment(*, by, matter, recognition):
    """Law 10/2022 Art. 22: the annulment is made known like the decision it annuls."""
    data = DisclosureInput(
        title=_("Annulment of the household decision: %(title)s") % {"title": matter.title},
        topic=TOPICS.get(matter.matter_type, Topic.OTHER),
        issued_on=recognition.annulled_on,
        effective_from=recognition.annulled_on,
        document_number=recognition.annulment_number,
        body=recognition.annulment_reasons,
        channels=[ChannelInput(channel=Channel.PORTAL, started_on=recognition.annulled_on)],
    )
    return publish_disclosure(by=by, unit=matter.village, data=data)


def publish_result(*, by, matter, recognition):
    """Published when the decision takes effect: on its recognition, or (items 1, 2, 6: in effect from the vote
    day, Law 10/2022 Art. 21 §2) when the village sends it to the commune."""
    recognised_on = recognition.recognised_on or recognition.sent_on
    data = DisclosureInput(
        title=_("Result of the household vote: %(title)s") % {"title": matter.title},
        topic=TOPICS.get(matter.matter_type, Topic.OTHER),
        issued_on=recognised_on,
        effective_from=timezone.localdate(matter.closed_at) if not recognition.recognised_on else recognised_on,
        document_number=recognition.decision_number,
        body=result_summary(matter),
        channels=[ChannelInput(channel=Channel.PORTAL, started_on=recognised_on)],
    )
    return publish_disclosure(by=by, unit=matter.village, data=data)
