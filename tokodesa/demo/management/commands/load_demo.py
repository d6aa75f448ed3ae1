"""Load the demo villages (once): ``python -m tokodesa load_demo``."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from tokodesa.cart.services import cart_add, cart_get_or_create
from tokodesa.catalog import services as catalog
from tokodesa.catalog.selectors import CategoryTree
from tokodesa.core.tenancy import across_villages
from tokodesa.demo import art, data
from tokodesa.payments import services as payments
from tokodesa.sellers import services as sellers
from tokodesa.sellers.models import Seller
from tokodesa.villages import services as villages
from tokodesa.villages.models import Village


def _upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


class Command(BaseCommand):
    help = "Load the demo villages, sellers, products and logins (skipped if already loaded)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--photos",
            type=int,
            default=2,
            help="Photos per product (0 for a fast load without pictures).",
        )

    @across_villages("loading the demo villages")
    def handle(self, *args, photos: int, **options):
        if Village.objects.filter(slug=data.VILLAGES[0]["slug"]).exists():
            self.stdout.write("Demo villages already loaded.")
            return
        with transaction.atomic():
            tree = CategoryTree.load()
            categories = {c.slug: c for c in tree.nodes.values()}
            loaded = {}
            for spec in data.VILLAGES:
                loaded[spec["slug"]] = self._village(spec, categories, photos)
            self._users(loaded)
            self._reviews(loaded)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(loaded)} demo villages: " + ", ".join(v.name for v in loaded.values())
            )
        )

    def _village(self, spec: dict, categories: dict, photos: int) -> Village:
        fields = {
            k: v
            for k, v in spec.items()
            if k not in {"domains", "sellers", "pending_sellers", "bank_accounts"}
        }
        logo = _upload("logo.png", art.village_logo(spec["name"]), "image/png")
        village = villages.village_create(**fields, status=Village.Status.ACTIVE, logo=logo)
        for host, primary in spec["domains"]:
            villages.domain_add(village=village, host=host, primary=primary)
        for bank, number, holder in spec["bank_accounts"]:
            payments.bank_account_add(
                actor=None,
                village=village,
                bank_name=bank,
                account_number=number,
                account_holder=holder,
            )
        for seller_spec in spec["sellers"]:
            seller = sellers.seller_register(
                village=village,
                display_name=seller_spec["display_name"],
                shop_name=seller_spec["shop_name"],
                story=seller_spec["story"],
                whatsapp=seller_spec["whatsapp"],
                status="active",
                photo=_upload("foto.jpg", art.portrait(seller_spec["display_name"]), "image/jpeg"),
            )
            for p in seller_spec["products"]:
                product = catalog.product_create(
                    seller=seller,
                    category=categories[p["category"]],
                    name=p["name"],
                    description=p["description"],
                    unit=p["unit"],
                    status="active",
                    is_featured=p["featured"],
                    variants=[
                        catalog.VariantData(label=label, price=price, weight_g=weight, stock=stock)
                        for label, price, weight, stock in p["variants"]
                    ],
                    **{
                        k: p[k]
                        for k in (
                            "ingredients",
                            "shelf_life_days",
                            "pirt_number",
                            "halal_number",
                            "net_weight_g",
                            "season_month",
                            "deposit_percent",
                        )
                        if k in p
                    },
                    **(
                        {"ready_on": timezone.localdate() + timedelta(days=p["ready_in_days"])}
                        if "ready_in_days" in p
                        else {}
                    ),
                )
                for n in range(photos):
                    picture = art.product_illustration(p["art"], variant=n)
                    catalog.product_image_add(
                        product=product,
                        upload=_upload(f"{p['art']}-{n}.jpg", picture, "image/jpeg"),
                        alt=p["name"],
                    )
        for pending in spec["pending_sellers"]:
            sellers.seller_register(village=village, **pending)
        return village

    def _users(self, loaded: dict) -> None:
        User = get_user_model()
        for username, village_slug, role, full_name in data.USERS:
            first, _, last = full_name.partition(" ")
            if village_slug is None:
                User.objects.create_superuser(
                    username,
                    f"{username}@tokodesa.invalid",
                    data.DEMO_PASSWORD,
                    first_name=first,
                    last_name=last,
                )
                continue
            user = User.objects.create_user(
                username,
                password=data.DEMO_PASSWORD,
                is_staff=True,
                first_name=first,
                last_name=last,
            )
            villages.membership_grant(village=loaded[village_slug], user=user, role=role)
        for username, display_name in data.SELLER_LOGINS.items():
            user = User.objects.create_user(
                username, password=data.DEMO_PASSWORD, first_name=display_name
            )
            seller = Seller.objects.get(display_name=display_name)
            sellers.seller_link_user(seller=seller, user=user)

    def _reviews(self, loaded: dict) -> None:
        """Orders placed, paid and completed through the services, then reviewed."""
        from tokodesa.catalog.models import Product
        from tokodesa.checkout import services as checkout
        from tokodesa.orders import services as orders
        from tokodesa.payments.services import payment_confirm
        from tokodesa.regions.selectors import region_path
        from tokodesa.reviews.services import review_add, review_reply

        for slug, product_name, buyer, whatsapp, stars, text, reply in data.REVIEWS:
            village = loaded[slug]
            if len(region_path(code=village.region_code)) != 4:
                continue  # no official regions loaded: no address to deliver to
            team = village.memberships.filter(role="admin").first()
            actor = team.user if team else None
            variant = Product.objects.get(village=village, name=product_name).variants.first()
            cart = cart_get_or_create(village=village, session={})
            cart_add(cart=cart, variant_id=variant.pk, quantity=1)
            order = checkout.order_place(
                cart=cart,
                buyer=checkout.BuyerDetails(name=buyer, whatsapp=whatsapp),
                address=checkout.AddressDetails(
                    village_code="34.71.01.1001", street="Jl. Kaliurang 5"
                ),
                delivery_code="pickup",
                payment_code="bank_transfer",
            )
            payment_confirm(order=order, actor=actor)
            order = orders.order_start_preparing(order=order, actor=actor)
            order = orders.order_complete(order=order, actor=actor)
            review = review_add(order=order, line_id=order.lines.get().pk, rating=stars, text=text)
            if reply:
                review_reply(review=review, seller=review.seller, text=reply)
