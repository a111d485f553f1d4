"""What imports record: one row per finished import, for the `import rows` metric."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keruen.core.models import FinishedRunMixin


class ImportRun(FinishedRunMixin):
    """An import that finished: written whole (in the import's own transaction, so a killed
    import leaves no run) or rejected for its problems (recorded after the rollback)."""

    kind = models.CharField(_("kind"), max_length=40)
    created = models.PositiveIntegerField(_("rows created"), default=0)
    updated = models.PositiveIntegerField(_("rows updated"), default=0)
    unchanged = models.PositiveIntegerField(_("rows unchanged"), default=0)
    rejected = models.PositiveIntegerField(
        _("rows rejected"), default=0, help_text=_("Rows of an import refused for its problems.")
    )

    class Meta(FinishedRunMixin.Meta):
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"{self.kind} @ {self.finished_at:%Y-%m-%d %H:%M}"
