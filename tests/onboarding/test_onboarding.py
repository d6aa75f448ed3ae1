"""A village applies, the operator reviews, the approved village's admin sets the shop up and
opens it: through HTTP on the platform's host, and the operators' command."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from factories import make_product, make_seller
from PIL import Image

from tokodesa.audit.models import AuditEntry
from tokodesa.onboarding.models import VillageApplication
from tokodesa.onboarding.services import time_zone_for
from tokodesa.villages.models import Membership, Village

pytestmark = pytest.mark.django_db

FORM = {
    "province": "34",
    "regency": "34.71",
    "district": "34.71.01",
    "village": "34.71.01.1001",
    "run_by": "bumdes",
    "organisation": "BUMDes Gedongkiwo Makmur",
    "leader_name": "Bapak Suryono",
    "contact_name": "Ibu Lestari",
    "contact_whatsapp": "0812-1111-2222",
    "contact_email": "lestari@example.id",
    "message": "Batik dan bakpia",
}


@pytest.fixture
def operator(db):
    return get_user_model().objects.create_superuser("operator", password="x")


def photo_of_letter() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 1100), (250, 250, 245)).save(buffer, "JPEG")
    return SimpleUploadedFile("sk.jpg", buffer.getvalue(), content_type="image/jpeg")


def apply(client, **changes):
    return client.post("/daftar-desa/", {**FORM, **changes})


def test_a_village_applies_with_its_letter(client, regions):
    page = client.get("/daftar-desa/").content.decode()
    assert "Buka toko desa Anda" in page and 'data-regions="/wilayah/' in page
    response = apply(client, document=photo_of_letter())
    application = VillageApplication.objects.get()
    assert f"<strong>{application.number}</strong>" in response.content.decode()
    assert application.village_name == "Kelurahan Gedongkiwo"
    assert (
        application.region_label == "Kec. Mantrijeron, Kota Yogyakarta, Daerah Istimewa Yogyakarta"
    )
    assert application.contact_whatsapp == "+6281211112222"
    assert application.status == "submitted" and application.document
    # Kept in the private store, never under MEDIA_ROOT where the web server serves files.
    from django.conf import settings

    private = settings.STORAGES["private"]["OPTIONS"]["location"]
    assert application.document.path.startswith(private)
    assert client.get(f"/media/{application.document.name}").status_code == 404


def test_the_region_pickers_work_without_javascript(client, regions):
    html = client.post("/daftar-desa/", {"province": "34", "refresh": "province"}).content.decode()
    assert '<option value="34.71">Kota Yogyakarta</option>' in html
    assert VillageApplication.objects.count() == 0 and "Periksa isian" not in html


def test_bad_applications_get_clear_messages_and_nothing_is_saved(client, regions, village):
    html = apply(client, contact_whatsapp="123", organisation="", leader_name="").content.decode()
    assert "bukan nomor HP yang benar" in html and "Tulis nama BUMDes" in html
    html = apply(client, document=SimpleUploadedFile("sk.pdf", b"%PDF-1.4 broken")).content
    assert "Berkas ini tidak bisa dipakai" in html.decode()
    # Batu Ampar already has its shop: one shop per desa.
    batu_ampar = {"province": "17", "regency": "17.08", "district": "17.08.05"}
    html = apply(client, **batu_ampar, village="17.08.05.2007").content.decode()
    assert "Desa Batu Ampar sudah punya toko di TokoDesa" in html
    assert VillageApplication.objects.count() == 0
    apply(client)
    html = apply(client).content.decode()  # the same desa again, while it is reviewed
    assert "Desa ini sudah mendaftar (nomor PD-" in html
    assert VillageApplication.objects.count() == 1


def test_only_the_platform_operator_reviews(client, regions, village_admin):
    apply(client)
    application = VillageApplication.objects.get()
    response = client.get(f"/operator/desa/{application.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(village_admin)  # a village's admin is not the platform's operator
    for path in ("/operator/desa/", f"/operator/desa/{application.pk}/"):
        assert client.get(path).status_code == 404
    response = client.post(f"/operator/desa/{application.pk}/", {"action": "approve"})
    assert response.status_code == 404
    assert VillageApplication.objects.get().status == "submitted"


def test_the_operator_asks_for_more_then_declines_with_a_reason(client, regions, operator):
    apply(client)
    application = VillageApplication.objects.get()
    client.force_login(operator)
    html = client.post(
        f"/operator/desa/{application.pk}/", {"action": "more", "note": ""}
    ).content.decode()
    assert "Tulis apa yang perlu dikirim" in html
    client.post(f"/operator/desa/{application.pk}/", {"action": "more", "note": "Kirim SK."})
    application.refresh_from_db()
    assert (application.status, application.review_note) == ("more_info", "Kirim SK.")
    page = client.get(f"/operator/desa/{application.pk}/").content.decode()
    assert "https://wa.me/6281211112222?text=" in page
    client.post(f"/operator/desa/{application.pk}/", {"action": "reject", "note": "Bukan desa."})
    application.refresh_from_db()
    assert application.status == "rejected" and application.shop is None
    html = client.post(f"/operator/desa/{application.pk}/", {"action": "approve"}).content.decode()
    assert "sudah diputuskan" in html and not Village.objects.exists()
    apply(client)  # declined: the desa may apply again
    assert VillageApplication.objects.filter(status="submitted").count() == 1


def test_approval_makes_the_shop_and_its_admin_sets_it_up_and_opens_it(
    client, regions, operator, bank_account
):
    apply(client, document=photo_of_letter())
    application = VillageApplication.objects.get()
    client.force_login(operator)
    assert client.get(f"/operator/desa/{application.pk}/surat/").status_code == 200
    page = client.post(f"/operator/desa/{application.pk}/", {"action": "approve"}).content.decode()
    village = Village.objects.get(region_code="34.71.01.1001")
    assert (village.name, village.slug, village.status) == (
        "Kelurahan Gedongkiwo",
        "gedongkiwo",
        "draft",
    )
    assert (village.order_prefix, village.time_zone) == ("GDN", "Asia/Jakarta")
    assert village.whatsapp == "+6281211112222" and village.email == "lestari@example.id"
    admin = Membership.objects.get(village=village, role="admin").user
    assert admin.username == "pengelola.gedongkiwo" and not admin.has_usable_password()
    link = re.search(r'value="(http://testserver/akun/aktifkan/[^"]+)"', page)[1]
    assert "https://wa.me/6281211112222?text=" in page

    # The first message was lost: the operator makes another link, which works the same.
    page = client.post(f"/operator/desa/{application.pk}/", {"action": "link"}).content.decode()
    link = re.search(r'value="(http://testserver/akun/aktifkan/[^"]+)"', page)[1]
    client.logout()
    form_page = client.get(link.removeprefix("http://testserver"), follow=True)
    assert "pengelola.gedongkiwo" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "gula-aren-2026", "new_password2": "gula-aren-2026"},
    )
    assert response["Location"] == "/gedongkiwo/kelola/"
    dashboard = client.get("/gedongkiwo/kelola/").content.decode()
    assert "Langkah pertama" in dashboard and "0/6" in dashboard
    assert "Buka toko" not in dashboard  # nothing to sell and no way to pay yet
    assert client.post("/gedongkiwo/kelola/", {"action": "open"}).status_code == 302
    assert Village.objects.get(pk=village.pk).status == "draft"

    from tokodesa.core.tenancy import village_scope
    from tokodesa.payments.services import bank_account_add

    with village_scope(village):
        bank_account_add(
            village=village,
            actor=admin,
            bank_name="BPD DIY",
            account_number="001",
            account_holder="BUMDes Gedongkiwo Makmur",
        )
        make_product(make_seller(village), "Bakpia Kacang Hijau")
    dashboard = client.get("/gedongkiwo/kelola/").content.decode()
    assert "3/6" in dashboard and "Buka toko" in dashboard
    client.post("/gedongkiwo/kelola/", {"action": "open"})
    assert Village.objects.get(pk=village.pk).status == "active"
    assert AuditEntry.objects.filter(village=village, action="village_status").exists()
    assert client.get("/gedongkiwo/").status_code == 200
    assert client.get("/", HTTP_HOST="localhost").content.decode().count("Kelurahan Gedongkiwo")
    assert client.get(link.removeprefix("http://testserver"), follow=True).status_code == 200
    assert (
        "sudah dipakai"
        in client.get(link.removeprefix("http://testserver"), follow=True).content.decode()
    )
    client.force_login(operator)  # a password is chosen: no more links
    html = client.post(f"/operator/desa/{application.pk}/", {"action": "link"}).content.decode()
    assert "sudah memilih kata sandi" in html


def test_the_operators_command_makes_a_shop_once(regions):
    out = io.StringIO()
    call_command(
        "village",
        "create",
        "3471011001",
        "--admin-whatsapp",
        "0812 1111 2222",
        "--admin-name",
        "Ibu Lestari",
        stdout=out,
    )
    assert "Created Kelurahan Gedongkiwo: /gedongkiwo/" in out.getvalue()
    assert re.search(r"/akun/aktifkan/\w+/[\w-]+/", out.getvalue())
    again = io.StringIO()
    call_command("village", "create", "34.71.01.1001", "--admin-whatsapp", "0812", stdout=again)
    assert "already has its shop" in again.getvalue() and Village.objects.count() == 1
    with pytest.raises(CommandError, match="not a desa"):
        call_command("village", "create", "34.71", "--admin-whatsapp", "0812 1111 2222")
    with pytest.raises(CommandError, match="village"):
        call_command("village", "create", "99.99.99.9999", "--admin-whatsapp", "0812 1111 2222")


@pytest.mark.parametrize(
    "code, zone",
    [
        ("17.08.05.2007", "Asia/Jakarta"),
        ("51.71.01.1001", "Asia/Makassar"),
        ("64.01.01.2001", "Asia/Makassar"),
        ("61.01.01.2001", "Asia/Jakarta"),
        ("81.01.01.2001", "Asia/Jayapura"),
        ("94.01.01.2001", "Asia/Jayapura"),
    ],
)
def test_the_time_zone_follows_the_province(code, zone):
    assert time_zone_for(code) == zone
