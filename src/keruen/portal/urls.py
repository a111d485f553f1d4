from django.urls import path

from keruen.portal import views

app_name = "portal"

urlpatterns = [
    path("open/", views.home_view, name="home"),
    path("open/projects/", views.project_list_view, name="projects"),
    path("open/projects/<slug:code>/", views.project_detail_view, name="project"),
    path("open/agreements/", views.agreement_list_view, name="agreements"),
    path("open/agreements/<slug:code>/", views.agreement_detail_view, name="agreement"),
    path("open/events/", views.event_list_view, name="events"),
    path("open/events/<slug:slug>/", views.event_detail_view, name="event"),
    path("open/investors/", views.investor_list_view, name="investors"),
    path("open/investors/<slug:code>/", views.investor_detail_view, name="investor"),
    path("open/regions/", views.region_list_view, name="regions"),
    path("open/regions/<str:code>/", views.region_detail_view, name="region"),
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
