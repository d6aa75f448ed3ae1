"""Browser tests: Playwright (sync API) driving Debian's Chromium against ``live_server``.

``browser`` is launched once per test module: while Playwright runs, its event loop counts
as running in this thread, which changes how Django hands out database connections (see
``_national_categories``), so it should not outlive the browser tests. Each test gets a
fresh village shop (the live server needs a transactional database, which is emptied after
every test) and opens it on a 360 px phone through ``shopper()``.
"""

import functools
import importlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pytest

# Playwright's sync API runs an asyncio event loop in the test thread; without this Django
# refuses ORM calls made from the test (creating the data, reading it back).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STRICT = os.environ.get("TOKODESA_STRICT") == "1"  # CI: a skipped browser test is a defect
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
VIEWPORT_WIDTH = 360
PHONE = {
    "viewport": {"width": VIEWPORT_WIDTH, "height": 800},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "id-ID",
}
TIMEOUT_MS = 10_000
# Big enough for the 240 and 480 px WebP renditions, small enough to keep the tests fast.
PHOTO_SIZE = 720


def _unavailable(reason: str):
    if STRICT:
        pytest.fail(
            f"{reason}. TOKODESA_STRICT=1 forbids skipping the browser tests.", pytrace=False
        )
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# --------------------------------------------------------------------------- the shop


@functools.cache
def _illustration(kind: str, variant: int = 0) -> bytes:
    from tokodesa.demo import art

    return art.product_illustration(kind, variant=variant, size=PHOTO_SIZE)


@functools.cache
def _portrait(name: str) -> bytes:
    from tokodesa.demo import art

    return art.portrait(name, size=192)


class Item(NamedTuple):
    name: str
    category: str
    unit: str
    variants: list  # (label, price, weight_g, stock)
    photos: list  # (art kind, variant)
    description: str
    featured: bool = False


# Seller (display name, shop name) → products. Only the bamboo seller's things say "bambu".
CATALOGUE = {
    ("Ibu Siti Aminah", "Gula Aren Bu Siti"): [
        Item(
            "Gula Aren Cetak Batok",
            "gula-pemanis",
            "kg",
            [("500 g", 22000, 600, 40), ("1 kg", 40000, 1100, 25)],
            [("gula-aren", 0)],
            "Gula aren asli dari nira pohon aren, dimasak di tungku kayu dan dicetak di "
            "batok kelapa. Harum karamel, manisnya lembut.",
            featured=True,
        ),
    ],
    ("Bapak Harun Rasyid", "Kopi Kebun Pak Harun"): [
        Item(
            "Kopi Bubuk Robusta",
            "kopi-teh",
            "bungkus",
            [("100 g", 15000, 130, 50), ("250 g", 32000, 290, 30)],
            [("kopi-bubuk", 0)],
            "Kopi bubuk robusta petik merah, sangrai sedang, giling halus.",
            featured=True,
        ),
    ],
    ("Bapak Darmawan", "Bambu Kreasi Batu Ampar"): [
        Item(
            "Cangkir Bambu",
            "kerajinan-bambu",
            "pcs",
            [("1 buah", 15000, 200, 60), ("Set 6 buah", 80000, 1000, 10)],
            [("cangkir-bambu", 0), ("cangkir-bambu", 1)],
            "Cangkir dari ruas bambu betung, diamplas halus dan dilapisi pelapis aman pangan.",
            featured=True,
        ),
        Item(
            "Nampan Bambu Anyam",
            "kerajinan-bambu",
            "pcs",
            [("Bulat 30 cm", 45000, 450, 12), ("Persegi 40 × 30 cm", 55000, 600, 7)],
            [("nampan-bambu", 0)],
            "Nampan anyaman bambu dengan bingkai rotan, untuk kue, buah atau gelas.",
        ),
    ],
    ("Ibu Yuliana", "Pot Bunga Yuli"): [
        Item(
            "Pot Bunga Motif Daun",
            "pot-hiasan-taman",
            "pcs",
            [("Kecil (15 cm)", 20000, 1300, 30), ("Besar (35 cm)", 60000, 5200, 0)],
            [("pot-bunga", 0)],
            "Pot tanah liat yang dicat tangan dengan motif daun, ada lubang air di bawah.",
        ),
    ],
}


@dataclass
class Storefront:
    """The village shop as served by the live server, e.g. ``http://localhost:8081/batu-ampar``."""

    url: str
    village: object
    products: dict = field(default_factory=dict)
    sellers: dict = field(default_factory=dict)

    def at(self, path: str = "/") -> str:
        return self.url + path

    def path_re(self, path: str) -> re.Pattern:
        """The exact URL of ``path`` in this shop (query string included, if given)."""
        return re.compile(re.escape(self.at(path)) + r"(#[\w-]+)?$")


