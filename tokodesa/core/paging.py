"""Pages of a long list that never count more than they can show.

A shop or the national portal may hold millions of products: counting every match on every
request costs more than the page itself. ``CappedPaginator`` counts at most ``cap`` + 1 rows
(``SELECT COUNT(*) FROM (… LIMIT cap + 1)``); beyond that the list says "1.000+" and offers
the pages up to the cap. A page number past the end shows the last page (Django's
``get_page``), never an error.
"""

from functools import cached_property

from django.core.paginator import Paginator

CAP = 1000


class CappedPaginator(Paginator):
    """``known``: the number of rows when the caller knows it already (a search that fetched
    its candidates' ids), so that it is not counted again."""

    def __init__(self, object_list, per_page, *, cap: int | None = None, known=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap or CAP
        self.known = known

    @cached_property
    def count(self) -> int:
        if self.known is not None:
            return min(self.known, self.cap + 1)
        rows = self.object_list
        if hasattr(rows, "order_by"):
            # No ORDER BY and nothing but the id in the count: with a LIMIT, Django keeps the
            # list's order and annotations (a search's rank) in the subquery, and sorting or
            # ranking rows only to count them can cost more than the page.
            rows = rows.order_by().values("pk")
        return min(rows[: self.cap + 1].count(), self.cap + 1)

    @property
    def capped(self) -> bool:
        """More than ``cap`` rows: show "1.000+", and pages up to the cap."""
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        return super().num_pages if not self.capped else -(-self.cap // self.per_page)
