"""The Django admin is the back office for now: each village team sees only its own rows."""

import pytest
from django.contrib.auth import get_user_model
from factories import jpeg_bytes, make_product, make_seller, upload

from tokodesa.catalog.models import Product
from tokodesa.villages.services import membership_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_client(client, village):
    user = get_user_model().objects.create_user("staf.batuampar", password="x")
    membership_grant(village=village, user=user, role="staff")
    client.force_login(user)
    return client


def test_staff_see_only_their_villages_products_and_sellers(team_client, village, other_village):
    ours = make_product(make_seller(village, display_name="Ibu Siti"), "Gula Aren")
    theirs = make_product(make_seller(other_village, display_name="Pak Wagiman"), "Guci")
    html = team_client.get("/admin/catalog/product/").content.decode()
    assert "Gula Aren" in html and "Guci" not in html
    assert team_client.get(f"/admin/catalog/product/{ours.pk}/change/").status_code == 200
    assert team_client.get(f"/admin/catalog/product/{theirs.pk}/change/").status_code == 302
    html = team_client.get("/admin/sellers/seller/").content.decode()
    assert "Ibu Siti" in html and "Pak Wagiman" not in html
    html = team_client.get("/admin/catalog/product/add/").content.decode()
    assert "Ibu Siti" in html and "Pak Wagiman" not in html


def test_staff_cannot_manage_the_team_or_other_villages(team_client, village, other_village):
    page = team_client.get(f"/admin/villages/village/{village.pk}/change/")
    assert page.status_code == 200 and "memberships-TOTAL_FORMS" not in page.content.decode()
    assert team_client.get(f"/admin/villages/village/{other_village.pk}/change/").status_code == 302
    assert team_client.get("/admin/auth/user/").status_code == 403


def test_village_admin_manages_the_team_of_their_village_only(client, village, other_village):
    user = get_user_model().objects.create_user("pengelola", password="x")
    membership_grant(village=village, user=user, role="admin")
    client.force_login(user)
    page = client.get(f"/admin/villages/village/{village.pk}/change/")
    assert "memberships-TOTAL_FORMS" in page.content.decode()
    assert client.get(f"/admin/villages/village/{other_village.pk}/change/").status_code == 302
    assert client.get("/admin/villages/village/add/").status_code == 403


def test_a_user_without_a_role_cannot_open_the_admin(client, village):
    user = get_user_model().objects.create_user("pembeli", password="x")
    client.force_login(user)
    assert client.get("/admin/catalog/product/").status_code == 302


def test_admin_is_in_indonesian(team_client):
    html = team_client.get("/admin/").content.decode()
    assert "Administrasi" in html or "Situs" in html
    assert "Produk" in html


