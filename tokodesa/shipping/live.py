"""Live courier rates: ask a rate provider over HTTP, behind one small interface.

The offline table (``shipping.tariffs``) prices every parcel without the network; a provider
configured in settings can give the couriers' own current prices instead. ``Courier`` in
``methods.py`` asks the provider first and falls back to the offline table whenever the
provider cannot answer, so checkout works the same with the provider down.

Settings (all from the environment; API keys are never in the repository)
    ``SHIPPING_LIVE_PROVIDER``: ``""`` (off: the offline table only), ``"rajaongkir"`` or
    ``"biteship"``. ``SHIPPING_LIVE_API_KEY``: the provider's key. ``SHIPPING_LIVE_BASE_URL``:
    empty for the provider's production address (see ``BASE_URLS``).
    ``SHIPPING_LIVE_COURIERS``: courier ids asked for, among those the project knows (jne,
    jnt, pos, sicepat; lines for any other courier are skipped). One key per platform for
    now; per-village keys (a village with its own contract) can come later with a model field.

Providers
    :class:`RajaOngkir` is "RajaOngkir by Komerce" (the current API; the old rajaongkir.com
    one and the PyPI clients written for it are gone). It prices between its *own* district
    or subdistrict ids, so it needs a mapping from Kemendagri codes to those ids: the
    operator prepares it once from Komerce's destination search (a desa code or a kecamatan
    code → their id) and gives it as ``SHIPPING_LIVE_REGION_MAP`` (a dict) or
    ``SHIPPING_LIVE_REGION_MAP_FILE`` (a CSV with the columns ``code,provider_id``), or plugs
    in a function of its own with ``SHIPPING_LIVE_REGION_MAPPER``. A code without a mapping
    gets no live quote (``[]``), and checkout uses the offline table.

    :class:`Biteship` prices between postal codes, which the project has for every desa
    (``regions``); the origin is the village's own postal code. A destination known only to
    the kecamatan has no postal code and gets no live quote.

Time budget
    Connecting may take 2 s and the whole request 4 s (``CONNECT_TIMEOUT``,
    ``TOTAL_TIMEOUT``); the request runs in a small worker pool so that the deadline holds
    even against a server that trickles its answer byte by byte. After a timeout or a refused
    connection, the provider is not asked again for ``SHIPPING_LIVE_COOLDOWN_SECONDS``, so a
    provider that is down costs one slow checkout page, not every page.

Caching
    A successful answer is cached (Django's cache) for ``SHIPPING_LIVE_CACHE_SECONDS`` per
    provider, origin, destination and weight step of 100 g; the provider is asked for the
    *top* of the step, so a cached price is never lower than the parcel's own (a reload of
    the checkout page, and placing the order, do not ask the provider again and show the same
    fee). Failures and empty answers are not cached.
"""

from __future__ import annotations

import csv
import functools
import json
import logging
import math
import re
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, Protocol

import httpx
from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

from . import tariffs
from .tariffs import Quote

logger = logging.getLogger(__name__)

#: Seconds to open the connection to the provider.
CONNECT_TIMEOUT = 2.0
#: Seconds the whole request may take, answer included: checkout never waits longer.
TOTAL_TIMEOUT = 4.0
#: An answer larger than this is refused (a rates answer is a few kilobytes).
MAX_ANSWER_BYTES = 512 * 1024
#: Parcels are priced in steps of this many grams (see "Caching" above).
WEIGHT_STEP_G = 100
#: The couriers asked for when ``SHIPPING_LIVE_COURIERS`` is not set.
DEFAULT_COURIERS = ("jne", "jnt", "pos", "sicepat")

BASE_URLS = {
    "rajaongkir": "https://rajaongkir.komerce.id/api/v1",
    "biteship": "https://api.biteship.com",
}


class LiveRatesError(Exception):
    """The provider could not be asked, or its answer cannot be used."""


class Unreachable(LiveRatesError):
    """No answer in time, or no connection: the provider is rested for a while."""


