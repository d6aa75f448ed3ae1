from ninja import Schema


class ErrorBody(Schema):
    code: str
    message_id: str  # Bahasa Indonesia
    message_en: str


class Error(Schema):
    error: ErrorBody


class VillageOut(Schema):
    slug: str
    name: str
    region_code: str
    district: str
    regency: str
    province: str
    url: str


class VillagePage(Schema):
    items: list[VillageOut]
    next_cursor: int | None


class VariantOut(Schema):
    id: int
    label: str
    price: int
    list_price: int | None
    in_stock: bool
    weight_g: int


class ProductCard(Schema):
    """What a list shows of a product (api._card)."""

    slug: str
    name: str
    price_min: int
    price_max: int
    in_stock: bool
    rating: float | None
    rating_count: int
    ready_on: str | None
    photo: str | None
    url: str


class ProductOut(ProductCard):
    description: str
    category: str
    seller: str
    unit: str
    variants: list[VariantOut]


class ProductPage(Schema):
    items: list[ProductOut]
    next_cursor: int | None


# -- with a key ---------------------------------------------------------------------------------


class OrderLineOut(Schema):
    product: str
    variant: str
    variant_id: int | None
    seller: str
    unit_price: int
    quantity: int
    line_total: int
    discount: int
    ready_on: str | None


class OrderOut(Schema):
    code: str
    status: str
    status_label: str
    created_at: str
    buyer_name: str
    buyer_whatsapp: str
    buyer_email: str
    address: list[str]
    delivery: str
    payment: str
    tracking_number: str
    subtotal: int
    shipping_fee: int
    discount: int
    total: int
    unique_code: int
    payable: int
    deposit: int
    due_now: int
    lines: list[OrderLineOut]


class OrderDetail(OrderOut):
    paid: int
    refund_due: int


class OrderPage(Schema):
    items: list[OrderOut]
    next_cursor: int | None


class VariantStockOut(Schema):
    id: int
    product: str
    label: str
    price: int
    stock: int


class MonthOut(Schema):
    month: str
    turnover: int


class NamedAmount(Schema):
    name: str
    amount: int


class ReportOut(Schema):
    start: str
    end: str
    orders: int
    turnover: int
    buyers: int
    sellers: int
    months: list[MonthOut]
    sellers_top: list[NamedAmount]
    products_top: list[NamedAmount]


class BalanceOut(Schema):
    seller: str
    earned: int
    balance: int


class BalancesOut(Schema):
    items: list[BalanceOut]


class CategoryOut(Schema):
    slug: str
    name: str
    parent: str | None


class CategoryList(Schema):
    items: list[CategoryOut]


class VillageRef(Schema):
    slug: str
    name: str
    regency: str
    province: str


class SearchHit(ProductCard):
    village: VillageRef


class SearchPage(Schema):
    items: list[SearchHit]
    count: int  # at most MAX_RANKED + 1: "1.000+"
    more_than_count: bool
    next_page: int | None


class SellerOut(Schema):
    slug: str
    name: str
    shop_name: str
    story: str
    products: int
    rating: float | None
    rating_count: int
    url: str


class SellerList(Schema):
    items: list[SellerOut]


class TransparencyOut(Schema):
    start: str
    end: str
    orders: int
    turnover: int
    buyers: int
    sellers: int
    months: list["MonthOut"]
    products_top: list["NamedAmount"]
