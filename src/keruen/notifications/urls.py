from django.urls import path

from keruen.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/inbox/", views.inbox, name="inbox"),
    path("notifications/following/", views.following, name="following"),
    path("notifications/follow", views.follow, name="follow"),
    path("notifications/unfollow", views.unfollow, name="unfollow"),
]
