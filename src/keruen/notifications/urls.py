from keruen.notifications import views
from keruen.web.routes import page_routes

app_name = "notifications"

urlpatterns = page_routes(
    views,
    inbox="notifications/inbox/",
    following="notifications/following/",
    follow="notifications/follow",
    unfollow="notifications/unfollow",
)
