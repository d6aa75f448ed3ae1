"""A village admin gives the shop its own address; it serves once the platform has seen the
host point at itself (an HTTP token check, against servers on loopback here)."""

import http.server
import threading

import pytest
from django.core.exceptions import ValidationError

from tokodesa.villages.models import Domain
from tokodesa.villages.services import domain_request, domain_verify

HOST = "toko.batuampar.id"


class _Stub(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):  # noqa: N802 (the standard library's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub(settings):
    """A web server on loopback standing in for whatever the host points at."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.DOMAIN_CHECK_ADDRESS = f"127.0.0.1:{server.server_port}"
    yield _Stub
    server.shutdown()


@pytest.mark.django_db
def test_the_admin_adds_an_address_which_serves_only_once_verified(
    client, village, village_admin, stub
):
    client.force_login(village_admin)
    client.post(
        "/batu-ampar/kelola/desa/", {"part": "domain", "host": "https://Toko.BatuAmpar.id/"}
    )
    domain = Domain.objects.get(host=HOST)
    assert domain.verified_at is None and not domain.is_primary
    page = client.get("/batu-ampar/kelola/desa/").content.decode()
    assert HOST in page and "CNAME" in page and "Periksa sekarang" in page
    assert client.get("/", HTTP_HOST=HOST).status_code == 404  # not serving yet
    # The platform answers the check on that host, and only with the right token.
    check = f"/.well-known/tokodesa-domain/{domain.token}"
    answer = client.get(check, HTTP_HOST=HOST)
    assert answer.status_code == 200 and answer.content.decode() == domain.token
    assert client.get("/.well-known/tokodesa-domain/wrong", HTTP_HOST=HOST).status_code == 404

    stub.body = b"some parking page"
    html = client.post(
        "/batu-ampar/kelola/desa/", {"part": "domain-check", "domain": domain.pk}, follow=True
    ).content.decode()
    assert "belum mengarah ke TokoDesa" in html
    assert Domain.objects.get(pk=domain.pk).verified_at is None

    stub.body = domain.token.encode()
    client.post("/batu-ampar/kelola/desa/", {"part": "domain-check", "domain": domain.pk})
    domain.refresh_from_db()
    assert domain.verified_at is not None and domain.is_primary
    assert client.get("/", HTTP_HOST=HOST).status_code == 200  # the shop, at its own address
    assert f"https://{HOST}/" in client.get("/batu-ampar/").content.decode()  # canonical


@pytest.mark.django_db
def test_bad_addresses_are_refused_plainly(village, other_village, village_admin, settings):
    with pytest.raises(ValidationError, match="platform"):
        domain_request(village=village, host="localhost", actor=village_admin)
    domain_request(village=other_village, host="toko.bangunjiwo.id", actor=None)
    with pytest.raises(ValidationError):
        domain_request(village=village, host="toko.bangunjiwo.id", actor=village_admin)
    with pytest.raises(ValidationError):
        domain_request(village=village, host="not a host!", actor=village_admin)
    for n in range(3):
        domain_request(village=village, host=f"toko{n}.batuampar.id", actor=village_admin)
    with pytest.raises(ValidationError, match="3"):
        domain_request(village=village, host="toko9.batuampar.id", actor=village_admin)
    settings.DOMAIN_CHECK_ADDRESS = "127.0.0.1:9"  # nothing listens there
    domain = Domain.objects.get(host="toko0.batuampar.id")
    with pytest.raises(ValidationError, match="belum bisa dihubungi"):
        domain_verify(domain=domain)


@pytest.mark.django_db(transaction=True)
def test_the_platform_recognises_itself_at_the_new_host(live_server, settings):
    """End to end: the check reaches the running platform, which answers for the host."""
    from factories import make_village

    village = make_village()
    domain = domain_request(village=village, host=HOST, actor=None)
    settings.DOMAIN_CHECK_ADDRESS = live_server.url.removeprefix("http://")
    assert domain_verify(domain=domain).verified_at is not None
