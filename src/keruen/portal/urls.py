from django.urls import path

from keruen.portal import views
from keruen.web.routes import entity_routes

app_name = "portal"

urlpatterns = [
    path("open/", views.home_view, name="home"),
    *entity_routes(views, "project", "open/projects/<slug:code>/", name="project"),
    *entity_routes(views, "agreement", "open/agreements/<slug:code>/", name="agreement"),
    *entity_routes(views, "event", "open/events/<slug:slug>/", name="event"),
    *entity_routes(views, "investor", "open/investors/<slug:code>/", name="investor"),
    *entity_routes(views, "region", "open/regions/<str:code>/", name="region"),
    path("open/data/", views.data_view, name="data"),
    path("open/data/dictionary/", views.dictionary_view, name="dictionary"),
    path("open/data/<slug:slug>.jsonld", views.dataset_view, name="dataset"),
    path("open/data/<str:name>", views.file_view, name="file"),
    path("open/changes.atom", views.changes_view, name="changes"),
    path("open/report/", views.report_view, name="report"),
    path("catalog.jsonld", views.catalog_view, name="catalog"),
    path("sitemap.xml", views.sitemap_view, name="sitemap"),
    path("robots.txt", views.robots_view, name="robots"),
    path("public-reports/", views.report_queue_view, name="queue"),
    path("public-reports/<int:pk>/", views.report_decide_view, name="decide"),
]
