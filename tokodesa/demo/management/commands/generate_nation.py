"""python -m tokodesa generate_nation --villages 84000 --products 60: a synthetic nation to
measure the platform with (bench/portal.py). Never on a real installation's database."""

from django.core.management.base import BaseCommand, CommandError

from tokodesa.core.tenancy import across_villages
from tokodesa.demo.nation import nation_generate
from tokodesa.regions.selectors import region_exists


class Command(BaseCommand):
    help = "Open synthetic village shops in real desa, with sellers, products and orders."

    def add_arguments(self, parser):
        parser.add_argument("--villages", type=int, default=84_000)
        parser.add_argument("--products", type=int, default=60, help="per village")
        parser.add_argument("--orders", type=int, default=3, help="sold orders per village")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, villages, products, orders, seed, **options):
        if villages < 1 or products < 1 or orders < 0 or orders > products:
            raise CommandError("--villages and --products must be ≥ 1, 0 ≤ --orders ≤ --products.")
        if not region_exists():
            raise CommandError("Load the official regions first: python -m tokodesa load_regions")
        with across_villages("a synthetic nation for benchmarks"):
            result = nation_generate(
                villages=villages,
                products=products,
                orders=orders,
                seed=seed,
                say=self.stdout.write,
            )
        self.stdout.write(
            f"{result.villages:,} villages, {result.sellers:,} sellers, {result.products:,} "
            f"products ({result.variants:,} variants), {result.orders:,} orders in "
            f"{result.seconds:.0f} s."
        )
