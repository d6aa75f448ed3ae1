"""What the cart page and checkout show: lines priced now, with warnings."""

from dataclasses import dataclass, field

from tokodesa.catalog.selectors import variant_on_sale, variants_for_cart

from .models import Cart


@dataclass(frozen=True)
class CartLine:
    item_id: int
    variant_id: int
    product_name: str
    product_slug: str
    variant_label: str
    seller_id: int
    seller_name: str
    unit_price: int  # the price now
    price_seen: int  # the price when the buyer added it
    quantity: int
    weight_g: int  # per unit
    stock: int
    on_sale: bool
    volume_cm3: int = 0  # per unit, 0 when the variant has no packed size
    cover: object = None
    product_id: int = 0
    category_id: int | None = None
    ready_on: object = None  # a pre-order's ready date (catalog.Product.is_preorder)
    deposit_percent: int | None = None  # … and the deposit it asks for (None: paid in full)

    @property
    def line_total(self) -> int:
        return self.unit_price * self.quantity

    @property
    def line_weight(self) -> int:
        return self.weight_g * self.quantity

    @property
    def price_changed(self) -> bool:
        return self.unit_price != self.price_seen

    @property
    def unavailable(self) -> bool:
        return not self.on_sale or self.stock == 0

    @property
    def short(self) -> bool:
        """More in the cart than is in stock (or not sold any more)."""
        return self.unavailable or self.quantity > self.stock


@dataclass(frozen=True)
class CartSummary:
    lines: list[CartLine] = field(default_factory=list)

    @property
    def subtotal(self) -> int:
        return sum(line.line_total for line in self.lines)

    @property
    def weight_g(self) -> int:
        return sum(line.line_weight for line in self.lines)

    @property
    def volume_cm3(self) -> int:
        return sum(line.volume_cm3 * line.quantity for line in self.lines)

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def can_check_out(self) -> bool:
        return bool(self.lines) and not any(line.short for line in self.lines)

    @property
    def sellers(self) -> int:
        return len({line.seller_id for line in self.lines})


def cart_summary(*, cart: Cart | None, covers: bool = False) -> CartSummary:
    """The cart's lines priced now (2 queries however many lines; 3 with the ``covers``
    photos the cart page shows)."""
    if cart is None:
        return CartSummary()
    items = list(cart.items.all())
    variants = variants_for_cart(
        village=cart.village_id, ids=[item.variant_id for item in items], covers=covers
    )
    lines = []
    for item in items:
        variant = variants.get(item.variant_id)
        if variant is None:
            continue
        product = variant.product
        lines.append(
            CartLine(
                item_id=item.pk,
                variant_id=variant.pk,
                product_name=product.name,
                product_slug=product.slug,
                variant_label=variant.label,
                seller_id=product.seller_id,
                seller_name=product.seller.title,
                unit_price=variant.price,
                price_seen=item.price_seen,
                quantity=item.quantity,
                weight_g=variant.weight_g,
                volume_cm3=variant.volume_cm3,
                stock=variant.stock,
                on_sale=variant_on_sale(variant),
                cover=product.covers[0] if covers and product.covers else None,
                product_id=product.pk,
                category_id=product.category_id,
                ready_on=product.ready_on if product.is_preorder else None,
                deposit_percent=product.deposit_percent if product.is_preorder else None,
            )
        )
    return CartSummary(lines)
