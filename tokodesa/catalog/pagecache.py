"""Which state of the data a storefront page shows (the key of the kept pages)."""

from tokodesa.villages.selectors import villages_generation

from .selectors import catalog_version


def storefront_version(request) -> str:
    """The village, its catalogue's version (products, stock, sellers) and the villages'
    generation (name, logo, settings, domains): any change of these is a new page."""
    village = request.village
    return f"{village.pk}.{catalog_version(village_id=village.pk)}.{villages_generation()}"
