"""A villager runs their own stall from a phone; the team reviews their products."""

import re

import pytest
from django.contrib.auth import get_user_model
from factories import jpeg_bytes, make_product, make_seller, upload

from tokodesa.catalog.models import Category, Product, Variant
from tokodesa.villages.services import membership_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def villager(client, village):
    user = get_user_model().objects.create_user("siti", password="rahasia-123")
    seller = make_seller(village, display_name="Ibu Siti", user=user)
    client.force_login(user)
    return seller


def form(category, **extra):
    data = {
        "name": "Gula Semut",
        "category": category.pk,
        "unit": "bungkus",
        "description": "Gula aren bubuk.",
        "v-TOTAL_FORMS": "2",
        "v-INITIAL_FORMS": "0",
        "v-MIN_NUM_FORMS": "1",
        "v-MAX_NUM_FORMS": "20",
        "v-0-label": "250 g",
        "v-0-price": "15000",
        "v-0-weight_g": "300",
        "v-0-stock": "10",
        "v-1-label": "500 g",
        "v-1-price": "28000",
        "v-1-weight_g": "550",
        "v-1-stock": "5",
    }
    data.update(extra)
    return data


def test_a_villager_adds_a_product_with_a_photo_and_two_variants_for_review(
    client, village, villager, django_capture_on_commit_callbacks
):
    category = Category.objects.get(slug="gula-pemanis")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/batu-ampar/lapak/produk/baru/",
            form(category, photo=upload(jpeg_bytes(), "kamera.jpg")),
        )
    assert response.status_code == 302
    product = Product.objects.get(name="Gula Semut")
    assert product.seller == villager and product.status == "review"
    assert [v.label for v in product.variants.all()] == ["250 g", "500 g"]
    assert product.images.get().image.name.endswith(".webp")
    assert "Gula Semut" not in client.get("/batu-ampar/produk/").content.decode()

    staff = get_user_model().objects.create_user("staf", password="x")
    membership_grant(village=village, user=staff, role="staff")
    client.force_login(staff)
    assert "Gula Semut" in client.get("/batu-ampar/kelola/produk/").content.decode()
    client.post("/batu-ampar/kelola/produk/", {"product": product.pk, "approve": "1"})
    assert Product.objects.get(pk=product.pk).status == "active"
    assert "Gula Semut" in client.get("/batu-ampar/produk/").content.decode()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"v-0-price": "0"}, "lebih besar"),
        ({"v-0-price": "gratis"}, "bilangan"),
        ({"v-0-stock": "-5"}, "lebih besar"),
        ({"name": ""}, "tidak boleh kosong"),
        ({"photo": upload(b"%PDF-1.4 not a photo", "a.jpg")}, "gambar"),
    ],
)
def test_bad_product_input_gets_a_message_and_saves_nothing(
    client, village, villager, changes, message
):
    category = Category.objects.get(slug="gula-pemanis")
    response = client.post("/batu-ampar/lapak/produk/baru/", form(category, **changes))
    html = response.content.decode()
    assert response.status_code == 200 and message in html.lower()
    assert not Product.objects.filter(name="Gula Semut").exists()


def bmp_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 120, 40)).save(buffer, "BMP")
    return buffer.getvalue()


def test_a_photo_refused_after_the_form_leaves_no_product_and_no_duplicate(
    client, village, villager
):
    category = Category.objects.get(slug="gula-pemanis")
    for _attempt in range(2):  # the villager sends the form again after the message
        response = client.post(
            "/batu-ampar/lapak/produk/baru/",
            form(category, photo=upload(bmp_bytes(), "foto.bmp", "image/bmp")),
        )
        assert response.status_code == 200
        assert "JPEG, PNG" in response.content.decode()
    assert not Product.objects.filter(seller=villager).exists()
    response = client.post(
        "/batu-ampar/lapak/produk/baru/", form(category, photo=upload(jpeg_bytes(), "a.jpg"))
    )
    assert response.status_code == 302
    assert list(Product.objects.filter(seller=villager).values_list("slug", flat=True)) == [
        "gula-semut"
    ]


def test_an_edit_with_a_refused_photo_changes_nothing(client, villager):
    product = make_product(villager, "Kopi Bubuk")
    variant = product.variants.get()
    data = form(
        product.category,
        name="Kopi Robusta",
        photo=upload(bmp_bytes(), "foto.bmp", "image/bmp"),
        **{"v-TOTAL_FORMS": "1", "v-INITIAL_FORMS": "1", "v-0-id": str(variant.pk)},
    )
    data["v-0-stock_seen"] = str(variant.stock)
    response = client.post(f"/batu-ampar/lapak/produk/{product.pk}/", data)
    assert response.status_code == 200
    product.refresh_from_db()
    assert product.name == "Kopi Bubuk" and not product.images.exists()


