"""A village that starts from a spreadsheet: products from a CSV, all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from factories import category, make_product, make_seller

from tokodesa.catalog import services
from tokodesa.catalog.imports import sample_csv
from tokodesa.catalog.models import Product, Variant

pytestmark = pytest.mark.django_db

GOOD = (
    "Penjual,Produk,Kategori,Satuan,Deskripsi,Varian,Harga,Berat_gram,Stok,SKU\n"
    "Ibu Siti,Gula Aren Cetak,Gula & Pemanis,bungkus,Dari nira aren,500 g,25.000,550,20,GA-500\n"
    "Ibu Siti,Gula Aren Cetak,Gula & Pemanis,bungkus,,1 kg,Rp48.000,1050,10,\n"
    ",,,,,,,,,\n"
    "pak-darmawan,Cangkir Bambu,kerajinan-bambu,pcs,Satu ruas bambu,Kecil,15000,200,8,\n"
)


@pytest.fixture
def villagers(village):
    category()  # the national tree (a transactional test may have emptied it)
    return make_seller(village, display_name="Ibu Siti"), make_seller(
        village, display_name="Pak Darmawan"
    )


def test_a_spreadsheet_becomes_products_with_their_variants(village, villagers):
    result = services.products_import(village=village, data=GOOD.encode())
    assert (result.created, result.variants, result.problems) == (2, 3, [])
    gula = Product.objects.get(name="Gula Aren Cetak")
    assert gula.seller == villagers[0] and gula.status == "active" and gula.unit == "bungkus"
    assert [(v.label, v.price, v.weight_g, v.stock, v.sku) for v in gula.variants.all()] == [
        ("500 g", 25000, 550, 20, "GA-500"),
        ("1 kg", 48000, 1050, 10, ""),
    ]
    assert (gula.price_min, gula.price_max, gula.stock_total) == (25000, 48000, 30)
    assert Product.objects.get(name="Cangkir Bambu").category.slug == "kerajinan-bambu"


def test_indonesian_excel_semicolons_and_windows_encoding_work(village, villagers):
    text = sample_csv(village).replace("Gula Aren Cetak", "Gula Aren Cétak")
    result = services.products_import(village=village, data=text.encode("cp1252"))
    assert result.created == 1 and result.variants == 2
    assert Product.objects.get().name == "Gula Aren Cétak"


def test_every_wrong_row_is_listed_and_nothing_is_saved(village, villagers):
    make_product(villagers[0], "Kopi Bubuk")
    bad = (
        "penjual;produk;kategori;satuan;varian;harga;berat_gram;stok\n"
        "Ibu Siti;Gula Semut;Gula & Pemanis;bungkus;250 g;15.000;300;5\n"  # fine
        "Bu Tini;Keripik;Camilan & Keripik;bungkus;100 g;10000;120;5\n"  # no such seller
        "Ibu Siti;Madu;Obat;botol;250 ml;15,5;-3;banyak\n"  # category, price, weight, stock
        "Ibu Siti;Kopi Bubuk;Kopi & Teh;bungkus;250 g;30000;260;5\n"  # already in the shop
        "Ibu Siti;Gula Semut;Gula & Pemanis;bungkus;250 g;16000;300;5\n"  # variant twice
        "Ibu Siti;Gula Semut;Kopi & Teh;bungkus;1 kg;50000;1050;5\n"  # other category
    )
    result = services.products_import(village=village, data=bad.encode())
    assert result.created == 0
    rows = {p.row: p.message for p in result.problems}
    assert set(rows) == {3, 4, 5, 6, 7}
    assert "Bu Tini" in rows[3] and "Ibu Siti, Pak Darmawan" in rows[3]  # who is there
    assert all(word in rows[4] for word in ("Obat", "15,5", "gram", "stok"))
    assert "sudah ada" in rows[5] and "dua kali" in rows[6] and "baris 2" in rows[7]
    assert str(result.problems[0]).startswith("Baris 3: ")
    assert Product.objects.count() == 1 and Variant.objects.count() == 1  # only Kopi Bubuk


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"", "kosong"),
        (b"nama;harga\nGula;1000\n", "penjual"),
        (b"penjual;produk;kategori;varian;harga;berat_gram;stok\n", "tidak berisi"),
        (b"x" * (1024 * 1024 + 1), "terlalu besar"),
    ],
)
def test_a_file_that_is_not_a_product_sheet_is_told_so(village, villagers, data, expected):
    result = services.products_import(village=village, data=data)
    assert result.created == 0 and expected in str(result.problems[0])


def test_the_team_imports_through_its_page(client, village, villagers, staff):
    client.force_login(staff)
    page = client.get("/batu-ampar/kelola/produk/impor/")
    assert page.status_code == 200 and "contoh.csv" in page.content.decode()
    sample = client.get("/batu-ampar/kelola/produk/impor/contoh.csv")
    assert sample["Content-Type"].startswith("text/csv") and b"berat_gram" in sample.content
    assert sample.content.decode().splitlines()[1].startswith("Ibu Siti;")  # its own seller
    refused = client.post(
        "/batu-ampar/kelola/produk/impor/",
        {"csv": SimpleUploadedFile("p.csv", b"penjual;produk\nx;y\n", "text/csv")},
    )
    assert refused.status_code == 200 and "Baris 1" in refused.content.decode()
    response = client.post(
        "/batu-ampar/kelola/produk/impor/",
        {"csv": SimpleUploadedFile("p.csv", GOOD.encode(), "text/csv"), "draft": "1"},
        follow=True,
    )
    assert "2 produk dengan 3 varian ditambahkan" in response.content.decode()
    assert set(Product.objects.values_list("status", flat=True)) == {"draft"}


def test_sellers_and_strangers_cannot_import(client, village, villagers):
    assert client.get("/batu-ampar/kelola/produk/impor/").status_code == 302


def test_the_command_imports_a_file(tmp_path, village, villagers):
    path = tmp_path / "produk.csv"
    path.write_text(GOOD)
    call_command("import_products", "batu-ampar", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Product.objects.count() == 2
