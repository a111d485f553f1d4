from keruen.core import appconfig


class NotificationsConfig(appconfig.KeruenAppConfig):
    def ready(self) -> None:
        from django.db.models.signals import post_save
        from simple_history.signals import post_create_historical_record

        from keruen.notifications import hooks
        from keruen.notifications.models import Subscription, Webhook

        # Every service write records one history row: that row is what is notified.
        post_create_historical_record.connect(hooks.history_recorded, weak=False)
        for model in (Subscription, Webhook):
            post_save.connect(hooks.forget, sender=model, weak=False)
