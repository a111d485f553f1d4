from keruen.core import appconfig


class AccountsConfig(appconfig.KeruenAppConfig):
    def ready(self) -> None:
        from keruen.accounts import audit, policy
        from keruen.core.permissions import set_policy

        audit.connect()
        policy.collect()
        set_policy(policy.restrict_queryset)
