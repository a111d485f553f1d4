from django.utils.translation import gettext_lazy as _

from keruen.accounts.rules import CHANGE, VIEW, AccessRule
from keruen.core import appconfig


class BlockersConfig(appconfig.KeruenAppConfig):
    verbose_name = _("Blocking issues")
    # An issue belongs to its project's regions (their editors raise and see it; for an akimat
    # they are the receiving body) and to its receiving body (its officers see and answer it).
    # Analysts see all; coordinators do everything; the public sees none.
    access_rules = {
        "blockers.issue": AccessRule.own_rows(
            {VIEW, CHANGE},
            regions=("project__regions__code",),
            organizations=("receiving_body_id",),
        ),
    }
