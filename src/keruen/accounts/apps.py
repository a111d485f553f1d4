from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "keruen.accounts"
    label = "accounts"

    def ready(self) -> None:
        from keruen.accounts import audit

        audit.connect()
