from keruen.ingest import views
from keruen.web.routes import page_routes

app_name = "ingest"

urlpatterns = page_routes(
    views,
    queue="ingest/",
    document="ingest/documents/<int:pk>/",
    conflicts="ingest/conflicts/",
    fact_action="ingest/facts/<int:pk>/<action>/",
)