class RateProvider(Protocol):
    name: str

    def rates(
        self,
        *,
        origin_code: str,
        destination_code: str,
        weight_g: int,
        couriers: Sequence[str],
        origin_postal_code: str = "",
        value: int = 0,
    ) -> list[Quote]:
        """The couriers' quotes from the village (``origin_code``, a Kemendagri desa code) to
        the buyer (a desa or kecamatan code) for ``weight_g`` grams, cheapest first.

        ``couriers`` are courier ids ("jne", "jnt", "pos", "sicepat"). ``origin_postal_code``
        (the village's own) and ``value`` (the goods' worth in rupiah) help providers that ask
        for them. ``[]`` when the provider cannot price this route (e.g. a region without a
        mapping); raises :class:`LiveRatesError` (or anything else) when it failed.
        """


# ---------------------------------------------------------------------------------------------
# Turning a provider's line into a Quote.

_NUMBER = re.compile(r"\d+")
_HOURS = re.compile(r"\b(jam|hours?|hrs?)\b", re.IGNORECASE)
_SLUG = re.compile(r"[^a-z0-9]+")


def days_from_etd(text: object) -> tuple[int, int] | None:
    """(min, max) days from a provider's ETD text: "2-3", "1-2 HARI", "2 - 3 days", "1 day",
    "6-8 jam" (hours: counted as whole days, at least one). None when it says nothing usable.
    """
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        return None
    numbers = [int(n) for n in _NUMBER.findall(text)[:2]]
    if not numbers:
        return None
    low, high = min(numbers), max(numbers)
    if _HOURS.search(text):
        low, high = max(1, math.ceil(low / 24)), max(1, math.ceil(high / 24))
    if high > 60:
        return None
    return low, high


def _fee(value: object) -> int | None:
    """Whole rupiah from a provider's price (int, integral float or digits); None if odd."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not 0 < value <= 100_000_000:
        return None
    return value


def make_quote(
    *,
    courier: object,
    service: object,
    service_name: object = "",
    fee: object,
    etd: object,
    weight_g: int,
    origin_code: str,
    destination_code: str,
    couriers: Sequence[str],
) -> Quote | None:
    """A Quote from one line of a provider's answer; None for a line that cannot be used
    (a courier not asked for, a missing service, a price that is not a positive integer).

    Services the offline table knows keep its codes and labels ("jne-reg", "JNE REG"), so an
    order placed with a live price and one placed with the fallback read the same.
    """
    courier_id = tariffs._COURIER_ALIASES.get(
        tariffs._norm(courier if isinstance(courier, str) else "")
    )
    if courier_id is None or courier_id not in couriers:
        return None
    fee_value = _fee(fee)
    if fee_value is None or not isinstance(service, str) or not service.strip():
        return None
    known = tariffs._service_named(courier_id, service) or (
        tariffs._service_named(courier_id, service_name) if isinstance(service_name, str) else None
    )
    if known is not None:
        code, courier_name, service_label, label = (
            known.key,
            known.courier_name,
            known.name,
            known.label,
        )
    else:
        slug = _SLUG.sub("-", service.strip().lower()).strip("-")[:20]
        if not slug:
            return None
        courier_name = tariffs._COURIER_NAMES.get(courier_id, courier_id.upper())
        service_label = " ".join(service.split())[:40]
        code, label = f"{courier_id}-{slug}", f"{courier_name} {service_label}"
    days = days_from_etd(etd) or (0, 0)
    zone = tariffs.zone_between(origin_code, destination_code)
    return Quote(
        code=code,
        courier=courier_name,
        service=service_label,
        label=label,
        fee=fee_value,
        chargeable_kg=max(1, math.ceil(weight_g / 1000)),
        zone=-1 if zone is None else zone,
        days_min=days[0],
        days_max=days[1],
        eta=tariffs.eta_text(*days) if days[1] else "",
        by_route=False,
    )


def _cheapest_first(quotes: list[Quote]) -> list[Quote]:
    """Sorted like the offline table's quotes; one quote per code (the cheapest)."""
    best: dict[str, Quote] = {}
    for q in quotes:
        if q.code not in best or q.fee < best[q.code].fee:
            best[q.code] = q
    return sorted(best.values(), key=lambda q: (q.fee, q.days_max, q.days_min, q.label))


# ---------------------------------------------------------------------------------------------
# HTTP with a hard deadline.

