from keruen.core import appconfig


class ReferenceConfig(appconfig.KeruenAppConfig):
    def ready(self) -> None:
        # Core converts money but imports no app: it looks rates up through what we register.
        from keruen.core.money import use_stored_rates
        from keruen.reference.selectors import fx_rate_on

        use_stored_rates(fx_rate_on)
