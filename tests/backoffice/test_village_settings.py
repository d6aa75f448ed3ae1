import re

import pytest
from django.contrib.auth import get_user_model

from tokodesa.audit.models import AuditEntry
from tokodesa.villages.models import Membership, Village
from tokodesa.villages.services import membership_grant

pytestmark = pytest.mark.django_db

PROFILE = {
    "part": "profile",
    "tagline": "Gula aren asli",
    "story": "Desa kami.",
    "whatsapp": "0812 3456 7801",
    "email": "toko@batuampar.id",
    "address": "Kantor Desa",
    "fee_percent": "2.5",
    "problem_days": "5",
    "review_products": "on",
    "opening_hours": "Senin–Sabtu",
    "map_url": "maps.example.id/batu-ampar",
}


def user(village, role, name):
    person = get_user_model().objects.create_user(name, password="x")
    membership_grant(village=village, user=person, role=role)
    return person


def test_village_admin_changes_the_profile_fee_and_team(client, village, other_village):
    admin = user(village, "admin", "pengelola")
    client.force_login(admin)
    response = client.post("/batu-ampar/kelola/desa/", PROFILE)
    assert response.status_code == 302
    village.refresh_from_db()
    assert (village.fee_basis_points, village.tagline, village.transparency_public) == (
        250,
        "Gula aren asli",
        False,
    )
    assert AuditEntry.objects.filter(action="price_changed").exists()
    user(village, "seller", "sari")  # a villager who sells here
    client.post("/batu-ampar/kelola/desa/", {"part": "member", "username": "sari", "role": "staff"})
    assert Membership.objects.get(user__username="sari").role == "staff"
    # Nobody by that name, someone of another village, an account of no village: the same
    # answer, so the form tells nothing about the platform's other accounts.
    user(other_village, "admin", "pengelola.bangunjiwo")
    get_user_model().objects.create_user("rina.pembeli", password="x")
    client.get("/batu-ampar/kelola/desa/")  # the "Saved." messages so far are shown
    answers = set()
    for name in ("hantu", "pengelola.bangunjiwo", "rina.pembeli"):
        response = client.post(
            "/batu-ampar/kelola/desa/", {"part": "member", "username": name, "role": "staff"}
        )
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
        answers.add((response.status_code, html.replace(name, "…")))
    [(status, html)] = answers
    assert status == 200 and "Tidak ada warga desa ini" in html
    assert not Membership.objects.filter(
        village=village, user__username__in=["rina.pembeli"]
    ).exists()
    client.post(
        "/batu-ampar/kelola/desa/",
        {"part": "bank", "bank_name": "BRI", "account_number": "123", "account_holder": "BUMDes"},
    )
    assert village.bank_accounts.filter(is_active=True).count() == 1
    # The last admin cannot remove themself.
    response = client.post(
        "/batu-ampar/kelola/desa/", {"part": "remove", "user": admin.pk}, follow=True
    )
    assert "paling sedikit satu" in response.content.decode()


def test_bad_settings_input_keeps_what_was_saved(client, village):
    client.force_login(user(village, "admin", "pengelola"))
    for bad in (
        {"fee_percent": "150"},
        {"fee_percent": "lima"},
        {"whatsapp": "123"},
        {"map_url": "not a url with spaces"},
    ):
        response = client.post("/batu-ampar/kelola/desa/", {**PROFILE, **bad})
        assert response.status_code == 200
    assert Village.objects.get(pk=village.pk).fee_basis_points == 0


@pytest.mark.parametrize("role", ["staff", "seller"])
def test_only_village_admins_change_settings(client, village, role):
    client.force_login(user(village, role, "orang"))
    assert client.get("/batu-ampar/kelola/desa/").status_code == 404
    assert client.post("/batu-ampar/kelola/desa/", PROFILE).status_code == 404