_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="live-rates")


@functools.cache
def _client() -> httpx.Client:
    """One client per process: it keeps connections to the provider open between checkouts
    and loads the CA certificates once (~0.1 s each time otherwise). Thread-safe."""
    return httpx.Client(
        timeout=httpx.Timeout(TOTAL_TIMEOUT, connect=CONNECT_TIMEOUT), follow_redirects=False
    )


def _send(started: float, request: dict[str, Any]) -> tuple[int, bytes]:
    if time.monotonic() - started > TOTAL_TIMEOUT:
        raise Unreachable("waited too long for a free worker")
    with _client().stream("POST", **request) as response:
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > MAX_ANSWER_BYTES:
                raise LiveRatesError("answer too large")
            if time.monotonic() - started > TOTAL_TIMEOUT:
                raise Unreachable("answer too slow")
        return response.status_code, bytes(body)


def post_json(**request: Any) -> Any:
    """POST (httpx ``Client.stream`` arguments) and the decoded JSON answer of a 2xx reply.

    Never takes longer than ``TOTAL_TIMEOUT`` seconds: a request still running then is left
    to its own timeouts in the worker pool and :class:`Unreachable` is raised here.
    """
    started = time.monotonic()
    future = _POOL.submit(_send, started, request)
    try:
        status, body = future.result(timeout=TOTAL_TIMEOUT)
    except FutureTimeout:
        future.cancel()
        raise Unreachable(f"no answer in {TOTAL_TIMEOUT:g} s") from None
    except (httpx.TimeoutException, httpx.ConnectError) as error:
        raise Unreachable(type(error).__name__) from None
    except httpx.HTTPError as error:
        raise LiveRatesError(type(error).__name__) from None
    if not 200 <= status < 300:
        raise LiveRatesError(f"HTTP {status}")
    try:
        return json.loads(body)
    except ValueError:
        raise LiveRatesError("malformed JSON") from None


# ---------------------------------------------------------------------------------------------
# Region mapping for RajaOngkir (Kemendagri code → RajaOngkir's own id).

_MAP_FILES: dict[tuple[str, float], dict[str, str]] = {}


def _normalize(code: object) -> str | None:
    from tokodesa.regions.models import normalize_code

    return normalize_code(code)


def _read_map_file(path: str) -> dict[str, str]:
    file = Path(path)
    stamp = (str(file), file.stat().st_mtime)
    if stamp not in _MAP_FILES:
        text = file.read_text("utf-8-sig")
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        mapping = {}
        for row in csv.DictReader(text.splitlines(), dialect=dialect):
            code, provider_id = _normalize(row.get("code")), (row.get("provider_id") or "").strip()
            if code and provider_id:
                mapping[code] = provider_id
        _MAP_FILES.clear()
        _MAP_FILES[stamp] = mapping
    return _MAP_FILES[stamp]


def region_id_from_settings(code: str) -> str | None:
    """The provider's id for a Kemendagri code: the desa's own if mapped, else its kecamatan's.

    Looks in ``SHIPPING_LIVE_REGION_MAP`` (dict), then ``SHIPPING_LIVE_REGION_MAP_FILE`` (CSV
    ``code,provider_id``; dotted or bare-digit codes). None when neither has it.
    """
    normalized = _normalize(code)
    if normalized is None:
        return None
    mapping = {_normalize(k): str(v) for k, v in (settings.SHIPPING_LIVE_REGION_MAP or {}).items()}
    if path := settings.SHIPPING_LIVE_REGION_MAP_FILE:
        mapping = {**_read_map_file(path), **mapping}
    parts = normalized.split(".")
    candidates = [normalized] + ([".".join(parts[:3])] if len(parts) == 4 else [])
    return next((mapping[c] for c in candidates if mapping.get(c)), None)


def postal_code_from_regions(code: str) -> str | None:
    """The desa's postal code from the official region list; None for coarser regions."""
    from tokodesa.regions.selectors import region_get

    region = region_get(code=code)
    return (region.postal_code or None) if region is not None else None


# ---------------------------------------------------------------------------------------------
# Providers.


