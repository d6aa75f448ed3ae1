from django.urls import path

from . import views

app_name = "marketing"
urlpatterns = [
    path("feed/google.xml", views.shop_feed, {"kind": "google"}, name="feed-google"),
    path("feed/meta.csv", views.shop_feed, {"kind": "meta"}, name="feed-meta"),
]
