"""A recognised result goes on the public disclosure portal, like anything else the village must make public."""

from django.utils.translation import gettext as _

from decisions.presentation import result_summary
from disclosures.models import Channel, Topic
from disclosures.services import ChannelInput, DisclosureInput, publish_disclosure

TOPICS = {
    "contribution_policy": Topic.CONTRIBUTIONS,
    "contribution_management": Topic.CONTRIBUTIONS,
    "village_convention": Topic.CONVENTION,
}


def publish_result(*, by, matter, recognition):
    recognised_on = recognition.recognised_on
    data = DisclosureInput(
        title=_("Result of the household vote: %(title)s") % {"title": matter.title},
        topic=TOPICS.get(matter.matter_type, Topic.OTHER),
        issued_on=recognised_on,
        effective_from=recognised_on,
        document_number=recognition.decision_number,
        body=result_summary(matter),
        channels=[ChannelInput(channel=Channel.PORTAL, started_on=recognised_on)],
    )
    return publish_disclosure(by=by, unit=matter.village, data=data)
