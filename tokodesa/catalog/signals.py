"""What the catalogue announces. ``catalog_changed`` is sent with ``village_id`` whenever a
village's catalogue changed (a product, a price, stock): apps that keep something built from
it (catalogue feeds) answer, without the catalogue knowing them."""

from django.dispatch import Signal

catalog_changed = Signal()
