"""Photos and proofs in an S3-compatible store (moto's server, a real HTTP endpoint)."""

import time
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from factories import jpeg_bytes, make_product, place_order, upload

from tokodesa.catalog import services as catalog
from tokodesa.core.images import rendition_name
from tokodesa.core.templatetags.photos import photo_url
from tokodesa.payments import services as payments

pytestmark = pytest.mark.django_db


def keys(client, bucket):
    return {o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])}


def test_a_product_photo_and_its_renditions_live_in_the_public_bucket(
    object_storage, seller, django_capture_on_commit_callbacks
):
    client, bucket = object_storage
    product = make_product(seller, "Gula Aren")
    with django_capture_on_commit_callbacks(execute=True):
        image = catalog.product_image_add(product=product, upload=upload(jpeg_bytes((1600, 1200))))
    image.refresh_from_db()
    stored = keys(client, bucket)
    assert image.image.name in stored
    assert image.rendition_widths
    assert {rendition_name(image.image.name, w) for w in image.rendition_widths} <= stored
    url = photo_url(image, 480)
    assert url.startswith("http://127.0.0.1:") and f"/{bucket}/" in url
    answer = httpx.get(url)
    assert answer.status_code == 200 and answer.content[:4] == b"RIFF"  # WebP, read by anyone


def test_a_payment_proof_is_private_and_reached_only_through_a_short_signed_url(
    object_storage, client, village, seller, regions, bank_account
):
    from django.contrib.auth import get_user_model

    from tokodesa.villages.services import membership_grant

    s3, bucket = object_storage
    variant = make_product(seller, "Gula Aren").variants.get()
    order = place_order(village, [(variant, 1)])
    record = payments.payment_claim(order=order, proof=upload(jpeg_bytes((800, 600))))
    assert record.proof.name in keys(s3, f"{bucket}-private")
    assert record.proof.name not in keys(s3, bucket)
    unsigned = f"{record.proof.storage.endpoint_url}/{bucket}-private/{record.proof.name}"
    assert httpx.get(unsigned).status_code == 403  # nobody reads the private bucket

    url = f"/batu-ampar/kelola/bukti/{record.pk}/"
    stranger = client.get(url)  # not the team: sent to log in, never given the address
    assert stranger.status_code == 302 and "Signature" not in stranger["Location"]
    staff = get_user_model().objects.create_user("staf2", password="x")
    membership_grant(village=village, user=staff, role="staff")
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
    signed = response["Location"]
    assert "Signature=" in signed
    expires = int(parse_qs(urlparse(signed).query)["Expires"][0])
    assert 0 < expires - time.time() <= 300  # good for five minutes only
    fetched = httpx.get(signed)
    with record.proof.open("rb") as stored:
        assert fetched.status_code == 200 and fetched.content == stored.read()


def test_pages_may_show_photos_from_the_bucket():
    """The Content-Security-Policy lets the browser load images from the bucket's addresses."""
    import os
    import subprocess
    import sys

    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tokodesa.settings",
        "S3_BUCKET": "tokodesa-media",
        "S3_ENDPOINT_URL": "https://s3.example.id:9000",
        "S3_PUBLIC_DOMAIN": "foto.tokodesa.id",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split() == [
        "'self'",
        "data:",
        "https://foto.tokodesa.id",
        "https://s3.example.id:9000",
    ], done.stderr[-1000:]
