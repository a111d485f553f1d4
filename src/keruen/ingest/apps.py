from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "keruen.ingest"
    label = "ingest"
