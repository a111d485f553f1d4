from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "keruen.accounts"
    label = "accounts"

    def ready(self) -> None:
        from keruen.accounts import audit, policy
        from keruen.core.permissions import set_policy

        audit.connect()
        set_policy(policy.restrict_queryset)
