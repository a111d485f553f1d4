from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "keruen.ingest"
    label = "ingest"

    def ready(self) -> None:
        from keruen.accounts.policy import Access, AccessRule, register, register_part

        # Documents and the facts proposed from them are review material for signed-in users.
        register("ingest.document", AccessRule(access=Access.INSIDERS))
        register("ingest.fact", AccessRule(access=Access.INSIDERS))
        register_part("ingest.factapplication", of="ingest.fact")
