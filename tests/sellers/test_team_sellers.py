import re

import pytest

from tokodesa.audit.models import AuditEntry
from tokodesa.sellers.models import Seller

pytestmark = pytest.mark.django_db

APPLICATION = {
    "display_name": "Ibu Yuli",
    "whatsapp": "0812-3456-7815",
    "story": "Pot bunga dari semen.",
    "shop_name": "",
    "payout_account": "",
}


def test_a_villager_applies_and_staff_approve_with_an_audit_entry(client, village, staff):
    response = client.post("/batu-ampar/jual/", APPLICATION)
    assert "Terima kasih" in response.content.decode()
    seller = Seller.objects.get(display_name="Ibu Yuli")
    assert seller.status == "pending" and seller.whatsapp == "+6281234567815"
    assert client.post("/batu-ampar/jual/", {**APPLICATION, "whatsapp": "123"}).status_code == 200
    client.force_login(staff)
    assert "Ibu Yuli" in client.get("/batu-ampar/kelola/pendaftar/").content.decode()
    client.post("/batu-ampar/kelola/pendaftar/", {"seller": seller.pk, "approve": "1"})
    assert Seller.objects.get(pk=seller.pk).status == "active"
    assert AuditEntry.objects.filter(action="seller_approved", subject="Ibu Yuli").exists()


def test_staff_sign_a_villager_up_and_hand_the_account_over(client, village, staff):
    client.force_login(staff)
    response = client.post("/batu-ampar/kelola/warga-baru/", APPLICATION)
    seller = Seller.objects.get(display_name="Ibu Yuli")
    assert seller.status == "active" and response.status_code == 302
    page = client.post(f"/batu-ampar/kelola/warga/{seller.pk}/akun/tautan/").content.decode()
    link = re.search(r"<code>(http://testserver[^<]+)</code>", page)[1]
    assert "https://wa.me/6281234567815?text=" in page
    client.logout()
    path = link.removeprefix("http://testserver")
    form_page = client.get(path, follow=True)
    assert (
        "Pilih kata sandi" in form_page.content.decode()
        or "kata sandi" in form_page.content.decode().lower()
    )
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"new_password1": "Gula-Aren-2026", "new_password2": "Gula-Aren-2026"},
    )
    assert response.status_code == 302
    seller.refresh_from_db()
    client.logout()
    login = {"username": seller.user.username, "password": "Gula-Aren-2026"}
    assert client.post("/batu-ampar/masuk/", login).status_code == 302
    assert client.get("/batu-ampar/lapak/").status_code == 200
    # The link works once.
    client.logout()
    again = client.get(path, follow=True).content.decode()
    assert "sudah dipakai" in again


def test_the_audit_log_records_sensitive_actions(client, village, staff):
    from factories import make_product, make_seller

    from tokodesa.catalog.services import VariantChange, product_update

    product = make_product(make_seller(village), "Gula Aren", price=20000)
    variant = product.variants.get()
    product_update(
        product=product,
        by_seller=False,
        actor=staff,
        variants=[VariantChange(id=variant.pk, label="500 g", price=25000, weight_g=550, stock=10)],
    )
    client.force_login(staff)
    html = client.get("/batu-ampar/kelola/catatan/").content.decode()
    assert "Harga diubah" in html and "500 g: Rp20.000 → Rp25.000" in html


def test_dashboard_counts_the_days_work(client, village, staff):
    client.force_login(staff)
    client.post("/batu-ampar/jual/", APPLICATION)
    html = client.get("/batu-ampar/kelola/").content.decode()
    assert "pendaftar penjual" in html.lower() or "pendaftaran penjual" in html.lower()


def test_transparency_page_is_public_unless_turned_off(client, village):
    html = client.get("/batu-ampar/transparansi/").content.decode()
    assert "Transparansi" in html
    village.transparency_public = False
    village.save()
    assert client.get("/batu-ampar/transparansi/").status_code == 404
