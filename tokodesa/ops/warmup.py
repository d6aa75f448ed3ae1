"""Each app-server worker does its one-time work before its first visitor does.

Without it the first request a worker serves pays for importing every view, compiling the
templates it renders, reading the translation catalogues and loading the stemmer's
dictionary, and connecting to the database (bench/coldstart.py). ``warm_up()`` runs when the
WSGI application is made (``tokodesa/wsgi.py``), once per worker. Anything that fails is
logged and skipped: a worker starts even while the database is away.
"""

import logging
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger("tokodesa.ops")


def warm_up() -> dict[str, int]:
    started = time.monotonic()
    done = {"urls": 0, "templates": 0}
    for urlconf in (settings.ROOT_URLCONF, settings.SHOP_URLCONF):
        try:
            resolver = get_resolver(urlconf)
            resolver.url_patterns  # noqa: B018 - imports every view module
            done["urls"] += len(resolver.reverse_dict)
        except Exception:  # noqa: BLE001 - a broken urlconf shows on its first request too
            logger.exception("warm-up: urlconf %s", urlconf)
    for config in apps.get_app_configs():
        if not config.name.startswith("tokodesa"):
            continue
        root = Path(config.path) / "templates"
        for path in root.rglob("*.*") if root.is_dir() else ():
            if path.suffix in (".html", ".txt", ".xml"):
                try:
                    get_template(path.relative_to(root).as_posix())
                    done["templates"] += 1
                except (TemplateDoesNotExist, TemplateSyntaxError):
                    logger.exception("warm-up: template %s", path)
    from tokodesa.core.pagecache import release

    release()  # the code's digest, part of every kept page's key
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Search")  # loads the catalogue
    try:
        from tokodesa.catalog.search import stem

        stem("kemasan")  # the stemmer's dictionary
    except Exception:  # noqa: BLE001 - search works (slower) without it
        logger.exception("warm-up: stemmer")
    try:  # a sync worker's requests reuse this connection (CONN_MAX_AGE)
        connections["default"].ensure_connection()
        done["database"] = 1
    except Exception:  # noqa: BLE001 - the database may be starting too; requests retry
        logger.warning("warm-up: the database cannot be reached yet")
        done["database"] = 0
    if done["database"]:
        done["request"] = _first_request()
    logger.info(
        "warmed up in %.0f ms: %d routes, %d templates",
        (time.monotonic() - started) * 1000,
        done["urls"],
        done["templates"],
    )
    return done


def _first_request() -> int:
    """One request through the whole stack, as a visitor's (a village shop's product list on
    the platform's address): the ORM compiles its queries, the cache and the session store
    open their connections, the middleware runs once. Never counted as a visit (no browser,
    ``DNT: 1``) and never the page kept for everybody (a session cookie)."""
    from django.test import Client

    from tokodesa.core.tenancy import across_villages
    from tokodesa.villages.models import Village

    try:
        with across_villages("the warm-up asks for one open shop's page"):
            slug = (
                Village.objects.filter(status=Village.Status.ACTIVE)
                .order_by("pk")
                .values_list("slug", flat=True)
                .first()
            )
        if slug is None:
            return 0
        client = Client(HTTP_DNT="1")
        # A search with a session cookie, as a buyer's: the session store and the search's
        # code run once too (an unknown session id: nothing is written).
        client.cookies[settings.SESSION_COOKIE_NAME] = "warm-up"
        response = client.get(
            f"/{slug}/produk/?q=gula&warm-up=1", HTTP_HOST=settings.PLATFORM_HOSTS[0]
        )
        return 1 if response.status_code == 200 else 0
    except Exception:  # noqa: BLE001 - the warm-up never stops a worker from starting
        logger.exception("warm-up: the first request")
        return 0
