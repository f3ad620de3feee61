"""Background work for consultations: grouping new opinions after they arrive."""

from django.tasks import task

from consultations import services
from consultations.models import Consultation


@task()
def group_consultation(consultation_id: int) -> int:
    # Clear the flag first: an opinion arriving while this runs queues the next task rather than being missed.
    Consultation.objects.filter(pk=consultation_id).update(grouping_queued=False)
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return 0
    return services.group_new_opinions(consultation=consultation)
