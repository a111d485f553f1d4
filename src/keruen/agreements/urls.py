from keruen.agreements import views
from keruen.web.routes import entity_routes

app_name = "agreements"

urlpatterns = [
    *entity_routes(views, "agreement", "agreements/<slug:code>/"),
    *entity_routes(views, "event", "events/<slug:slug>/", name="event"),
]
