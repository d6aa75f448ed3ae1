"""The tenant: a village shop, the host names it answers on, and the people who run it."""

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from tokodesa.core.fields import PhotoField
from tokodesa.core.tenancy import VillageManager
from tokodesa.core.validators import validate_whatsapp

# First path segments that can never be a village slug on the platform's host.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "static",
        "media",
        "api",
        "akun",
        "bahasa",
        "i18n",
        "portal",
        "desa",
        "cari",
        "robots.txt",
        "sitemap.xml",
        "favicon.ico",
        "www",
        "tokodesa",
        "kategori",
        "produk",
        "penjual",
        "keranjang",
        "pesan",
        "pesanan",
        "kelola",
        "wilayah",
        "daftar-desa",
        "operator",
        "statistik",
        "pantau",
        "masuk",
        "keluar",
        "jelajah",
    }
)

region_code_validator = RegexValidator(
    r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$",
    _("Use the Kemendagri village code, e.g. 17.08.05.2007."),
)
HOST_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9-]{1,63})*$")


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(value)s” is reserved; choose another address."), params={"value": value}
        )


class Village(models.Model):
    class TimeZone(models.TextChoices):
        WIB = "Asia/Jakarta", _("WIB (UTC+7)")
        WITA = "Asia/Makassar", _("WITA (UTC+8)")
        WIT = "Asia/Jayapura", _("WIT (UTC+9)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        ACTIVE = "active", _("open")
        SUSPENDED = "suspended", _("closed")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("web address"), max_length=60, unique=True, validators=[validate_slug_not_reserved]
    )
    region_code = models.CharField(
        _("Kemendagri region code"), max_length=13, validators=[region_code_validator]
    )
    district = models.CharField(_("kecamatan"), max_length=120)
    regency = models.CharField(_("kabupaten/kota"), max_length=120)
    province = models.CharField(_("province"), max_length=120)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    story = models.TextField(_("story"), blank=True)
    # Shown at 32 px in the header: 128 px is sharp on a 4× screen, and ~3 KB.
    LOGO_SIDE = 128
    logo = PhotoField(_("logo"), upload_to="villages/logos/", blank=True, max_side=LOGO_SIDE)
    whatsapp = models.CharField(
        _("WhatsApp number"),
        max_length=16,
        blank=True,
        validators=[validate_whatsapp],
        help_text=_("In international form, e.g. +6281234567890."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=20, choices=TimeZone.choices, default=TimeZone.WIB
    )
    transparency_public = models.BooleanField(
        _("show the public transparency page"),
        default=True,
        help_text=_(
            "Turnover per month, number of villager sellers and top products; no buyer data."
        ),
    )
    review_products = models.BooleanField(
        _("review sellers' products before they go on sale"), default=True
    )
    problem_days = models.PositiveSmallIntegerField(
        _("days to report a problem with a received order"),
        default=3,
        validators=[MaxValueValidator(60)],
    )
    fee_basis_points = models.PositiveIntegerField(
        _("village fee (hundredths of a percent)"),
        default=0,
        validators=[MaxValueValidator(10_000)],
        help_text=_("Kept by the village from each sale, e.g. 500 = 5%. 0 keeps nothing."),
    )
    order_prefix = models.CharField(
        _("order code prefix"),
        max_length=4,
        validators=[RegexValidator(r"^[A-Z]{2,4}$", _("Use 2 to 4 capital letters, e.g. BTA."))],
        help_text=_("Starts every order code, e.g. BTA-7K3Q9."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region_code__regex=r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
                name="village_region_code_format",
            ),
        ]
        indexes = [
            # The portal's shops of a region: a range of codes among the open shops.
            models.Index(fields=["status", "region_code"], name="village_status_region"),
            # The portal's "new villages this month".
            models.Index(fields=["status", "-created_at"], name="village_status_created"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def whatsapp_digits(self) -> str:
        """The number as wa.me wants it: digits only, country code first."""
        return self.whatsapp.lstrip("+")


def order_prefix_for(name: str) -> str:
    """Three letters for order codes from a village name: "Desa Batu Ampar" → "BTA".

    The first letter, the next consonant, then the next word's first letter (or the next
    consonant again); an "X" fills in for names too short ("Desa A" → "AXX").
    """
    words = [
        w
        for w in re.sub(r"[^A-Za-z ]", " ", name).upper().split()
        if w not in {"DESA", "KELURAHAN", "NAGARI", "GAMPONG", "KAMPUNG"}
    ]
    if not words:
        return "TKD"
    first, rest = words[0], words[0][1:]
    second = next((c for c in rest if c not in "AEIOU"), rest[:1] or "X")
    if len(words) > 1:
        third = words[1][0]
    else:
        after = rest[rest.index(second) + 1 :] if second in rest else ""
        third = next((c for c in after if c not in "AEIOU"), "X")
    return f"{first[0]}{second}{third}"


def _domain_token() -> str:
    return secrets.token_urlsafe(16)


class Domain(models.Model):
    """A host name a village shop answers on, e.g. ``toko.batuampar.id``."""

    village = models.ForeignKey(
        Village, on_delete=models.CASCADE, related_name="domains", verbose_name=_("village")
    )
    host = models.CharField(
        _("host name"),
        max_length=253,
        unique=True,
        help_text=_("Without http:// and without a path, e.g. toko.batuampar.id"),
    )
    is_primary = models.BooleanField(
        _("main address"),
        default=False,
        help_text=_("Search engines are told to use this address."),
    )
    # A host a village admin adds serves only once it is shown to point at the platform: the
    # platform asks http://<host>/.well-known/tokodesa-domain/<token> and must answer itself.
    token = models.CharField(max_length=32, default=_domain_token, editable=False)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True, editable=False)

    objects = VillageManager()

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        constraints = [
            models.UniqueConstraint(
                fields=["village"],
                condition=models.Q(is_primary=True),
                name="one_primary_domain_per_village",
            ),
            models.CheckConstraint(
                condition=models.Q(host=Lower("host")), name="domain_host_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return self.host

    def clean(self) -> None:
        self.host = (self.host or "").strip().lower().rstrip(".")
        if not HOST_RE.match(self.host):
            raise ValidationError({"host": _("Enter a host name such as toko.batuampar.id.")})


class Membership(models.Model):
    """A user's role in one village shop."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("village admin")
        STAFF = "staff", _("shop staff")
        SELLER = "seller", _("seller")

    village = models.ForeignKey(
        Village, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("village")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                fields=["village", "user"], name="one_role_per_user_per_village"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.village}"