def _national_categories():
    """Put back the category tree of data migration 0003, if the previous test flushed it.

    Not ``serialized_rollback``: Django keeps the serialized database on the connection object,
    and once Playwright's event loop runs in this thread asgiref hands out other connection
    objects (a context-local set), which do not have it.
    """
    from django.apps import apps

    migration = importlib.import_module("tokodesa.catalog.migrations.0003_national_categories")
    migration.forwards(apps, None)


@pytest.fixture
def storefront(live_server) -> Storefront:
    """Desa Batu Ampar with four sellers, five products on sale and their photos."""
    from factories import make_product, make_seller, make_village, upload

    from tokodesa.catalog.services import VariantData, product_image_add

    _national_categories()
    village = make_village()
    shop = Storefront(url=f"{live_server.url}/{village.slug}", village=village)
    for (display_name, shop_name), items in CATALOGUE.items():
        seller = make_seller(
            village,
            display_name=display_name,
            shop_name=shop_name,
            story=f"{display_name} berjualan di {village.name}.",
            photo=upload(_portrait(display_name)),
        )
        shop.sellers[display_name] = seller
        for item in items:
            product = make_product(
                seller,
                item.name,
                category_slug=item.category,
                unit=item.unit,
                is_featured=item.featured,
                description=item.description,
                variants=[
                    VariantData(label=label, price=price, weight_g=weight, stock=stock)
                    for label, price, weight, stock in item.variants
                ],
            )
            for kind, variant in item.photos:
                picture = upload(_illustration(kind, variant))
                product_image_add(product=product, upload=picture, alt=item.name)
            shop.products[item.name] = product
    return shop


# --------------------------------------------------------------------------- the phone


# The innermost elements reaching past the phone's width (for the failure message). A mobile
# browser zooms out to fit wide content, so compare with the width, not with innerWidth.
WIDER_THAN = """width => {
    const wide = new Set([...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > width + 0.5));
    return [...wide].filter(e => ![...e.children].some(c => wide.has(c))).slice(0, 8)
        .map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> `
                  + `right=${Math.round(e.getBoundingClientRect().right)}px`);
}"""


# Form controls whose font is not the page's (browsers give inputs, selects and buttons their
# own unless the CSS says to inherit).
OWN_FONT = """() => {
    const body = getComputedStyle(document.body).fontFamily;
    return [...document.querySelectorAll('input, select, textarea, button')]
        .filter(e => e.type !== 'hidden' && getComputedStyle(e).fontFamily !== body)
        .slice(0, 5).map(e => `<${e.tagName.toLowerCase()} name="${e.name}">`
                               + ` ${getComputedStyle(e).fontFamily}`);
}"""


# Every control a thumb taps is at least 44 px both ways; links inside running text are read,
# then tapped with the line's height, and radios/checkboxes are tapped through their labels.
SMALL_TARGETS = """() => [...document.querySelectorAll(
        'header a, header button, .team-nav a, main button, main input:not([type=hidden]),'
        + ' main select, main summary, main .btn, main a.dl, .tools a, .tools button')]
    .filter(e => e.offsetParent !== null)
    .map(e => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.width < 44 || r.height < 44)
    .filter(([e, r]) => !(e.type === 'radio' || e.type === 'checkbox'))  // their labels are tapped
    .map(([e, r]) => `${e.tagName.toLowerCase()} "${(e.textContent || e.name || '').trim()
        .slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`)"""


