from django.urls import path

from keruen.portal import views
from keruen.web.routes import entity_routes, page_routes

app_name = "portal"

urlpatterns = [
    path("open/", views.home_view, name="home"),
    *entity_routes(views, "project", "open/projects/<slug:code>/", name="project"),
    *entity_routes(views, "agreement", "open/agreements/<slug:code>/", name="agreement"),
    *entity_routes(views, "event", "open/events/<slug:slug>/", name="event"),
    *entity_routes(views, "investor", "open/investors/<slug:code>/", name="investor"),
    *entity_routes(views, "region", "open/regions/<str:code>/", name="region"),
    *page_routes(
        views,
        data="open/data/",
        dictionary="open/data/dictionary/",
        dataset="open/data/<slug:slug>.jsonld",
        file="open/data/<str:name>",
        changes="open/changes.atom",
        report="open/report/",
        catalog="catalog.jsonld",
        sitemap="sitemap.xml",
        robots="robots.txt",
    ),
    path("public-reports/", views.report_queue_view, name="queue"),
    path("public-reports/<int:pk>/", views.report_decide_view, name="decide"),
]
