from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the platform: health, the worker's policy (retries, lost tasks), the
    scheduler, request and task logs, backups. The top of the house: it may know every app."""

    name = "tokodesa.ops"
    verbose_name = _("Operations")

    def ready(self):
        from django_tasks.signals import task_finished, task_started

        from . import receivers

        task_started.connect(receivers.task_started, dispatch_uid="ops-task-started")
        task_finished.connect(receivers.task_finished, dispatch_uid="ops-task-finished")