class Shopper:
    """One phone (a browser context) with helpers that check every page it shows."""

    def __init__(self, context, test_name: str):
        self.context = context
        self.page = context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.test_name = test_name
        self.step = 0
        self.broken: list[str] = []
        self.page.on("response", self._on_response)
        self.page.on("requestfailed", self._on_request_failed)
        self.page.on("pageerror", lambda exc: self.broken.append(f"JavaScript error: {exc}"))

    def _on_response(self, response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.broken.append(f"HTTP {response.status} {response.url}")

    def _on_request_failed(self, request):
        if "ERR_ABORTED" not in (request.failure or ""):  # not: cancelled by leaving the page
            self.broken.append(f"{request.failure} {request.url}")

    def goto(self, url: str):
        response = self.page.goto(url)
        assert response is not None and response.status == 200, (url, response)
        return response

    def check(self, step: str) -> Path:
        """Screenshot the page, then assert that it fits the phone and nothing on it failed."""
        self.step += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.test_name}-{self.step:02d}-{step}.png"
        self.page.wait_for_load_state("load")
        self.page.screenshot(path=str(path), full_page=True, scale="css")
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > VIEWPORT_WIDTH:
            too_wide = self.page.evaluate(WIDER_THAN, VIEWPORT_WIDTH)
            pytest.fail(
                f"{step}: the page scrolls sideways at {VIEWPORT_WIDTH} px (scrollWidth={width}): "
                f"{too_wide} – see {path}"
            )
        odd_fonts = self.page.evaluate(OWN_FONT)
        assert not odd_fonts, f"{step}: form controls not in the site's font: {odd_fonts}"
        assert not self.broken, f"{step}: {self.broken}"
        return path

    def small_targets(self) -> list[str]:
        """The page's controls smaller than 44 px in a direction, described for the failure."""
        return self.page.evaluate(SMALL_TARGETS)

    def accessible(self, step: str) -> None:
        """axe-core (the copy shipped with axe-playwright-python) finds nothing on the page."""
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        assert results.violations_count == 0, f"{step}: {results.generate_report()}"


@pytest.fixture
def shopper(browser, request):
    """``shopper(javascript=True)`` → a Shopper on a fresh 360×800 phone."""
    contexts = []
    test_name = request.node.name.removeprefix("test_").replace("_", "-")

    def open_phone(*, javascript: bool = True) -> Shopper:
        context = browser.new_context(java_script_enabled=javascript, **PHONE)
        contexts.append(context)
        return Shopper(context, test_name)

    yield open_phone
    for context in contexts:
        context.close()


# --------------------------------------------------------------------------- paying


@pytest.fixture
def shop_bank_account(storefront):
    """The village shop's bank account, so checkout offers a bank transfer (with kode unik)."""
    from tokodesa.payments.services import bank_account_add

    return bank_account_add(
        actor=None,
        village=storefront.village,
        bank_name="BRI",
        account_number="0123-01-000456-30-1",
        account_holder="BUMDes Batu Ampar",
    )


@pytest.fixture
def shop_qris(storefront):
    """The village shop's static QRIS code, so checkout offers QRIS."""
    from payments.qris_samples import NATIONAL_ONLY

    from tokodesa.payments.services import payment_settings_update

    return payment_settings_update(
        actor=None, village=storefront.village, qris_payload=NATIONAL_ONLY
    )


class Login(NamedTuple):
    user: object
    username: str
    password: str


@pytest.fixture
def shop_staff(storefront) -> Login:
    """A member of the village shop's team (role staff): logs in at /<slug>/masuk/ or the admin."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from tokodesa.villages.services import membership_grant

    password = "kopi-aren-2024"  # noqa: S105 (a test user's)
    user = get_user_model().objects.create_user(
        username="petugas", first_name="Rina", last_name="Petugas"
    )
    # One PBKDF2 round instead of a million: the login still checks it (and upgrades it).
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(password, hasher.salt(), iterations=1)
    user.save(update_fields=["password"])
    membership_grant(village=storefront.village, user=user, role="staff")
    return Login(user, user.username, password)


# --------------------------------------------------------------------------- the back office


@pytest.fixture
def village_fee(storefront) -> int:
    """The village keeps 5 % of every sale (500 basis points) from what its sellers earn."""
    from tokodesa.villages.models import Village

    Village.objects.filter(pk=storefront.village.pk).update(fee_basis_points=500)
    storefront.village.refresh_from_db()
    return storefront.village.fee_basis_points


@pytest.fixture
def shop_seller(storefront) -> Login:
    """Ibu Yuliana (Pot Bunga Yuli) with a login to her stall at /<slug>/lapak/."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from tokodesa.sellers.services import seller_link_user

    password = "pot-tanah-liat-7"  # noqa: S105 (a test user's)
    user = get_user_model().objects.create_user(
        username="yuliana", first_name="Yuliana", last_name=""
    )
    hasher = PBKDF2PasswordHasher()  # one round, as for shop_staff
    user.password = hasher.encode(password, hasher.salt(), iterations=1)
    user.save(update_fields=["password"])
    seller_link_user(seller=storefront.sellers["Ibu Yuliana"], user=user)
    return Login(user, user.username, password)


@pytest.fixture
def quick_logins(settings):
    """Logging in rehashes the one-round test passwords: with MD5 first, not with a million
    PBKDF2 rounds (about a second per login). The PBKDF2 hashes above still check out."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
