from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "keruen.reports"
    label = "reports"
