"""The region picker's data (province → kabupaten → kecamatan → desa), on every host."""

from django.urls import path

from .views import children

urlpatterns = [path("wilayah/", children, name="region-children")]
