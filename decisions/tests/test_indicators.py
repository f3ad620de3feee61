"""The household-vote indicators the steering committee's scorecards read."""

from django.utils import timezone

from decisions.indicators import held, recognised, turnout
from decisions.models import MatterStatus
from decisions.tests.conftest import yes_no_matter
from decisions.tests.test_voting import _vote_yes_no, opened


def test_turnout_is_the_closing_figure_of_those_who_voted_or_attended(place):
    # 6 online, 1 online against, 1 only at the meeting: 8 of the roll's 10 households took part.
    _vote_yes_no(place, opened(place, yes_no_matter(place)), yes=6, no=1, abstain_at_meeting=1)
    # A matter still open is not a decision held, whatever its votes so far.
    still_open = opened(place, yes_no_matter(place, title="Làm nhà văn hoá"))
    assert still_open.status == MatterStatus.OPEN
    year = timezone.localdate().year
    assert turnout(place.province, year)[place.commune.pk] == 80.0
    assert held(place.province, year)[place.commune.pk] == 1
    assert recognised(place.province, year)[place.commune.pk] == 0.0
    # The other commune held nothing: no turnout to judge, not a zero.
    assert turnout(place.province, year)[place.other_village.parent_id] is None
