from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "keruen.accounts"
    label = "accounts"