def test_product_saved_in_the_admin_goes_through_the_services(
    team_client, village, django_capture_on_commit_callbacks
):
    seller = make_seller(village)
    data = {
        "seller": seller.pk,
        "category": 2,
        "name": "Kopi Bubuk",
        "slug": "kopi-bubuk",
        "description": "Robusta",
        "unit": "bungkus",
        "status": "active",
        "variants-TOTAL_FORMS": "1",
        "variants-INITIAL_FORMS": "0",
        "variants-MIN_NUM_FORMS": "1",
        "variants-MAX_NUM_FORMS": "1000",
        "variants-0-label": "250 g",
        "variants-0-price": "32000",
        "variants-0-weight_g": "290",
        "variants-0-stock": "7",
        "variants-0-position": "0",
        "variants-0-sku": "",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "images-0-image": upload(jpeg_bytes(size=(1000, 800))),
        "images-0-alt": "Kopi",
        "images-0-position": "0",
    }
    from tokodesa.catalog.models import Category

    data["category"] = Category.objects.get(slug="kopi-teh").pk
    with django_capture_on_commit_callbacks(execute=True):
        response = team_client.post("/admin/catalog/product/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    product = Product.objects.get(name="Kopi Bubuk")
    assert product.village == village
    assert product.status == "draft"  # the posted "active" is ignored: status moves by actions
    assert (product.price_min, product.stock_total) == (32000, 7)
    assert "kopi" in product.search_name
    image = product.images.get()
    assert image.image.name.endswith(".webp") and image.rendition_widths == [240, 480, 960]


def test_admin_refuses_a_file_that_is_not_a_photo(team_client, village):
    seller = make_seller(village)
    product = make_product(seller, "Gula Aren")
    data = {
        "seller": seller.pk,
        "category": product.category_id,
        "name": "Gula Aren",
        "slug": product.slug,
        "description": "",
        "unit": "kg",
        "status": "active",
        "variants-TOTAL_FORMS": "1",
        "variants-INITIAL_FORMS": "1",
        "variants-MIN_NUM_FORMS": "1",
        "variants-MAX_NUM_FORMS": "1000",
        "variants-0-id": product.variants.get().pk,
        "variants-0-product": product.pk,
        "variants-0-label": "500 g",
        "variants-0-price": "20000",
        "variants-0-weight_g": "550",
        "variants-0-stock": "10",
        "variants-0-position": "0",
        "variants-0-sku": "",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "images-0-image": upload(b"GIF89a not really", "x.gif", "image/gif"),
        "images-0-alt": "",
        "images-0-position": "0",
    }
    response = team_client.post(f"/admin/catalog/product/{product.pk}/change/", data)
    assert response.status_code == 200
    assert "rusak" in response.content.decode() or "bukan foto" in response.content.decode()
    assert not product.images.exists()


def _gps_jpeg() -> bytes:
    from PIL import Image

    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (3.0, 37.0, 48.0)
    gps[3], gps[4] = "E", (102.0, 37.0, 12.0)
    return jpeg_bytes((2400, 1800), exif=exif)


def _gif_js_polyglot() -> bytes:
    """A real GIF whose bytes are also a script (GIF89a=…;alert(1)) after the image."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    return out.getvalue() + b"*/=1;alert(document.domain);/*"


@pytest.mark.parametrize(
    "content, name", [(_gps_jpeg(), "logo.jpg"), (_gif_js_polyglot(), "logo.gif")]
)
def test_a_logo_uploaded_in_the_admin_goes_through_the_photo_pipeline(
    client, village, content, name
):
    from admin_forms import admin_post_data
    from PIL import Image

    from tokodesa.villages.models import Village

    user = get_user_model().objects.create_user("pengelola", password="x")
    membership_grant(village=village, user=user, role="admin")
    client.force_login(user)
    url = f"/admin/villages/village/{village.pk}/change/"
    data = admin_post_data(client.get(url))
    data["logo"] = upload(content, name)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    logo = Village.objects.get(pk=village.pk).logo
    stored = logo.read()
    assert logo.name.endswith(".webp") and b"alert" not in stored
    logo.seek(0)
    with Image.open(logo) as image:
        assert image.format == "WEBP" and max(image.size) <= 256
        assert not image.getexif().get_ifd(0x8825)


def test_a_bomb_uploaded_in_the_admin_is_refused_with_a_message(client, village, seller):
    import io

    from admin_forms import admin_post_data
    from PIL import Image

    user = get_user_model().objects.create_superuser("operator", password="x")
    client.force_login(user)
    url = f"/admin/sellers/seller/{seller.pk}/change/"
    data = admin_post_data(client.get(url))
    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, "PNG")
    data["photo"] = upload(out.getvalue(), "bom.png", "image/png")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "piksel" in str(response.context["adminform"].form.errors["photo"])
    seller.refresh_from_db()
    assert not seller.photo


def test_every_image_field_of_every_model_goes_through_the_pipeline():
    from django.apps import apps
    from django.db import models

    from tokodesa.core.fields import PhotoField

    file_fields = [
        (model.__name__, field.name, type(field).__name__)
        for model in apps.get_models()
        if model.__module__.startswith("tokodesa.")
        for field in model._meta.fields
        if isinstance(field, models.FileField)
    ]
    images = [f for f in file_fields if f[2] == "PhotoField"]
    others = [f for f in file_fields if f[2] != "PhotoField"]
    assert len(images) == 5  # products, sellers, logos, buyers' review and problem photos
    # Both checked by payments.proofs (a photo re-encoded, or a PDF without active content).
    assert sorted(others) == [
        ("PaymentRecord", "proof", "FileField"),
        ("VillageApplication", "document", "FileField"),
    ]
    assert not issubclass(PhotoField().formfield().__class__, type(models.ImageField().formfield()))


@pytest.fixture
def admin_here_staff_there(client, village, other_village):
    """Village admin of Batu Ampar, shop staff of Bangunjiwo."""
    user = get_user_model().objects.create_user("dua.desa", password="x")
    membership_grant(village=village, user=user, role="admin")
    membership_grant(village=other_village, user=user, role="staff")
    client.force_login(user)
    return client


def test_a_role_counts_only_in_its_own_village(admin_here_staff_there, village, other_village):
    from admin_forms import admin_post_data

    client = admin_here_staff_there
    assert client.get("/batu-ampar/kelola/desa/").status_code == 200
    assert client.get("/batu-ampar/kelola/pembayaran/").status_code == 200
    assert client.get("/bangunjiwo/kelola/desa/").status_code == 404
    assert client.get("/bangunjiwo/kelola/pembayaran/").status_code == 404
    assert client.get("/bangunjiwo/kelola/").status_code == 200  # staff there

    ours = client.get(f"/admin/villages/village/{village.pk}/change/").content.decode()
    assert "memberships-TOTAL_FORMS" in ours and "bank_accounts-TOTAL_FORMS" in ours
    theirs = client.get(f"/admin/villages/village/{other_village.pk}/change/")
    assert theirs.status_code == 200  # staff may look
    html = theirs.content.decode()
    assert 'name="memberships-TOTAL_FORMS"' not in html
    assert 'name="bank_accounts-0-account_number"' not in html
    data = admin_post_data(client.get(f"/admin/villages/village/{village.pk}/change/"))
    data["tagline"] = "Diambil alih"
    response = client.post(f"/admin/villages/village/{other_village.pk}/change/", data)
    assert response.status_code == 403
    other_village.refresh_from_db()
    assert other_village.tagline != "Diambil alih"


def test_a_village_admin_cannot_reopen_a_suspended_shop(client, village):
    from admin_forms import admin_post_data

    from tokodesa.villages.models import Village

    Village.objects.filter(pk=village.pk).update(status=Village.Status.SUSPENDED)
    user = get_user_model().objects.create_user("pengelola", password="x")
    membership_grant(village=village, user=user, role="admin")
    client.force_login(user)
    url = f"/admin/villages/village/{village.pk}/change/"
    page = client.get(url)
    assert "status" not in page.context["adminform"].form.fields  # shown, not editable
    data = admin_post_data(page)
    data.update(status="active", slug="desa-lain", tagline="Buka lagi")
    assert client.post(url, data).status_code == 302
    village.refresh_from_db()
    assert village.status == Village.Status.SUSPENDED and village.slug == "batu-ampar"
    assert village.tagline == "Buka lagi"  # what they may change is saved


def test_the_operator_changes_a_shop_status_and_it_is_audited(admin_client, village):
    from admin_forms import admin_post_data

    from tokodesa.audit.models import AuditEntry
    from tokodesa.villages.models import Village

    url = f"/admin/villages/village/{village.pk}/change/"
    data = admin_post_data(admin_client.get(url))
    data["status"] = "suspended"
    assert admin_client.post(url, data).status_code == 302
    village.refresh_from_db()
    assert village.status == Village.Status.SUSPENDED
    entry = AuditEntry.objects.get(village=village, action="village_status")
    assert entry.before == {"status": "active"} and entry.after == {"status": "suspended"}


def test_bank_accounts_and_roles_changed_in_the_admin_go_through_the_services(
    client, village, seller
):
    from admin_forms import admin_post_data

    from tokodesa.audit.models import AuditEntry
    from tokodesa.payments.models import BankAccount

    user = get_user_model().objects.create_user("pengelola", password="x")
    membership_grant(village=village, user=user, role="admin")
    client.force_login(user)
    url = f"/admin/villages/village/{village.pk}/change/"
    data = admin_post_data(client.get(url))
    data.update(
        {
            "bank_accounts-TOTAL_FORMS": "1",
            "bank_accounts-0-bank_name": "BRI",
            "bank_accounts-0-account_number": "0123456789",
            "bank_accounts-0-account_holder": "BUMDes Batu Ampar",
            "bank_accounts-0-is_active": "on",
            "bank_accounts-0-position": "0",
        }
    )
    rows = int(data["memberships-TOTAL_FORMS"])
    data["memberships-TOTAL_FORMS"] = str(rows + 1)
    data[f"memberships-{rows}-user"] = str(seller.user_id or make_login(seller).pk)
    data[f"memberships-{rows}-role"] = "staff"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"][0].formset.forms
    ]
    assert BankAccount.objects.get(village=village).account_number == "0123456789"
    actions = set(AuditEntry.objects.filter(village=village).values_list("action", flat=True))
    assert {"payment_route", "role_changed"} <= actions


def make_login(seller):
    user = get_user_model().objects.create_user("warga", password="x")
    seller.user = user
    seller.save(update_fields=["user"])
    return user


def test_the_last_admin_cannot_be_removed_in_the_admin_either(client, village):
    from admin_forms import admin_post_data

    from tokodesa.villages.models import Membership

    user = get_user_model().objects.create_user("pengelola", password="x")
    membership_grant(village=village, user=user, role="admin")
    client.force_login(user)
    url = f"/admin/villages/village/{village.pk}/change/"
    data = admin_post_data(client.get(url))
    data["memberships-0-DELETE"] = "on"
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "paling sedikit satu pengelola" in response.content.decode()
    assert Membership.objects.filter(village=village, user=user, role="admin").exists()


def test_product_status_moves_only_through_the_services_actions(team_client, village):
    seller = make_seller(village)
    waiting = make_product(seller, "Gula Semut", status="review")
    on_sale = make_product(seller, "Kolang-kaling")
    url = f"/admin/catalog/product/{waiting.pk}/change/"
    from admin_forms import admin_post_data

    data = admin_post_data(team_client.get(url))
    assert "status" not in data  # shown, not a field
    team_client.post(url, {**data, "status": "active"})
    waiting.refresh_from_db()
    assert waiting.status == "review"

    response = team_client.post(
        "/admin/catalog/product/",
        {"action": "approve", "_selected_action": [waiting.pk, on_sale.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "Selesai untuk 1." in text and "1 tidak bisa berubah" in text
    waiting.refresh_from_db(), on_sale.refresh_from_db()
    assert (waiting.status, on_sale.status) == ("active", "active")

    team_client.post(
        "/admin/catalog/product/", {"action": "pause", "_selected_action": [on_sale.pk]}
    )
    on_sale.refresh_from_db()
    assert on_sale.status == "draft"


def test_seller_status_moves_only_through_the_services(team_client, village):
    from admin_forms import admin_post_data

    from tokodesa.audit.models import AuditEntry

    pending = make_seller(village, display_name="Ibu Yuli", status="pending")
    url = f"/admin/sellers/seller/{pending.pk}/change/"
    data = admin_post_data(team_client.get(url))
    assert "status" not in data
    team_client.post(url, {**data, "status": "active"})
    pending.refresh_from_db()
    assert pending.status == "pending"

    team_client.post(
        "/admin/sellers/seller/", {"action": "approve", "_selected_action": [pending.pk]}
    )
    pending.refresh_from_db()
    assert pending.status == "active"
    assert AuditEntry.objects.filter(village=village, action="seller_approved").exists()
