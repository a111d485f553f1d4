from keruen.parties import views
from keruen.web.routes import entity_routes

app_name = "parties"

urlpatterns = [
    *entity_routes(views, "organization", "organizations/<slug:code>/"),
]
