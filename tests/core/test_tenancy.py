"""Tenancy by construction: a query on village rows that names no village raises."""

import pytest
from django.apps import apps
from factories import make_product, make_seller

from tokodesa.catalog.models import Product
from tokodesa.core.tenancy import (
    ScopeError,
    across_villages,
    in_village,
    no_village,
    village_scope,
)
from tokodesa.villages.models import Village

pytestmark = pytest.mark.django_db


def tenant_models():
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("tokodesa.")
        and any(
            f.name == "village" and f.related_model is Village for f in model._meta.get_fields()
        )
    ]


def test_every_model_that_belongs_to_a_village_is_guarded():
    models = tenant_models()
    assert len(models) >= 20
    for model in models:
        with no_village(), pytest.raises(ScopeError):
            model.objects.first()


READS = {
    "iterate": lambda m: list(m.select_related("seller")),
    "count": lambda m: m.count(),
    "exists": lambda m: m.exists(),
    "get": lambda m: m.get(pk=1),
    "exclude": lambda m: m.exclude(pk=1).first(),
    "values": lambda m: m.values_list("pk", flat=True).first(),
    "in_bulk": lambda m: m.in_bulk([1]),
    "update": lambda m: m.update(name="x"),
    "delete": lambda m: m.select_related("seller").delete(),
    "aggregate": lambda m: m.aggregate(),
    "iterator": lambda m: next(m.order_by("pk").iterator()),
}


@pytest.mark.parametrize("how", READS)
def test_an_unscoped_query_raises_however_it_is_written(village, how):
    make_product(make_seller(village), "Gula Aren")
    with no_village(), pytest.raises(ScopeError):
        READS[how](Product.objects)
    assert Product.objects.filter(name="Gula Aren").count() == 1  # nothing changed or gone
    if how not in ("get", "update", "delete"):
        with no_village(), village_scope(village):
            READS[how](Product.objects)  # the same read, naming its village, works


def test_a_scope_shows_only_its_village_and_a_reverse_relation_too(village, other_village):
    ours = make_product(make_seller(village), "Gula Aren")
    theirs = make_product(make_seller(other_village), "Guci")
    with no_village(), village_scope(village):
        assert list(Product.objects.all()) == [ours]
        assert not Product.objects.filter(pk=theirs.pk).exists()
        assert list(other_village.products.all()) == []  # another village's relation: empty
        assert theirs.seller.village == other_village  # following a foreign key still works
    with no_village(), across_villages("test: reading every village on purpose"):
        assert Product.objects.count() == 2


def test_the_scope_cannot_be_opened_without_a_village_or_a_reason():
    with pytest.raises(ScopeError):
        village_scope(None).__enter__()
    with pytest.raises(ValueError):
        across_villages("").__enter__()


def test_a_task_runs_in_its_own_village_whatever_its_caller_had(village, other_village):
    ours = make_product(make_seller(village), "Gula Aren")
    make_product(make_seller(other_village), "Guci")

    @in_village
    def names(village_id):
        return list(Product.objects.values_list("name", flat=True))

    with across_villages("test: a caller that sees everything"):
        assert names(village.pk) == [ours.name]


def test_a_shop_request_cannot_reach_another_villages_rows(client, village, other_village):
    theirs = make_product(make_seller(other_village), "Guci")
    make_product(make_seller(village), "Gula Aren")
    assert client.get(f"/batu-ampar/produk/{theirs.slug}/").status_code == 404
    assert client.get(f"/bangunjiwo/produk/{theirs.slug}/").status_code == 200
