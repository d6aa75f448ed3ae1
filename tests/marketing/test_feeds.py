"""Catalogue feeds for Google Merchant Center and Meta, checked against their published field
lists, for a village shop and for the national portal."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from factories import jpeg_bytes, make_product, make_seller, upload

from tokodesa.catalog.services import product_image_add, variant_stock_adjust
from tokodesa.marketing import feeds
from tokodesa.marketing.models import CatalogFeed

pytestmark = pytest.mark.django_db
G = "{http://base.google.com/ns/1.0}"


@pytest.fixture
def catalogue(village, seller, regions):
    gula = make_product(seller, "Gula Aren Cetak", price=22000, description="Dari <b>nira</b>.")
    product_image_add(product=gula, upload=upload(jpeg_bytes()))
    cangkir = make_product(make_seller(village, display_name="Pak Darmawan"), "Cangkir Bambu")
    product_image_add(product=cangkir, upload=upload(jpeg_bytes()))
    make_product(seller, "Tanpa Foto")  # no photo: Google and Meta refuse such an item
    return {"gula": gula, "cangkir": cangkir}


def google_items(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(b"".join(response.streaming_content))  # noqa: S314 (our own feed)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return [{child.tag.removeprefix(G): child.text for child in item} for item in root.iter("item")]


def meta_rows(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def assert_google_item(client, item):
    for field in feeds.GOOGLE_REQUIRED:
        assert item.get(field), (field, item)
    assert item["availability"] in feeds.GOOGLE_AVAILABILITY
    assert re.fullmatch(r"[1-9]\d* IDR", item["price"]) and item["condition"] == "new"
    assert item["identifier_exists"] == "no" and re.fullmatch(r"\d+ g", item["shipping_weight"])
    assert len(item["title"]) <= 150 and len(item["description"]) <= 5000
    assert item["link"].startswith("http://testserver/") and item["image_link"].startswith("http")
    path = item["link"].removeprefix("http://testserver")
    assert client.get(path).status_code == 200  # the link opens the product page


def test_a_village_feed_for_google_lists_each_variant_with_the_required_fields(
    client, village, catalogue
):
    items = google_items(client, "/batu-ampar/feed/google.xml")
    assert sorted(i["title"] for i in items) == ["Cangkir Bambu", "Gula Aren Cetak"]
    for item in items:
        assert_google_item(client, item)
    gula = next(i for i in items if i["title"] == "Gula Aren Cetak")
    assert gula["price"] == "22000 IDR" and gula["description"] == "Dari nira."
    assert gula["link"] == "http://testserver/batu-ampar/produk/gula-aren-cetak/"
    assert gula["brand"] == "Desa Batu Ampar" and " > " in gula["product_type"]


def test_a_village_feed_for_meta_has_the_catalogue_columns(client, village, catalogue):
    rows = meta_rows(client, "/batu-ampar/feed/meta.csv")
    assert set(feeds.META_REQUIRED) <= set(rows[0])
    for row in rows:
        for column in feeds.META_REQUIRED:
            assert row[column], (column, row)
        assert row["availability"] in feeds.META_AVAILABILITY
        assert re.fullmatch(r"[1-9]\d* IDR", row["price"])
    assert {row["title"] for row in rows} == {"Gula Aren Cetak", "Cangkir Bambu"}


def test_a_changed_catalogue_is_in_the_next_fetch(client, village, catalogue):
    from django.core.files.storage import default_storage

    google_items(client, "/batu-ampar/feed/google.xml")
    before = list(CatalogFeed.objects.values_list("path", flat=True))
    variant = catalogue["gula"].variants.get()
    variant_stock_adjust(variant=variant, delta=-variant.stock)
    items = google_items(client, "/batu-ampar/feed/google.xml")
    gula = next(i for i in items if i["title"] == "Gula Aren Cetak")
    assert gula["availability"] == "out_of_stock"
    # Rebuilt in place: one Google and one Meta feed, the files before them removed.
    assert CatalogFeed.objects.filter(village=village).count() == 2
    assert not any(default_storage.exists(path) for path in before)


def test_the_national_feed_lists_every_open_village(client, village, other_village, catalogue):
    pot = make_product(make_seller(other_village), "Pot Gerabah")
    product_image_add(product=pot, upload=upload(jpeg_bytes()))
    items = google_items(client, "/feed/google.xml")
    links = {i["title"]: i["link"] for i in items}
    assert links["Pot Gerabah"] == "http://testserver/bangunjiwo/produk/pot-gerabah/"
    assert links["Gula Aren Cetak"] == "http://testserver/batu-ampar/produk/gula-aren-cetak/"
    for item in items:
        assert_google_item(client, item)
    assert {r["title"] for r in meta_rows(client, "/feed/meta.csv")} == set(links)


def test_a_catalogue_change_asks_the_worker_for_a_rebuild_later(
    client, settings, village, catalogue, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    google_items(client, "/batu-ampar/feed/google.xml")  # fetched once: worth rebuilding
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    variant = catalogue["gula"].variants.get()
    with django_capture_on_commit_callbacks(execute=True):
        variant_stock_adjust(variant=variant, delta=1)
        variant_stock_adjust(variant=variant, delta=1)  # the same rebuild
    [task] = DBTaskResult.objects.all()
    assert task.task_path.endswith("build_feeds") and task.run_after is not None
    assert task.args_kwargs["args"] == [village.pk, "http://testserver/batu-ampar"]


def test_a_price_cut_goes_to_the_feeds_as_a_sale_price(client, village, catalogue, staff):
    from datetime import date

    from tokodesa.catalog.services import price_cut_set

    price_cut_set(
        product=catalogue["gula"], percent=20, starts_on=date.today(), ends_on=date.today(),
        actor=staff,
    )  # fmt: skip
    gula = next(
        i for i in google_items(client, "/batu-ampar/feed/google.xml")
        if i["title"] == "Gula Aren Cetak"
    )  # fmt: skip
    assert (gula["price"], gula["sale_price"]) == ("22000 IDR", "17600 IDR")
    rows = meta_rows(client, "/batu-ampar/feed/meta.csv")
    row = next(r for r in rows if r["title"] == "Gula Aren Cetak")
    assert (row["price"], row["sale_price"]) == ("22000 IDR", "17600 IDR")


def test_a_feed_file_replaced_meanwhile_is_served_from_the_new_one(client, village, catalogue):
    from django.core.files.storage import default_storage

    google_items(client, "/batu-ampar/feed/google.xml")
    feed = CatalogFeed.objects.get(village=village, kind="google")
    default_storage.delete(feed.path)  # as a rebuild does, an instant before the row moved on
    response = client.get("/batu-ampar/feed/google.xml")
    assert response.status_code == 200  # rebuilt at once (tasks run in-process here), never a 500
