"""Tenancy by construction: a query on a village's rows must know its village (ADR 0011).

Every model that belongs to a village uses ``VillageManager()`` as its default manager
(django-scopes). Inside ``village_scope(v)`` its queries are narrowed to village ``v``
automatically; outside any scope they raise ``ScopeError`` instead of reading every village.
The entry points set the scope: the tenant middleware for a shop request, the task and
command wrappers for background work. Code that reads across villages on purpose (the
national portal, the operator's admin, finding a shop by its host) says so by name with
``across_villages("why")``.

Saving an instance, following a foreign key (``order.village``) and Django's cascade use the
base manager and need no scope; a reverse relation (``village.orders``) is scoped like any
other query.
"""

from contextlib import contextmanager
from functools import wraps

from django_scopes import ScopedManager, scope, scopes_disabled
from django_scopes.exceptions import ScopeError
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import state

__all__ = [
    "ScopeError",
    "VillageManager",
    "across_villages",
    "in_village",
    "no_village",
    "village_scope",
]

# django-scopes guards evaluation and filtering; these read rows too and must not slip past.
for _name in ("exists", "contains", "in_bulk", "explain", "bulk_update", "alias", "extra"):
    setattr(DisabledQuerySet, _name, DisabledQuerySet.error)


def VillageManager():  # noqa: N802 (a manager factory, named like the class it returns)
    return ScopedManager(village="village")


@contextmanager
def village_scope(village):
    """Work for one village (or a list of villages): its rows, and only its rows, are visible."""
    if village is None:  # scope(village=None) would silently mean "no filter"
        raise ScopeError("village_scope() needs a village.")
    with scope(village=village):
        yield


@contextmanager
def across_villages(reason: str):
    """Read or write rows of any village, on purpose; ``reason`` says who and why."""
    if not reason:
        raise ValueError("across_villages() needs a reason.")
    with scopes_disabled():
        yield


@contextmanager
def no_village():
    """A fresh strict state (no village, nothing disabled), whatever the caller had set."""
    token = state.set({"_enabled": True})
    try:
        yield
    finally:
        state.reset(token)


def in_village(func):
    """For a task working for one village, named by its first argument ``village_id``: it runs
    in that village's scope and no other, whatever its caller had set."""

    @wraps(func)
    def scoped(village_id, *args, **kwargs):
        with no_village(), village_scope(village_id):
            return func(village_id, *args, **kwargs)

    return scoped
