"""Delivery at checkout (pickup, village courier, couriers), shipping with a resi, and after."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from factories import make_product, place_order

from tokodesa.catalog.services import VariantData
from tokodesa.orders import services as orders
from tokodesa.orders.models import Order
from tokodesa.shipping import services as shipping
from tokodesa.shipping import services as shipping_services
from tokodesa.shipping.methods import Destination, Parcel, delivery_options

pytestmark = pytest.mark.django_db

YOGYA = Destination("34", "34.71", "34.71.01", "34.71.01.1001")
NEIGHBOUR = Destination("17", "17.08", "17.08.05", "17.08.05.2007")


def options(village, destination, weight=1000, subtotal=50000):
    return delivery_options(
        village=village, destination=destination, parcel=Parcel(weight_g=weight, subtotal=subtotal)
    )


def test_a_buyer_in_another_province_sees_couriers_cheapest_first(village):
    found = options(village, YOGYA)
    codes = [o.code for o in found]
    assert "pickup" in codes and any(c.startswith("courier:jne") for c in codes)
    fees = [o.fee for o in found]
    assert fees == sorted(fees)
    courier = next(o for o in found if o.code.startswith("courier:"))
    assert courier.estimate and courier.fee > 0


def test_heavier_parcels_cost_more_and_packing_counts(village):
    def jne(weight):
        return next(o.fee for o in options(village, YOGYA, weight) if o.code == "courier:jne-reg")

    assert jne(0) == jne(800)  # 800 g + 200 g packing = 1 kg
    assert jne(1500) > jne(800)
    shipping.shipping_settings_update(village=village, packing_allowance_g=0)
    assert jne(1100) == jne(1000)  # JNE rounds up only above 0.3 kg


def test_very_heavy_parcels_leave_only_the_services_that_carry_them(village):
    light = {o.code for o in options(village, YOGYA, 1000)}
    heavy = {o.code for o in options(village, YOGYA, 120_000)}
    assert heavy < light and "pickup" in heavy


def test_a_destination_the_table_lacks_still_offers_other_methods(village):
    found = options(village, Destination("99", "99.01", "99.01.01", "99.01.01.2001"))
    assert [o.code for o in found] == ["pickup"]


def test_village_courier_only_where_the_village_delivers(village):
    shipping.shipping_settings_update(
        village=village, local_enabled=True, local_free_minimum=100000
    )
    shipping.local_area_set(village=village, region_code="17.08.05", region_name="Merigi", fee=5000)
    near = {o.code: o.fee for o in options(village, NEIGHBOUR, subtotal=50000)}
    assert near["local"] == 5000
    assert {o.code: o.fee for o in options(village, NEIGHBOUR, subtotal=150000)}["local"] == 0
    assert "local" not in {o.code for o in options(village, YOGYA)}


def test_an_imported_rate_table_replaces_the_standard_one_all_or_nothing(village):
    header = "courier,service,zone,first_kg,next_kg,days_min,days_max,rounding\n"
    good = header + "JNE,REG,4,12345,12345,2,4,over_300g\n"
    result = shipping.rate_table_import(village=village, csv_text=good)
    assert result.imported == 1 and not result.errors
    assert [(o.code, o.fee) for o in options(village, YOGYA) if o.code != "pickup"] == [
        ("courier:jne-reg", 12345)
    ]
    bad = good + "JNE,REG,x,1,1,2,1,over_300g\nKURIRKU,REG,1,1,1,1,1,ceil\n"
    result = shipping.rate_table_import(village=village, csv_text=bad)
    assert result.imported == 0 and [e.row for e in result.errors] == [3, 4]
    assert [o.fee for o in options(village, YOGYA) if o.code != "pickup"] == [12345]


@pytest.fixture
def courier_order(village, seller, regions, bank_account, staff):
    product = make_product(seller, "Pot Bunga", variants=[VariantData("besar", 60000, 5000, 3)])
    order = place_order(village, [(product.variants.get(), 1)], delivery="courier:jne-reg")
    from tokodesa.payments.services import payment_confirm

    payment_confirm(order=order, actor=staff)
    return orders.order_start_preparing(order=order, actor=staff)


def test_the_shipping_fee_is_part_of_the_order(courier_order):
    assert courier_order.shipping_fee > 0
    assert courier_order.total == courier_order.subtotal + courier_order.shipping_fee
    assert courier_order.delivery_label == "JNE REG"


@pytest.mark.parametrize("resi", ["", "ab", "JNE 1234<script>", "1234567890" * 5, "ÄÖ12345678"])
def test_odd_tracking_numbers_are_refused(courier_order, staff, resi):
    with pytest.raises(ValidationError):
        orders.order_ship(order=courier_order, actor=staff, tracking_number=resi)
    assert Order.objects.get(pk=courier_order.pk).status == "processing"


def test_shipping_with_a_resi_shows_the_tracking_link(client, courier_order, staff):
    order = orders.order_ship(order=courier_order, actor=staff, tracking_number=" jp 1234 5678 90 ")
    assert order.tracking_number == "JP1234567890" and order.tracking_courier == "jne-reg"
    session = client.session
    session["orders"] = [order.code]
    session.save()
    html = client.get(f"/batu-ampar/pesanan/{order.code}/").content.decode()
    assert "https://cekresi.com/?noresi=JP1234567890" in html and "JP1234567890" in html


def test_buyer_confirms_receipt_or_it_completes_by_itself(client, courier_order, staff):
    order = orders.order_ship(order=courier_order, actor=staff, tracking_number="JP1234567890")
    assert shipping_services.orders_complete_shipped() == 0
    Order.objects.filter(pk=order.pk).update(shipped_at=timezone.now() - timedelta(days=11))
    assert shipping_services.orders_complete_shipped() == 1
    assert Order.objects.get(pk=order.pk).status == "completed"


def test_packing_list_label_and_invoice(client, village, courier_order, staff):
    client.force_login(staff)
    packing = client.get("/batu-ampar/kelola/kemas/").content.decode()
    assert "Pot Bunga" in packing and courier_order.code in packing
    label = client.get(f"/batu-ampar/kelola/pesanan/{courier_order.code}/label/").content.decode()
    assert "105mm 148mm" in label and "Rina" in label and "+6281298765432" in label
    quantity = sum(line.quantity for line in courier_order.lines.all())
    assert f"{quantity} barang" in label and "baris" not in label  # what a courier counts
    assert "data-print" in label and f"/kelola/pesanan/{courier_order.code}/" in label  # back
    small = client.get(f"/batu-ampar/kelola/pesanan/{courier_order.code}/label/?ukuran=58mm")
    assert "58mm" in small.content.decode()
    invoice = client.get(f"/batu-ampar/pesanan/{courier_order.code}/faktur/").content.decode()
    assert "Rp60.000" in invoice and "JNE REG" in invoice


def test_rate_import_page_reports_bad_rows(client, village, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    csv = b"courier,service,zone,first_kg,next_kg,days_min,days_max,rounding\nJNE,REG,9,a,1,1,1,x\n"
    response = client.post(
        "/batu-ampar/kelola/ongkir/", {"csv": SimpleUploadedFile("tarif.csv", csv, "text/csv")}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Baris 2" in html


def test_bulky_light_items_are_charged_by_volume(village):
    light = Parcel(weight_g=1000, subtotal=350000)
    bulky = Parcel(weight_g=1000, subtotal=350000, volume_cm3=50 * 40 * 30)  # 10 kg by volume
    assert bulky.volumetric_g == 10000

    def jne(parcel):
        found = delivery_options(village=village, destination=YOGYA, parcel=parcel)
        return next(o for o in found if o.code == "courier:jne-reg")

    assert jne(bulky).fee > jne(light).fee
    assert "10 kg" in jne(bulky).detail
