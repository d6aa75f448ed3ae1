"""Order placement and state changes through the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from factories import make_product, make_seller

from tokodesa.cart.services import cart_add, cart_get_or_create
from tokodesa.catalog.models import Product, Variant
from tokodesa.checkout import services as checkout
from tokodesa.orders import services
from tokodesa.orders.models import Order

pytestmark = pytest.mark.django_db

BUYER = checkout.BuyerDetails(name="Rina", whatsapp="081298765432")
ADDRESS = checkout.AddressDetails(village_code="34.71.01.1001", street="Jl. Suryowijayan 12")


def place(village, variant, quantity=1, **kwargs):
    cart = cart_get_or_create(village=village, session={})
    cart_add(cart=cart, variant_id=variant.pk, quantity=quantity)
    kwargs.setdefault("delivery_code", "pickup")
    kwargs.setdefault("payment_code", "bank_transfer")
    return checkout.order_place(cart=cart, buyer=BUYER, address=ADDRESS, **kwargs)


@pytest.fixture
def variant(seller, regions, bank_account):
    return make_product(seller, "Gula Aren", price=22000, stock=5).variants.get()


def stock(variant):
    return Variant.objects.get(pk=variant.pk).stock


def test_the_order_keeps_what_was_bought_when_the_catalogue_changes(village, variant):
    order = place(village, variant, 2)
    Variant.objects.filter(pk=variant.pk).update(price=99000, label="1 kg")
    Product.objects.filter(pk=variant.product_id).update(name="Gula Semut")
    line = Order.objects.get(pk=order.pk).lines.get()
    assert (line.product_name, line.variant_label, line.unit_price, line.line_total) == (
        "Gula Aren",
        "500 g",
        22000,
        44000,
    )


def test_order_codes_are_short_readable_and_not_sequential(village, variant):
    codes = {place(village, variant).code for _ in range(5)}
    assert len(codes) == 5
    for code in codes:
        prefix, body = code.split("-")
        assert prefix == "BTA" and len(body) == 5
        assert not set(body) & set("01OIL")


def test_a_legal_path_is_recorded_with_who_and_why(village, variant, staff):
    order = place(village, variant)
    order = services.order_mark_paid(order=order, actor=staff, reason="Transfer BRI masuk")
    order = services.order_start_preparing(order=order, actor=staff)
    order = services.order_complete(order=order, actor=staff)  # pickup: handed over
    events = list(order.events.values_list("from_status", "to_status", "actor_label", "reason"))
    assert events == [
        ("", "awaiting_payment", "Rina", ""),
        ("awaiting_payment", "paid", "Sari", "Transfer BRI masuk"),
        ("paid", "processing", "Sari", ""),
        ("processing", "completed", "Sari", ""),
    ]


def test_illegal_transitions_are_refused_and_change_nothing(village, variant, staff):
    order = place(village, variant)
    with pytest.raises(ValidationError) as error:
        services.order_ship(order=order, actor=staff)
    assert "menunggu pembayaran" in str(error.value.messages[0])
    with pytest.raises(ValidationError):
        services.order_complete(order=order, actor=staff)
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment"
    assert order.events.count() == 1


def test_cancel_releases_stock_exactly_once(village, variant, staff):
    order = place(village, variant, 3)
    assert stock(variant) == 2
    services.order_cancel(order=order, actor=staff, reason="Pembeli minta batal")
    assert stock(variant) == 5
    with pytest.raises(ValidationError):
        services.order_cancel(order=order, actor=staff, reason="lagi")
    with pytest.raises(ValidationError):
        services.order_expire(order=order)
    assert stock(variant) == 5
    assert Product.objects.get(pk=variant.product_id).stock_total == 5


def test_cancel_needs_a_reason(village, variant, staff):
    order = place(village, variant)
    with pytest.raises(ValidationError):
        services.order_cancel(order=order, actor=staff, reason="  ")


def test_unpaid_orders_expire_on_time_and_release_stock(village, variant, settings):
    due = place(village, variant, 2)
    fresh = place(village, variant, 1)
    Order.objects.filter(pk=due.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("expire_orders")
    assert Order.objects.get(pk=due.pk).status == "expired"
    assert Order.objects.get(pk=fresh.pk).status == "awaiting_payment"
    assert stock(variant) == 4
    assert services.orders_expire_due() == 0  # running again changes nothing
    assert stock(variant) == 4


def test_paid_orders_never_expire(village, variant, staff):
    order = place(village, variant)
    services.order_mark_paid(order=order, actor=staff)
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert services.orders_expire_due() == 0


def test_whatsapp_order_is_confirmed_with_the_agreed_fee(village, variant, staff):
    order = place(village, variant, 2, delivery_code="whatsapp", payment_code="")
    assert (order.status, order.total) == ("awaiting_confirmation", 44000)
    with pytest.raises(ValidationError):
        services.order_confirm(order=order, actor=staff, shipping_fee=-5)
    order = services.order_confirm(order=order, actor=staff, shipping_fee=18000)
    assert (order.status, order.shipping_fee, order.total) == ("awaiting_payment", 18000, 62000)


def test_out_of_stock_names_the_line_and_saves_nothing(village, variant):
    cart = cart_get_or_create(village=village, session={})
    cart_add(cart=cart, variant_id=variant.pk, quantity=5)
    Variant.objects.filter(pk=variant.pk).update(stock=2)  # someone else bought meanwhile
    with pytest.raises(services.OutOfStock) as error:
        checkout.order_place(
            cart=cart,
            buyer=BUYER,
            address=ADDRESS,
            delivery_code="pickup",
            payment_code="bank_transfer",
        )
    assert "Gula Aren" in error.value.messages[0]
    assert not Order.objects.exists() and stock(variant) == 2
    assert cart.items.count() == 1  # the cart is kept so the buyer can change it


def test_fees_and_prices_are_never_taken_from_the_buyer(village, variant):
    with pytest.raises(ValidationError):
        place(village, variant, delivery_code="kurir-gratis")
    with pytest.raises(ValidationError):
        place(village, variant, payment_code="bayar-nanti")


def test_the_shop_team_is_told_about_new_orders(
    village, variant, staff, mailoutbox, django_capture_on_commit_callbacks
):
    staff.email = "sari@batuampar.id"
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        order = place(village, variant)
    assert any("sari@batuampar.id" in m.to and order.code in m.subject for m in mailoutbox)


def test_a_seller_of_another_village_is_never_in_the_cart(village, variant, other_village):
    theirs = make_product(make_seller(other_village), "Guci").variants.get()
    cart = cart_get_or_create(village=village, session={})
    with pytest.raises(ValidationError):
        cart_add(cart=cart, variant_id=theirs.pk)