class _Provider:
    """What both providers share: ask once, read the answer's lines into quotes, cheapest
    first. A provider says how to ask (``_request``) and where a line's fields are
    (``_lines``); ``make_quote`` drops lines that are not usable."""

    name = ""

    def __init__(self, *, api_key: str, base_url: str = ""):
        self.api_key = api_key
        self.base_url = (base_url or BASE_URLS[self.name]).rstrip("/")

    def rates(
        self,
        *,
        origin_code,
        destination_code,
        weight_g,
        couriers,
        origin_postal_code="",
        value=0,
    ) -> list[Quote]:
        request = self._request(
            origin_code=origin_code,
            destination_code=destination_code,
            weight_g=weight_g,
            couriers=couriers,
            origin_postal_code=origin_postal_code,
            value=value,
        )
        if request is None:  # a place the provider cannot price: offline rates instead
            return []
        quotes = (
            make_quote(
                **line,
                weight_g=weight_g,
                origin_code=origin_code,
                destination_code=destination_code,
                couriers=couriers,
            )
            for line in self._lines(post_json(**request))
        )
        return _cheapest_first([q for q in quotes if q is not None])

    def _request(self, **asked) -> dict | None:
        """``post_json``'s arguments for this question, or None when it cannot be asked."""
        raise NotImplementedError

    def _lines(self, answer) -> list[dict]:
        """The answer's rate lines as ``make_quote``'s courier, service, service_name, fee,
        etd; raises LiveRatesError when the answer is not one."""
        raise NotImplementedError


class RajaOngkir(_Provider):
    """RajaOngkir by Komerce: ``POST {base}/calculate/domestic-cost`` (a form), header ``key``."""

    name = "rajaongkir"

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str = "",
        region_id: Callable[[str], str | None] = region_id_from_settings,
    ):
        super().__init__(api_key=api_key, base_url=base_url)
        self.region_id = region_id

    def _request(self, *, origin_code, destination_code, weight_g, couriers, **asked):
        origin, destination = self.region_id(origin_code), self.region_id(destination_code)
        if not origin or not destination:
            return None
        return {
            "url": f"{self.base_url}/calculate/domestic-cost",
            "headers": {"key": self.api_key, "Accept": "application/json"},
            "data": {
                "origin": origin,
                "destination": destination,
                "weight": str(weight_g),
                "courier": ":".join(couriers),
                "price": "lowest",
            },
        }

    def _lines(self, answer):
        if not isinstance(answer, dict) or not isinstance(answer.get("data", []), list | None):
            raise LiveRatesError("unexpected answer")
        meta = answer.get("meta")
        if isinstance(meta, dict) and meta.get("code") not in (None, 200):
            raise LiveRatesError(f"meta code {meta.get('code')!r}")
        return [
            {
                "courier": line.get("code"),
                "service": line.get("service"),
                "service_name": line.get("description", ""),
                "fee": line.get("cost"),
                "etd": line.get("etd"),
            }
            for line in answer.get("data") or []
            if isinstance(line, dict)
        ]


class Biteship(_Provider):
    """Biteship: ``POST {base}/v1/rates/couriers`` (JSON), header ``Authorization: <key>``."""

    name = "biteship"

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str = "",
        postal_code: Callable[[str], str | None] = postal_code_from_regions,
    ):
        super().__init__(api_key=api_key, base_url=base_url)
        self.postal_code = postal_code

    def _request(
        self, *, origin_code, destination_code, weight_g, couriers, origin_postal_code, value
    ):
        origin = origin_postal_code or self.postal_code(origin_code)
        destination = self.postal_code(destination_code)
        if not (origin and destination and origin.isdigit() and destination.isdigit()):
            return None
        return {
            "url": f"{self.base_url}/v1/rates/couriers",
            "headers": {"Authorization": self.api_key, "Accept": "application/json"},
            "json": {
                "origin_postal_code": int(origin),
                "destination_postal_code": int(destination),
                "couriers": ",".join(couriers),
                "items": [
                    {
                        "name": "Paket",
                        "value": max(0, int(value)),
                        "weight": weight_g,
                        "quantity": 1,
                    }
                ],
            },
        }

    def _lines(self, answer):
        if not isinstance(answer, dict) or answer.get("success") is not True:
            raise LiveRatesError("unsuccessful answer")
        lines = answer.get("pricing")
        if not isinstance(lines, list):
            raise LiveRatesError("no pricing list")
        found = []
        for line in lines:
            if not isinstance(line, dict):
                continue
            span, unit = line.get("shipment_duration_range"), line.get("shipment_duration_unit")
            etd = f"{span} {unit or ''}" if isinstance(span, str | int) else line.get("duration")
            found.append(
                {
                    "courier": line.get("courier_code"),
                    "service": line.get("courier_service_code"),
                    "service_name": line.get("courier_service_name", ""),
                    "fee": line.get("price"),
                    "etd": etd,
                }
            )
        return found


