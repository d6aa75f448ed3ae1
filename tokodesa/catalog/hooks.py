"""What other apps add to the product page, without the catalogue importing them (ADR 12):
an app appends a callable ``(product) -> dict`` in its ``ready()``; the page merges the dicts
into its context (e.g. reviews: ``{"reviews": [...]}``). Each must cost a constant number of
queries, and none when it has nothing to show."""

product_page_parts: list = []
