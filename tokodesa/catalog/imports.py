"""Reading a spreadsheet of products (CSV, as Excel or Google Sheets saves it).

One row per variant; rows with the same seller and product name are one product. Columns, in
any order, by their Indonesian or English header (case and spaces do not matter):

    penjual | produk | kategori | satuan | deskripsi | varian | harga | berat_gram | stok | sku

``penjual`` is a seller of the village (their name or web address), ``kategori`` a category
of the national tree (name or web address), ``satuan`` kg, gram, pcs, botol, bungkus, toples,
ikat, set or liter (empty: pcs). Prices may be written ``15000``, ``15.000`` or ``Rp15.000``.
Comma- and semicolon-separated files both work (Indonesian Excel saves with ``;``), in UTF-8
or Windows' encoding. Nothing here writes: ``read_products`` returns what the rows say and
every wrong row, and ``catalog.services.products_import`` saves all of it or nothing.
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext as _

from tokodesa.core.numbers import MAX_STOCK, parse_int

from .models import Category, Product

MAX_ROWS = 2000
MAX_PRICE = 2_000_000_000

COLUMNS = {
    "seller": ("penjual", "seller"),
    "name": ("produk", "nama_produk", "product", "name"),
    "category": ("kategori", "category"),
    "unit": ("satuan", "unit"),
    "description": ("deskripsi", "keterangan", "description"),
    "label": ("varian", "ukuran", "variant"),
    "price": ("harga", "price"),
    "weight_g": ("berat_gram", "berat", "weight_g", "weight"),
    "stock": ("stok", "stock"),
    "sku": ("sku", "kode"),
}
REQUIRED = ("seller", "name", "category", "label", "price", "weight_g", "stock")


@dataclass(frozen=True)
class RowProblem:
    row: int  # the line in the file (the header is line 1)
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ProductRows:
    seller: object
    name: str
    category: Category
    unit: str
    description: str
    first_row: int
    variants: list = field(default_factory=list)  # (label, price, weight_g, stock, sku)


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _key(text: str) -> str:
    return "_".join(str(text or "").strip().lower().replace("-", " ").split())


def _header_map(header: list[str]) -> tuple[dict[str, int], list[str]]:
    names = [_key(h) for h in header]
    found, missing = {}, []
    for column, aliases in COLUMNS.items():
        at = next((i for i, name in enumerate(names) if name in aliases), None)
        if at is not None:
            found[column] = at
        elif column in REQUIRED:
            missing.append(aliases[0])
    return found, missing


def read_products(*, village, data: bytes | str) -> tuple[list[ProductRows], list[RowProblem]]:
    """The products a file describes, or every problem it has (then nothing should be saved)."""
    if len(data) > 1024 * 1024:
        return [], [RowProblem(1, _("The file is too big (at most 1 MB)."))]
    text = _decode(data)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        return [], [RowProblem(1, _("The file is empty."))]
    columns, missing = _header_map(rows[0])
    if missing:
        return [], [
            RowProblem(
                1,
                _("The first row must name the columns; missing: %(names)s.")
                % {"names": ", ".join(missing)},
            )
        ]
    if len(rows) - 1 > MAX_ROWS:
        return [], [RowProblem(1, _("At most %(n)d rows at a time.") % {"n": MAX_ROWS})]

    sellers = {}
    for seller in village.sellers.filter(status="active"):
        sellers[_key(seller.display_name)] = sellers[seller.slug] = seller
        if seller.shop_name:
            sellers[_key(seller.shop_name)] = seller
    known_sellers = ", ".join(sorted({seller.display_name for seller in sellers.values()})[:8])
    categories = {}
    for category in Category.objects.filter(parent__isnull=False):
        categories[_key(category.name)] = categories[category.slug] = category
    units = {}
    for value, label in Product.Unit.choices:
        units[value] = units[_key(str(label))] = value
    existing = {
        (seller_id, _key(name))
        for seller_id, name in Product.objects.filter(village=village).values_list(
            "seller_id", "name"
        )
    }

    products: dict[tuple, ProductRows] = {}
    problems: list[RowProblem] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # an empty line in the sheet

        def cell(column, row=row):
            at = columns.get(column)
            return row[at].strip() if at is not None and at < len(row) else ""

        wrong = []
        seller = sellers.get(_key(cell("seller"))) or sellers.get(slugify(cell("seller")))
        if seller is None:
            wrong.append(
                _("no active seller of this village is called “%(name)s” (sellers: %(known)s)")
                % {"name": cell("seller")[:60], "known": known_sellers or "–"}
            )
        name = " ".join(cell("name").split())
        if not name or len(name) > 120:
            wrong.append(_("the product name must be 1–120 characters"))
        category = categories.get(_key(cell("category"))) or categories.get(
            slugify(cell("category"))
        )
        if category is None:
            wrong.append(_("unknown category “%(name)s”") % {"name": cell("category")[:60]})
        unit = units.get(_key(cell("unit")) or "pcs")
        if unit is None:
            wrong.append(_("unknown unit “%(unit)s”") % {"unit": cell("unit")[:20]})
        label = cell("label")
        if not label or len(label) > 60:
            wrong.append(_("the variant (size or kind) must be 1–60 characters"))
        price = parse_int(cell("price"), minimum=1, maximum=MAX_PRICE, grouped=True)
        if price is None:
            wrong.append(
                _("the price must be whole rupiah, e.g. 15000 — not “%(text)s”")
                % {"text": cell("price")[:20]}
            )
        weight = parse_int(cell("weight_g"), minimum=1, maximum=1_000_000, grouped=True)
        if weight is None:
            wrong.append(_("the weight must be grams, 1 to 1,000,000"))
        stock = parse_int(cell("stock"), minimum=0, maximum=MAX_STOCK, grouped=True)
        if stock is None:
            wrong.append(_("the stock must be a whole number, 0 or more"))
        sku = cell("sku")[:40]
        if seller is not None and name and (seller.pk, _key(name)) in existing:
            wrong.append(
                _("%(name)s is already in the shop: change it on its page") % {"name": name}
            )
        if wrong:
            problems.append(RowProblem(number, "; ".join(wrong)))
            continue
        key = (seller.pk, _key(name))
        product = products.get(key)
        if product is None:
            product = products[key] = ProductRows(
                seller, name, category, unit, cell("description")[:5000], number
            )
        elif product.category != category or product.unit != unit:
            problems.append(
                RowProblem(
                    number,
                    _("%(name)s has another category or unit on row %(row)d")
                    % {"name": name, "row": product.first_row},
                )
            )
            continue
        if any(_key(v[0]) == _key(label) for v in product.variants):
            problems.append(
                RowProblem(
                    number,
                    _("%(name)s has the variant “%(label)s” twice")
                    % {"name": name, "label": label},
                )
            )
            continue
        product.variants.append((label, price, weight, stock, sku))
    if not products and not problems:
        problems.append(RowProblem(2, _("The file has no product rows.")))
    return list(products.values()), problems


def sample_csv(village) -> str:
    """An example sheet for this village: its own first seller, two sizes of one product."""
    seller = village.sellers.filter(status="active").order_by("pk").first()
    name = seller.display_name if seller else "Ibu Siti"
    return (
        "penjual;produk;kategori;satuan;deskripsi;varian;harga;berat_gram;stok;sku\n"
        f"{name};Gula Aren Cetak;Gula & Pemanis;bungkus;Gula aren dari nira;500 g;25.000;550;20;\n"
        f"{name};Gula Aren Cetak;Gula & Pemanis;bungkus;;1 kg;48.000;1050;10;\n"
    )