PROVIDERS: Mapping[str, type[_Provider]] = {
    RajaOngkir.name: RajaOngkir,
    Biteship.name: Biteship,
}


def provider_from_settings() -> RateProvider | None:
    """The provider settings name; None when live rates are off. LiveRatesError when the name
    is unknown or the key is missing (a misconfiguration: checkout falls back)."""
    name = (settings.SHIPPING_LIVE_PROVIDER or "").strip().lower()
    if not name:
        return None
    if name not in PROVIDERS:
        raise LiveRatesError(f"unknown SHIPPING_LIVE_PROVIDER {name!r}")
    if not settings.SHIPPING_LIVE_API_KEY:
        raise LiveRatesError("SHIPPING_LIVE_API_KEY is empty")
    base_url = settings.SHIPPING_LIVE_BASE_URL
    if name == RajaOngkir.name:
        mapper = settings.SHIPPING_LIVE_REGION_MAPPER
        return RajaOngkir(
            api_key=settings.SHIPPING_LIVE_API_KEY,
            base_url=base_url,
            region_id=import_string(mapper) if mapper else region_id_from_settings,
        )
    return Biteship(api_key=settings.SHIPPING_LIVE_API_KEY, base_url=base_url)


def _couriers() -> tuple[str, ...]:
    wanted = settings.SHIPPING_LIVE_COURIERS or DEFAULT_COURIERS
    return tuple(c.strip().lower() for c in wanted if c.strip())


def live_quotes(
    *,
    origin_code: str,
    destination_code: str,
    weight_g: int,
    origin_postal_code: str = "",
    value: int = 0,
) -> list[Quote]:
    """The configured provider's quotes, cached; ``[]`` when it is off, cannot price the
    route, is resting after a timeout, or failed in any way (logged). Never raises."""
    try:
        provider = provider_from_settings()
        if provider is None:
            return []
        origin, destination = _normalize(origin_code), _normalize(destination_code)
        if origin is None or destination is None:
            return []
        if isinstance(weight_g, bool) or not isinstance(weight_g, int):
            return []
        if not 0 <= weight_g <= tariffs.MAX_WEIGHT_G:
            return []
        step_g = max(WEIGHT_STEP_G, math.ceil(weight_g / WEIGHT_STEP_G) * WEIGHT_STEP_G)
        couriers = _couriers()
        down_key = f"shipping-live:down:{provider.name}"
        key = ":".join(("shipping-live", provider.name, origin, destination, str(step_g)))
        key += ":" + ",".join(couriers)
        if (cached := cache.get(key)) is not None:
            return cached
        if cache.get(down_key):
            return []
        quotes = provider.rates(
            origin_code=origin,
            destination_code=destination,
            weight_g=step_g,
            couriers=couriers,
            origin_postal_code=origin_postal_code,
            value=value,
        )
        if quotes:
            cache.set(key, quotes, settings.SHIPPING_LIVE_CACHE_SECONDS)
        return quotes
    except Unreachable as error:
        logger.warning("Live courier rates unreachable (%s); using the offline table.", error)
        if seconds := settings.SHIPPING_LIVE_COOLDOWN_SECONDS:
            try:
                cache.set(down_key, True, seconds)
            except Exception:  # a failing cache must not break checkout
                logger.exception("Could not note the live rates provider as down.")
        return []
    except LiveRatesError as error:
        logger.warning("Live courier rates failed (%s); using the offline table.", error)
        return []
    except Exception:
        logger.exception("Live courier rates failed; using the offline table.")
        return []
