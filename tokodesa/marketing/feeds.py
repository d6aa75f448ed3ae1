"""Catalogue feeds: the shop's products in the formats the catalogues buyers browse read.

* Google Merchant Center: RSS 2.0 with the ``g:`` namespace, one item per variant (variants of
  one product share ``item_group_id``). Village products have no GTIN or MPN, so each item
  says ``identifier_exists: no`` and names the village shop (or the seller's stall) as brand.
* Meta (Facebook, Instagram, WhatsApp Business) catalogue: CSV with the same fields.

The field lists below are the published required fields plus the optional ones filled;
tests check every item against them. Prices are whole rupiah ("22000 IDR").
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import XMLGenerator

from django.utils.html import strip_tags

#: Google Merchant Center: required for every product sold in Indonesia (no GTIN/MPN).
GOOGLE_REQUIRED = (
    "id",
    "title",
    "description",
    "link",
    "image_link",
    "availability",
    "price",
    "brand",
    "condition",
)
GOOGLE_FIELDS = (
    *GOOGLE_REQUIRED,
    "identifier_exists",
    "sale_price",
    "item_group_id",
    "product_type",
    "shipping_weight",
)
GOOGLE_AVAILABILITY = {"in_stock", "out_of_stock", "preorder", "backorder"}
GOOGLE_NS = "http://base.google.com/ns/1.0"
#: Meta catalogue (data feed file): required columns, then the optional ones filled.
META_REQUIRED = (
    "id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "link",
    "image_link",
    "brand",
)
META_COLUMNS = (*META_REQUIRED, "sale_price", "item_group_id", "product_type", "shipping_weight")
META_AVAILABILITY = {"in stock", "out of stock"}
TITLE_MAX = 150  # Google's limit (Meta's is 200)
DESCRIPTION_MAX = 5000  # Google's limit (Meta's is 9,999)


@dataclass(frozen=True)
class FeedItem:
    id: str
    title: str
    description: str
    link: str
    image_link: str
    in_stock: bool
    price: int  # the price a buyer pays now
    list_price: int | None
    brand: str
    item_group_id: str
    product_type: str
    weight_g: int


def items_from(products: Iterable, *, base_for) -> Iterator[FeedItem]:
    """One item per variant of ``products`` (from ``catalog.selectors.products_for_feed``) that
    has a photo; ``base_for(village)`` is the shop's absolute address (no trailing slash)."""
    for product in products:
        if not product.covers:
            continue  # Google and Meta refuse an item without an image
        base = base_for(product.village)
        image = product.covers[0].image.url
        if image.startswith("/"):
            image = _origin(base) + image
        category = product.category
        path = [category.parent.name, category.name] if category.parent_id else [category.name]
        text = " ".join(strip_tags(product.description or product.name).split())
        variants = list(product.variants.all())
        for variant in variants:
            title = product.name if len(variants) == 1 else f"{product.name} {variant.label}"
            yield FeedItem(
                id=f"{product.village.order_prefix}-{variant.pk}",
                title=title[:TITLE_MAX],
                description=(text or product.name)[:DESCRIPTION_MAX],
                link=f"{base}/produk/{product.slug}/",
                image_link=image,
                in_stock=variant.stock > 0,
                price=variant.price,
                list_price=variant.list_price,
                brand=(product.seller.shop_name or product.village.name)[:70],
                item_group_id=f"{product.village.order_prefix}-P{product.pk}",
                product_type=" > ".join(path),
                weight_g=variant.weight_g,
            )


def _origin(base: str) -> str:
    scheme, _, rest = base.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


def _prices(item: FeedItem) -> dict[str, str]:
    """``price``, and while a price cut is on, the regular price with the cut as ``sale_price``
    (both Google and Meta show it struck through)."""
    if item.list_price and item.list_price > item.price:
        return {"price": f"{item.list_price} IDR", "sale_price": f"{item.price} IDR"}
    return {"price": f"{item.price} IDR"}


def google_values(item: FeedItem) -> dict[str, str]:
    return {
        "id": item.id,
        "title": item.title,
        "description": item.description,
        "link": item.link,
        "image_link": item.image_link,
        "availability": "in_stock" if item.in_stock else "out_of_stock",
        **_prices(item),
        "brand": item.brand,
        "condition": "new",
        "identifier_exists": "no",
        "item_group_id": item.item_group_id,
        "product_type": item.product_type,
        "shipping_weight": f"{item.weight_g} g",
    }


def meta_values(item: FeedItem) -> dict[str, str]:
    return {
        "id": item.id,
        "title": item.title,
        "description": item.description,
        "availability": "in stock" if item.in_stock else "out of stock",
        "condition": "new",
        **_prices(item),
        "link": item.link,
        "image_link": item.image_link,
        "brand": item.brand,
        "item_group_id": item.item_group_id,
        "product_type": item.product_type,
        "shipping_weight": f"{item.weight_g} g",
    }


def write_google(items: Iterable[FeedItem], out, *, title: str, link: str) -> int:
    """Write the RSS feed to the binary file ``out``; returns the number of items."""
    xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
    xml.startDocument()
    xml.startElement("rss", {"version": "2.0", "xmlns:g": GOOGLE_NS})
    xml.startElement("channel", {})
    for name, value in (("title", title), ("link", link), ("description", title)):
        _element(xml, name, value)
    count = 0
    for item in items:
        xml.startElement("item", {})
        for name, value in google_values(item).items():
            _element(xml, f"g:{name}", value)
        xml.endElement("item")
        count += 1
    xml.endElement("channel")
    xml.endElement("rss")
    xml.endDocument()
    return count


def _element(xml, name: str, value: str) -> None:
    xml.startElement(name, {})
    xml.characters(value)
    xml.endElement(name)


def write_meta(items: Iterable[FeedItem], out) -> int:
    """Write the CSV (UTF-8, a header row) to the binary file ``out``; returns the count."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=META_COLUMNS)
    writer.writeheader()
    count = 0
    for item in items:
        writer.writerow(meta_values(item))
        count += 1
    text.detach()
    return count
