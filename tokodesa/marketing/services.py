"""Write use-cases of promotions: the team saves vouchers; an order takes a use of one (in the
order's own transaction) and gives it back when it ends unsold."""

import tempfile
import uuid
from datetime import date

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from tokodesa.catalog.selectors import product_ids_by_slug
from tokodesa.core.tenancy import across_villages

from .counting import take_finished
from .models import DailyCount, Voucher, VoucherUse
from .selectors import Deal, VoucherRefused, clean_code

SCOPES = ("sellers", "categories", "products")
FEED_KEPT_SECONDS = 30 * 24 * 3600  # a feed nobody fetched for a month is not rebuilt


@transaction.atomic
def voucher_save(*, village, voucher: Voucher | None = None, **fields) -> Voucher:
    """Create (``voucher`` None) or change a voucher from the team's form.

    ``sellers``/``categories``/``products`` are rows of this village (the form offers only
    those). Orders already placed keep the discount they were given.
    """
    scope = {name: fields.pop(name, None) for name in SCOPES}
    fields["code"] = clean_code(fields.get("code", ""))
    if len(fields["code"]) < 3 or not fields["code"].isalnum():
        raise ValidationError({"code": _("Use 3 to 20 letters and digits, e.g. PANEN10.")})
    if fields.get("kind") == Voucher.Kind.PERCENT and not 1 <= fields.get("value", 0) <= 100:
        raise ValidationError({"value": _("A percentage is between 1 and 100.")})
    if not fields.get("value") and fields.get("shipping", Voucher.Shipping.NONE) == "none":
        raise ValidationError({"value": _("Say how much it takes off the goods or the shipping.")})
    if fields.get("ends_on") and fields["ends_on"] < fields["starts_on"]:
        raise ValidationError({"ends_on": _("The last day comes after the first.")})
    voucher = voucher or Voucher(village=village)
    quota = fields.get("quota")
    if quota is not None and quota < voucher.used:
        raise ValidationError(
            {"quota": _("%(used)s uses are already taken.") % {"used": voucher.used}}
        )
    for name, value in fields.items():
        setattr(voucher, name, value)
    try:
        with transaction.atomic():
            voucher.save()
    except IntegrityError as error:
        raise ValidationError(
            {"code": _("This shop already has a voucher with this code.")}
        ) from error
    for name, rows in scope.items():
        if rows is not None:
            getattr(voucher, name).set(rows)
    return voucher


def voucher_switch(*, voucher: Voucher, active: bool) -> Voucher:
    Voucher.objects.filter(village=voucher.village_id, pk=voucher.pk).update(is_active=active)
    voucher.is_active = active
    return voucher


def voucher_redeem(*, deal: Deal, order) -> VoucherUse:
    """Take one use of the deal's voucher for ``order``, in the caller's transaction.

    One conditional UPDATE takes the use (``used < quota``, still active), so racing buyers
    get exactly the quota; it also locks the voucher's row, so the per-buyer count read after
    it sees every use committed before. Raises VoucherRefused (the caller's transaction,
    with its order, is then rolled back).
    """
    taken = (
        Voucher.objects.filter(village=order.village_id, pk=deal.voucher_id, is_active=True)
        .filter(Q(quota__isnull=True) | Q(used__lt=F("quota")))
        .update(used=F("used") + 1)
    )
    if not taken:
        raise VoucherRefused(_("Voucher %(code)s has just been used up.") % {"code": deal.code})
    voucher = Voucher.objects.get(village=order.village_id, pk=deal.voucher_id)
    uses = VoucherUse.objects.filter(
        voucher=voucher, buyer_whatsapp=order.buyer_whatsapp, released=False
    ).count()
    if uses >= voucher.per_buyer:
        raise VoucherRefused(
            _("This WhatsApp number has already used voucher %(code)s.") % {"code": deal.code}
        )
    return VoucherUse.objects.create(
        village_id=order.village_id,
        voucher=voucher,
        order=order,
        buyer_whatsapp=order.buyer_whatsapp,
        discount=deal.discount,
        shipping_discount=deal.shipping_discount,
    )


def voucher_release(*, order) -> bool:
    """Give the use of an order that ended unsold back to its voucher (once)."""
    use = VoucherUse.objects.filter(village=order.village_id, order=order, released=False)
    voucher_id = use.values_list("voucher_id", flat=True).first()
    if voucher_id is None or not use.update(released=True):
        return False
    Voucher.objects.filter(village=order.village_id, pk=voucher_id, used__gt=0).update(
        used=F("used") - 1
    )
    return True


