from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operations")

    def ready(self):
        from django.tasks.signals import task_finished

        from operations import jobs

        task_finished.connect(jobs.on_task_finished, dispatch_uid="operations.jobs.on_task_finished")
