from django.tasks import task

from households.importing import run_import
from households.models import HouseholdImport


@task
def import_households(job_id: int) -> None:
    run_import(HouseholdImport.objects.select_related("created_by", "unit").get(pk=job_id))
