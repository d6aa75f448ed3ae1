"""Each app-server worker compiles its templates and loads what the first visitor would wait
for, before serving; a database that is away does not stop it."""

import pytest
from django.db import OperationalError, connections
from django.template import engines

from tokodesa.ops.warmup import warm_up


@pytest.mark.django_db
def test_the_warm_up_compiles_every_template_and_resolves_every_route(settings):
    settings.DEBUG = False
    done = warm_up()
    assert done["urls"] > 20 and done["templates"] > 50 and done["database"] == 1
    loader = engines["django"].engine.template_loaders[0]
    assert "cached" in type(loader).__module__  # so what was compiled stays compiled
    assert len(loader.get_template_cache) >= done["templates"]


def test_a_database_that_is_away_does_not_stop_a_worker(monkeypatch, caplog):
    def away():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "ensure_connection", away)
    done = warm_up()
    assert done["database"] == 0 and done["templates"] > 50
    assert "cannot be reached" in caplog.text


@pytest.mark.django_db
def test_the_warm_up_asks_for_a_shop_page_through_the_whole_stack(seller, caplog):
    from factories import make_product

    make_product(seller, "Gula Aren")
    caplog.set_level("INFO", logger="tokodesa.requests")
    assert warm_up()["request"] == 1
    assert "GET /batu-ampar/produk/ 200" in caplog.text  # logged as any request
