from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlockersConfig(AppConfig):
    name = "keruen.blockers"
    label = "blockers"
    verbose_name = _("Blocking issues")

    def ready(self) -> None:
        from keruen.accounts.policy import CHANGE, VIEW, Access, AccessRule, register

        # An issue belongs to its project's regions (their editors raise and see it; for an
        # akimat they are the receiving body) and to its receiving body (its officers see and
        # answer it). Analysts see all; coordinators do everything; the public sees none.
        register(
            "blockers.issue",
            AccessRule(
                access=Access.OWN_ROWS,
                region_lookups=("project__regions__code",),
                organization_lookups=("receiving_body_id",),
                own_actions=frozenset({VIEW, CHANGE}),
            ),
        )
