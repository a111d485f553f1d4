from keruen.ops import views
from keruen.web.routes import page_routes

app_name = "ops"

urlpatterns = page_routes(views, healthz="healthz", readyz="readyz", metrics="metrics")
