"""Shared fixtures. Tests run on SQLite by default and on PostgreSQL when DATABASE_URL says so."""

import os

import pytest

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
