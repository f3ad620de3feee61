from django.tasks import task

from households.importing import abandon_import, run_import
from households.models import HouseholdImport
from operations.jobs import when_failed


@task
def import_households(job_id: int) -> None:
    run_import(HouseholdImport.objects.select_related("created_by", "unit").get(pk=job_id))


@when_failed(import_households)
def _import_failed(job_id: int, *, reason: str) -> None:
    abandon_import(job_id, reason)
