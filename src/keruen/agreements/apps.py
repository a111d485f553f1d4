from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "keruen.agreements"
    label = "agreements"

    def ready(self) -> None:
        from keruen.agreements.views import organization_agreements_section
        from keruen.parties.sections import register_section

        register_section(organization_agreements_section)
