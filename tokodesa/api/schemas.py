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


class ProductOut(Schema):
    slug: str
    name: str
    description: str
    category: str
    seller: str
    unit: str
    price_min: int
    price_max: int
    in_stock: bool
    rating: float | None
    rating_count: int
    ready_on: str | None
    photo: str | None
    url: str
    variants: list[VariantOut]


class ProductPage(Schema):
    items: list[ProductOut]
    next_cursor: int | None
