from keruen.core import appconfig


class SavedViewsConfig(appconfig.KeruenAppConfig):
    def ready(self) -> None:
        from django.db.models.signals import post_save

        from keruen.notifications.kinds import register_kind, register_watch
        from keruen.notifications.models import Subscription
        from keruen.savedviews import selectors, services

        # A saved view is seen by its owner and those it is shared with (not accounts.policy);
        # views of projects are followed (to hear of a project entering one).
        register_kind("view", "savedviews.savedview", "pk", visible=selectors.savedview_followable)
        register_watch("view", of="project", who=services.projects_entered)
        post_save.connect(services.subscription_saved, sender=Subscription, weak=False)
