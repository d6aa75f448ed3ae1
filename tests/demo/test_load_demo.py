import pytest
from django.core.management import call_command

from tokodesa.catalog.models import ProductImage
from tokodesa.villages.models import Village

pytestmark = pytest.mark.django_db


def test_demo_loads_both_villages_once_with_the_articles_products(client):
    call_command("load_demo", photos=0)  # product photos: see tests/core/test_images.py
    batu_ampar = Village.objects.get(slug="batu-ampar")
    assert batu_ampar.region_code == "17.08.05.2007" and batu_ampar.is_open
    names = set(batu_ampar.products.values_list("name", flat=True))
    for word in [
        "Gula Aren",
        "Kolang-Kaling",
        "Kopi Bubuk",
        "Rebung",
        "Air Mancur",
        "Cangkir Bambu",
        "Nampan Bambu",
        "Pot Bunga",
    ]:
        assert any(word in name for name in names), word
    assert Village.objects.filter(status="active").exclude(province="Bengkulu").exists()
    assert not ProductImage.objects.exists()
    sellers = batu_ampar.sellers.filter(status="active")
    assert sellers.count() >= 4 and all(s.photo.name.endswith(".webp") for s in sellers)
    assert batu_ampar.logo.name.endswith(".webp")

    call_command("load_demo")  # a second run changes nothing
    assert Village.objects.count() == 2

    html = client.get("/", HTTP_HOST="127.0.0.1").content.decode()
    assert "Desa Batu Ampar" in html and "Kopi Bubuk Robusta Kepahiang" in html
    assert client.get("/", HTTP_HOST="toko.batuampar.id").status_code == 200
