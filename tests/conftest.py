"""Shared fixtures. Tests run on SQLite by default and on PostgreSQL when DATABASE_URL says so."""

import os

import pytest
from hypothesis import HealthCheck, settings

# Property tests are about values, never about time: on a loaded 2-core machine (two test
# processes, a browser) an example may take long, which must not fail the run.
settings.register_profile(
    "tokodesa", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("tokodesa")

STRICT = os.environ.get("TOKODESA_STRICT") == "1"  # CI: nothing may be skipped


def pytest_collection_modifyitems(config, items):
    if not items:
        raise pytest.UsageError("No tests collected.")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = terminalreporter.stats.get("skipped", [])
    if STRICT and skipped:
        terminalreporter.write_line(
            f"TOKODESA_STRICT=1: {len(skipped)} test(s) were skipped; CI counts that as a failure.",
            red=True,
        )
        terminalreporter._session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _test_code_sees_every_village():
    """The tests' own set-up and checks read any village's rows. What they exercise is strict
    again: each request, task and command sets its own scope (tokodesa.core.tenancy)."""
    from tokodesa.core.tenancy import across_villages

    with across_villages("tests: set-up and assertions"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Tests do not see each other's cached values (ids are reused after rollbacks)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def village(db):
    from factories import make_village

    return make_village()


@pytest.fixture
def other_village(db):
    from factories import make_village

    return make_village(
        slug="bangunjiwo",
        name="Desa Bangunjiwo",
        region_code="34.02.16.2001",
        district="Kasihan",
        regency="Kabupaten Bantul",
        province="Daerah Istimewa Yogyakarta",
    )


@pytest.fixture
def staff(village):
    """A member of the village shop team (role "staff"), password "x"."""
    from django.contrib.auth import get_user_model

    from tokodesa.villages.services import membership_grant

    user = get_user_model().objects.create_user("staf", password="x", first_name="Sari")
    membership_grant(village=village, user=user, role="staff")
    return user


@pytest.fixture
def village_admin(village):
    """The village shop's admin (role "admin"), password "x"."""
    from django.contrib.auth import get_user_model

    from tokodesa.villages.services import membership_grant

    user = get_user_model().objects.create_user("pengelola", password="x", first_name="Wati")
    membership_grant(village=village, user=user, role="admin")
    return user


@pytest.fixture
def seller(village):
    from factories import make_seller

    return make_seller(village)


@pytest.fixture
def shop(client, village):
    """A test client pointed at ``village``'s shop on the platform host (/<slug>/…)."""
    return ShopClient(client, f"/{village.slug}")


class ShopClient:
    def __init__(self, client, prefix: str):
        self.client, self.prefix = client, prefix

    def get(self, path: str, **kwargs):
        return self.client.get(self.prefix + path, **kwargs)


@pytest.fixture
def regions(db):
    """A few official regions: Desa Batu Ampar's chain and a buyer's village in Yogyakarta."""
    from tokodesa.regions.models import Region

    rows = [
        ("17", "Bengkulu", ""),
        ("17.08", "Kabupaten Kepahiang", ""),
        ("17.08.05", "Merigi", ""),
        ("17.08.05.2007", "Batu Ampar", "39371"),
        ("34", "Daerah Istimewa Yogyakarta", ""),
        ("34.71", "Kota Yogyakarta", ""),
        ("34.71.01", "Mantrijeron", ""),
        ("34.71.01.1001", "Gedongkiwo", "55142"),
        ("34.02", "Kabupaten Bantul", ""),
        ("34.02.16", "Kasihan", ""),
        ("34.02.16.2001", "Bangunjiwo", "55184"),
    ]
    Region.objects.bulk_create(
        Region(
            code=code,
            name=name,
            level=code.count(".") + 1,
            postal_code=postal,
            parent_id=code.rpartition(".")[0] or None,
        )
        for code, name, postal in rows
    )


@pytest.fixture
def bank_account(village):
    from tokodesa.payments.services import bank_account_add

    return bank_account_add(
        actor=None,
        village=village,
        bank_name="BRI",
        account_number="0123-01-000456-30-1",
        account_holder="BUMDes Batu Ampar",
    )
