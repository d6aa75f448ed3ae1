"""What the scheduler remembers: when each periodic job was last queued."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """One periodic job (``ops.schedule.SCHEDULE``). The row is locked while a scheduler
    decides, so several schedulers never queue the same run twice."""

    name = models.CharField(_("job"), max_length=60, primary_key=True)
    last_run_at = models.DateTimeField(_("last queued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.name