def feed_build(*, village, base: str, version: str, kinds=("google", "meta")) -> list:
    """Build the catalogue feeds of ``village`` (None: the national portal's) linking to shops
    under ``base`` (a village's address; for the portal, the platform's); they replace the
    feeds built before once written. ``version`` is the catalogue's version they show."""
    from django.core.files import File
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from tokodesa.catalog.selectors import products_for_feed

    from . import feeds
    from .models import CatalogFeed

    title = village.name if village else "TokoDesa"
    scope = str(village.pk) if village else "indonesia"

    def base_for(shop) -> str:
        if village is not None:
            return base
        host = getattr(shop, "primary_host", "")
        return f"https://{host}" if host else f"{base}/{shop.slug}"

    def pages():
        after = 0
        while page := products_for_feed(village=village, after_id=after):
            yield from page
            after = page[-1].pk

    built = []
    for kind in kinds:
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as out:  # big: on disk
            items = feeds.items_from(pages(), base_for=base_for)
            if kind == CatalogFeed.Kind.GOOGLE:
                count = feeds.write_google(items, out, title=title, link=base + "/")
                name = f"feeds/{scope}/google-{uuid.uuid4().hex[:12]}.xml"
            else:
                count = feeds.write_meta(items, out)
                name = f"feeds/{scope}/meta-{uuid.uuid4().hex[:12]}.csv"
            out.seek(0)
            path = default_storage.save(name, File(out, name=name))
        old = CatalogFeed.objects.filter(village=village, kind=kind).first()
        feed, _ = CatalogFeed.objects.update_or_create(
            village=village,
            kind=kind,
            defaults={
                "version": version,
                "base": base,
                "path": path,
                "items": count,
                "built_at": timezone.now(),
            },
        )
        if old is not None and old.path != path:
            default_storage.delete(old.path)
        built.append(feed)
    if village is not None:  # fetched: rebuild it when the catalogue changes (receivers)
        cache.set(f"feed-base:{village.pk}", base, FEED_KEPT_SECONDS)
    return built


def counts_flush(*, now=None) -> int:
    """Add the counts buffered in the cache (``counting``) to the daily rows; returns how many
    events were added. Run by the worker every minute, and by the marketing page; one at a
    time (the lock is held until the rows are written)."""
    if not cache.add("hits-flushing", 1, 120):
        return 0
    try:
        return _counts_write(take_finished(now=now))
    finally:
        cache.delete("hits-flushing")


def _counts_write(taken: dict[tuple, int]) -> int:
    """Add ``taken`` to the daily rows: one read of the rows of those villages and days, then
    one bulk update and one bulk insert."""
    if not taken:
        return 0
    by_village: dict[int, set[str]] = {}
    for village_id, _day, _kind, _page, item, _source in taken:
        if item:
            by_village.setdefault(village_id, set()).add(item)
    with (
        across_villages("the worker adds up every village's buffered counts"),
        transaction.atomic(),
    ):
        ids = {
            village_id: product_ids_by_slug(village_id=village_id, slugs=slugs)
            for village_id, slugs in by_village.items()
        }
        wanted: dict[tuple, int] = {}
        for (village_id, day, kind, page, item, source), n in taken.items():
            product_id = ids.get(village_id, {}).get(item) if item else None
            if item and product_id is None:
                continue  # a product deleted since
            key = (village_id, date.fromisoformat(day), kind, page, product_id, source)
            wanted[key] = wanted.get(key, 0) + n
        rows = DailyCount.objects.filter(
            village_id__in={k[0] for k in wanted}, day__in={k[1] for k in wanted}
        )
        existing = {(r.village_id, r.day, r.kind, r.page, r.product_id, r.source): r for r in rows}
        changed = []
        for key, n in wanted.items():
            if (row := existing.get(key)) is not None:
                row.n += n
                changed.append(row)
        DailyCount.objects.bulk_update(changed, ["n"])
        DailyCount.objects.bulk_create(
            DailyCount(village_id=v, day=day, kind=kind, page=page, product_id=p, source=src, n=n)
            for (v, day, kind, page, p, src), n in wanted.items()
            if (v, day, kind, page, p, src) not in existing
        )
    return sum(taken.values())
