"""Write use-cases of the cart. The cart lives in the database; the session holds its token."""

import contextlib
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tokodesa.catalog.selectors import variant_on_sale, variants_for_cart
from tokodesa.core.numbers import MAX_ID, parse_int
from tokodesa.villages.models import Village

from .models import MAX_QUANTITY, Cart, CartItem


def _session_key(village: Village) -> str:
    return f"cart:{village.pk}"


def cart_get(*, village: Village, session) -> Cart | None:
    """The cart of this session in this village shop, if it has one."""
    token = session.get(_session_key(village))
    if not token:
        return None
    cart = Cart.objects.filter(village=village, token=token).first()
    if cart is not None:
        cart.village = village  # the caller's village object: no second read of it
    return cart


def cart_get_or_create(*, village: Village, session) -> Cart:
    cart = cart_get(village=village, session=session)
    if cart is None:
        cart = Cart.objects.create(village=village)
        session[_session_key(village)] = str(cart.token)
    return cart


def remember_count(*, village: Village, session, count: int) -> None:
    """Keep the number of items in the session so every page can show it without a query."""
    session[f"{_session_key(village)}:count"] = count


def cart_count(*, village: Village, session) -> int:
    return session.get(f"{_session_key(village)}:count", 0)


def _quantity(value) -> int:
    quantity = parse_int(value, minimum=-MAX_ID, maximum=MAX_ID)
    if quantity is None:
        raise ValidationError(_("Enter the number of items as a whole number."))
    if quantity < 0 or quantity > MAX_QUANTITY:
        raise ValidationError(
            _("The number of items must be between 1 and %(max)d.") % {"max": MAX_QUANTITY}
        )
    return quantity


@dataclass(frozen=True)
class CartChange:
    item: CartItem | None
    note: str = ""  # e.g. fewer went in than asked for, because the stock is lower


@transaction.atomic
def cart_add(*, cart: Cart, variant_id, quantity=1, source: str = "") -> CartChange:
    """Put ``quantity`` of a variant in the cart (added to what is there, up to the stock).

    Raises ValidationError, with a message for the buyer, when the variant is not sold by this
    village shop, is out of stock, or the quantity is not a sensible number.
    """
    quantity = _quantity(quantity)
    if quantity == 0:
        raise ValidationError(_("Choose at least one item."))
    variant_id = parse_int(variant_id, minimum=1, maximum=MAX_ID)
    variant = (
        variants_for_cart(village=cart.village_id, ids=[variant_id]).get(variant_id)
        if variant_id
        else None
    )
    if variant is None or not variant_on_sale(variant):
        raise ValidationError(_("This product is not sold in this shop (any more)."))
    if variant.stock == 0:
        raise ValidationError(
            _("Sorry, %(name)s is out of stock.") % {"name": variant.product.name}
        )
    item = CartItem.objects.select_for_update().filter(cart=cart, variant=variant).order_by()
    item = next(iter(item), None)  # one row at most: (cart, variant) is unique
    wanted = quantity + (item.quantity if item else 0)
    capped = min(wanted, variant.stock, MAX_QUANTITY)
    if item is None:
        item = CartItem(cart=cart, village_id=cart.village_id, variant=variant)
    item.quantity = capped
    item.price_seen = variant.price
    item.save()
    if source and not cart.source:  # the cart's first source stays its source
        cart.source = source[:40]
        Cart.objects.filter(village=cart.village_id, pk=cart.pk).update(source=cart.source)
    _touch(cart)
    return CartChange(item, _capped_note(variant, capped) if capped < wanted else "")


TOUCH_EVERY = timedelta(hours=1)


def _touch(cart: Cart) -> None:
    """Note that the cart is in use (``updated_at``), at most once an hour: enough to tell a
    live cart from an abandoned one, without a write on every tap."""
    if cart.updated_at is None or timezone.now() - cart.updated_at > TOUCH_EVERY:
        cart.save(update_fields=["updated_at"])


def _capped_note(variant, quantity: int) -> str:
    return _("Only %(stock)d of %(name)s are in stock; your cart now holds %(n)d.") % {
        "stock": variant.stock,
        "name": variant.product.name,
        "n": quantity,
    }


@transaction.atomic
def cart_set_quantity(*, cart: Cart, item_id, quantity) -> CartChange:
    """Change a line's quantity; 0 removes it. The price seen is refreshed (the buyer saw it)."""
    quantity = _quantity(quantity)
    try:
        item = cart.items.select_for_update().get(pk=int(item_id))
    except (CartItem.DoesNotExist, TypeError, ValueError):
        raise ValidationError(_("This item is no longer in your cart.")) from None
    if quantity == 0:
        item.delete()
        return CartChange(None)
    variant = variants_for_cart(village=cart.village_id, ids=[item.variant_id])[item.variant_id]
    item.quantity = min(quantity, max(variant.stock, 1))
    item.price_seen = variant.price
    item.save(update_fields=["quantity", "price_seen"])
    _touch(cart)
    return CartChange(
        item, _capped_note(variant, item.quantity) if item.quantity < quantity else ""
    )


def cart_remove(*, cart: Cart, item_id) -> None:
    with contextlib.suppress(TypeError, ValueError):
        cart.items.filter(pk=int(item_id)).delete()


def cart_empty(*, cart: Cart) -> None:
    cart.items.all().delete()
    if cart.voucher_code:
        cart_voucher_set(cart=cart, code="")


def cart_voucher_set(*, cart: Cart, code: str) -> Cart:
    """Keep (or with ``""`` forget) a voucher's code (as marketing cleaned it); whether it
    applies is decided each time the cart is priced."""
    cart.voucher_code = code[:20]
    Cart.objects.filter(village=cart.village_id, pk=cart.pk).update(voucher_code=cart.voucher_code)
    return cart