def test_stock_in_one_tap_never_below_zero(client, villager):
    variant = make_product(villager, "Kopi", stock=1).variants.get()
    client.post(f"/batu-ampar/lapak/stok/{variant.pk}/", {"delta": "-1"})
    client.post(f"/batu-ampar/lapak/stok/{variant.pk}/", {"delta": "-1"})
    response = client.post(f"/batu-ampar/lapak/stok/{variant.pk}/", {"delta": "abc"}, follow=True)
    assert response.status_code == 200
    assert Variant.objects.get(pk=variant.pk).stock == 0
    client.post(f"/batu-ampar/lapak/stok/{variant.pk}/", {"delta": "1"})
    assert Variant.objects.get(pk=variant.pk).stock == 1


def test_a_seller_cannot_touch_another_sellers_product(client, village, villager, other_village):
    neighbour = make_product(make_seller(village, display_name="Pak Harun"), "Kopi Harun")
    variant = neighbour.variants.get()
    assert client.get(f"/batu-ampar/lapak/produk/{neighbour.pk}/").status_code == 404
    category = Category.objects.get(slug="gula-pemanis")
    assert (
        client.post(f"/batu-ampar/lapak/produk/{neighbour.pk}/", form(category)).status_code == 404
    )
    assert client.post(f"/batu-ampar/lapak/stok/{variant.pk}/", {"delta": "5"}).status_code == 404
    assert client.post(f"/batu-ampar/lapak/produk/{neighbour.pk}/jeda/").status_code == 404
    assert Product.objects.get(pk=neighbour.pk).name == "Kopi Harun"
    assert Variant.objects.get(pk=variant.pk).stock == 10
    # And nothing of another village: the stall there does not exist for this user.
    assert client.get("/bangunjiwo/lapak/").status_code == 404


def test_a_sellers_edit_of_a_product_on_sale_goes_back_to_review(client, villager):
    product = make_product(villager, "Gula Aren")
    variant = product.variants.get()
    data = form(
        product.category,
        name="Gula Aren Asli",
        **{"v-TOTAL_FORMS": "1", "v-0-id": str(variant.pk), "v-0-price": "25000"},
    )
    assert client.post(f"/batu-ampar/lapak/produk/{product.pk}/", data).status_code == 302
    product.refresh_from_db()
    assert (product.name, product.status, product.price_min) == ("Gula Aren Asli", "review", 25000)


def test_login_page_and_landing(client, village):
    client.logout()
    user = get_user_model().objects.create_user("siti2", password="rahasia-123")
    make_seller(village, display_name="Ibu Siti", user=user)
    assert client.get("/batu-ampar/lapak/")["Location"].startswith("/batu-ampar/masuk/")
    response = client.post("/batu-ampar/masuk/", {"username": "siti2", "password": "rahasia-123"})
    assert client.get(response["Location"])["Location"] == "/batu-ampar/lapak/"
    wrong = client.post("/batu-ampar/masuk/", {"username": "siti2", "password": "salah"})
    assert "tidak benar" in wrong.content.decode()


def test_a_seller_removes_a_photo_of_her_own_product_only(
    client, village, villager, django_capture_on_commit_callbacks
):
    from tokodesa.catalog.services import product_image_add

    product = make_product(villager, "Gula Aren")
    with django_capture_on_commit_callbacks(execute=True):
        image = product_image_add(product=product, upload=upload(jpeg_bytes()))
    storage, name = image.image.storage, image.image.name
    page = client.get(f"/batu-ampar/lapak/produk/{product.pk}/").content.decode()
    assert "-w240.webp" in page
    other = make_product(make_seller(village, display_name="Pak Harun"), "Kopi")
    assert (
        client.post(
            f"/batu-ampar/lapak/produk/{other.pk}/foto/hapus/", {"image": image.pk}
        ).status_code
        == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/batu-ampar/lapak/produk/{product.pk}/foto/hapus/", {"image": image.pk})
    assert not product.images.exists() and not storage.exists(name)
    response = client.post(f"/batu-ampar/lapak/produk/{product.pk}/foto/hapus/", {"image": "abc"})
    assert response.status_code == 302


def test_the_stall_shows_thumbnails_and_a_sorted_category_choice(client, villager):
    from tokodesa.catalog.services import product_image_add

    product = make_product(villager, "Gula Semut")
    product_image_add(product=product, upload=upload(jpeg_bytes()))
    html = client.get("/batu-ampar/lapak/").content.decode()
    assert '<p class="stall-item"><img' in html
    form = client.get("/batu-ampar/lapak/produk/baru/").content.decode()
    select = form[
        form.index('name="category"') : form.index("</select>", form.index('name="category"'))
    ]
    assert "---------" not in select and re.search(r'<option value=""[^>]*>Pilih kategori<', select)
    assert '<optgroup label="Hasil Pertanian">' in select
    group = select.split('<optgroup label="Kerajinan Tangan">')[1].split("</optgroup>")[0]
    names = re.findall(r">([^<]+)</option>", group)
    assert names == sorted(names) and len(names) > 1
