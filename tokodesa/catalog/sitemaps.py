from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .selectors import sitemap_products


class ProductSitemap(Sitemap):
    """The products of the village shop being served (sitemap.xml of that shop)."""

    changefreq = "weekly"
    limit = 5000

    def __init__(self, village):
        self.village = village

    def items(self):
        return sitemap_products(village=self.village)

    def location(self, item) -> str:
        return reverse("catalog:product", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.updated_at
