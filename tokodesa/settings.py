"""Settings, all from environment variables (see README, "Configuration").

Without any variable set this is the laptop demo: SQLite in WAL mode in ``var/``, a secret
generated once into ``var/secret_key``, local media, tasks run in-process. Production sets
``SECRET_KEY``, ``DATABASE_URL``, ``ALLOWED_HOSTS``/``PLATFORM_HOSTS`` and friends.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TOKODESA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once for this checkout."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")

# Village shops answer on their own domains, which villages add at run time, so the host
# check is done by the tenant middleware against the database (unknown hosts get a 404);
# ALLOWED_HOSTS can still narrow it down.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "*")
# Hosts that serve the national portal and the shops under /<village-slug>/.
# The platform's public address, for links in messages sent without a request (e-mails,
# WhatsApp); a village with its own verified domain is linked there instead.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
PLATFORM_HOSTS = env_list("PLATFORM_HOSTS", "localhost,testserver,tokodesa.id,www.tokodesa.id")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "tokodesa.villages.apps.AdminConfig",  # django.contrib.admin, village-scoped
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "tokodesa.core",
    "tokodesa.regions",
    "tokodesa.audit",
    "tokodesa.villages",
    "tokodesa.sellers",
    "tokodesa.catalog",
    "tokodesa.cart",
    "tokodesa.shipping",
    "tokodesa.payments",
    "tokodesa.orders",
    "tokodesa.ledger",
    "tokodesa.marketing",
    "tokodesa.reviews",
    "tokodesa.notifications",
    "tokodesa.returns",
    "tokodesa.api",
    "tokodesa.checkout",
    "tokodesa.reports",
    "tokodesa.backoffice",
    "tokodesa.onboarding",
    "tokodesa.insights",
    "tokodesa.portal",
    "tokodesa.demo",
    "tokodesa.ops",
]

MIDDLEWARE = [
    "tokodesa.ops.middleware.HealthMiddleware",  # /healthz, /readyz: any host, before all else
    "tokodesa.ops.middleware.RequestLogMiddleware",
    "tokodesa.core.middleware.NulGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tokodesa.core.middleware.GZipMiddleware",  # never re-compresses photos
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tokodesa.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tokodesa.villages.middleware.VillageMiddleware",
    "tokodesa.marketing.middleware.CountVisitsMiddleware",  # in the village's time zone
    "tokodesa.core.middleware.BusyDatabaseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tokodesa.urls"
# The urlconf of a village shop; the tenant middleware switches to it (see villages.middleware).
SHOP_URLCONF = "tokodesa.shop_urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tokodesa.villages.context_processors.village",
                "tokodesa.villages.context_processors.area",
                "tokodesa.catalog.context_processors.search_hint",
                "tokodesa.cart.context_processors.cart",
                "tokodesa.core.pagecache.csrf_marker",  # pages kept for everybody
            ],
            "builtins": ["tokodesa.core.templatetags.rupiah", "tokodesa.core.templatetags.photos"],
        },
    },
]

WSGI_APPLICATION = "tokodesa.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'tokodesa.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run while one writer writes; IMMEDIATE takes the write lock at
        # the start of a transaction, so concurrent writers queue instead of failing.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    # Tests use a file too (not SQLite's shared in-memory database), so that threads racing
    # for stock get real, separate connections with the same locking as the demo.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("SQLITE_TEST_NAME", str(VAR_DIR / "test.sqlite3"))
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short queries only: PostgreSQL's JIT compiles a plan for ~100 ms to save less than that,
    # and a parallel worker costs a page ~5 ms to start for little to share on 2 cores (at 5
    # million products a fresh portal search went from 40 to 30 ms without; long jobs turn
    # them back on: core.db.parallel_reads). Typo-tolerant search (catalog.search) uses
    # pg_trgm's %> operator; its default 0.6 misses one-letter slips in short words ("robsta"
    # → "robusta" scores 0.5). (All in one string: a second assignment used to drop jit=off.)
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c jit=off -c max_parallel_workers_per_gather=0 -c pg_trgm.word_similarity_threshold=0.45"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds counters (login and lookup tries), catalogue versions and courier quotes
# that every app process must share: Redis in production; on a laptop a folder in var/, which
# the app server's processes share too (tests use memory: LOCAL_CACHE=memory).
if redis_url := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "tokodesa"),
        }
    }
    # Sessions hold carts: kept in the database, read through Redis (which keeps nothing on
    # disk, so a Redis restart must not empty anybody's cart).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif os.environ.get("LOCAL_CACHE", "file") == "memory":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# How long a process trusts the version tokens it read from the cache (core.versions): a
# change made elsewhere shows on kept pages within this many seconds.
VERSION_MEMO_SECONDS = float(os.environ.get("VERSION_MEMO_SECONDS", "1"))

# Background work (photo renditions, e-mails, sweeps). On a laptop it runs inside the request
# (ImmediateBackend); in production TASKS_BACKEND=database queues it in the database, where the
# task commits with the order that made it, and `python -m tokodesa worker` runs it (ADR 13).
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_task_backend = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_task_backend, _task_backend)}}
TASK_MAX_ATTEMPTS = int(os.environ.get("TASK_MAX_ATTEMPTS", "4"))  # then it waits for an operator
TASK_TIMEOUT_SECONDS = int(os.environ.get("TASK_TIMEOUT_SECONDS", "900"))  # a claim older: lost
# The scheduler writes a daily backup archive here when set, keeping the newest BACKUP_KEEP.
BACKUP_DIR = os.environ.get("BACKUP_DIR", "")
BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "7"))

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses while a user or an address is locked out
    "django.contrib.auth.backends.ModelBackend",
    "tokodesa.villages.backends.VillageRoleBackend",
]

LOGIN_URL = "login"  # the village shop's own login page (/masuk/)
LOGIN_REDIRECT_URL = "after-login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "tokodesa" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"  # shown when no village is known; stored times are UTC
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Payment proofs and other files only staff may see: served by a view that checks roles.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")),
            "base_url": None,
        },
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Object storage (S3-compatible) when S3_BUCKET is set: photos and logos in a public bucket
# (long cache headers), payment proofs in a private one, reached only through signed URLs that
# live S3_SIGNED_URL_SECONDS and are handed out to the shop team by the proof view.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    _s3 = {
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or None,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": S3_BUCKET,
            "querystring_auth": False,
            "custom_domain": os.environ.get("S3_PUBLIC_DOMAIN") or None,
            # Names never change (a new photo gets a new name): cache for a year.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": os.environ.get("S3_PRIVATE_BUCKET", f"{S3_BUCKET}-private"),
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("S3_SIGNED_URL_SECONDS", "300")),
            "object_parameters": {"CacheControl": "private, no-store"},
        },
    }
# Serve uploaded photos from the app when they live on local disk (the laptop demo); in
# production they live in object storage behind its own URL.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not S3_BUCKET)

# Checkout: the delivery and payment methods offered (shipping.methods, payments.methods).
DELIVERY_METHODS = [
    "tokodesa.shipping.methods.Pickup",
    "tokodesa.shipping.methods.LocalDelivery",
    "tokodesa.shipping.methods.Courier",
]
# Live courier rates (shipping.live): "" = off (the offline rate table only), "rajaongkir"
# (RajaOngkir by Komerce) or "biteship". The key comes from the environment only, one per
# platform; an empty base URL means the provider's production address. Whenever the provider
# cannot answer within 4 s, checkout prices from the offline table and says so.
SHIPPING_LIVE_PROVIDER = os.environ.get("SHIPPING_LIVE_PROVIDER", "").strip().lower()
SHIPPING_LIVE_API_KEY = os.environ.get("SHIPPING_LIVE_API_KEY", "")
SHIPPING_LIVE_BASE_URL = os.environ.get("SHIPPING_LIVE_BASE_URL", "")
SHIPPING_LIVE_COURIERS = env_list("SHIPPING_LIVE_COURIERS", "jne,jnt,pos,sicepat")
# RajaOngkir prices between its own region ids: Kemendagri desa/kecamatan code → its id, as a
# dict here or a CSV ("code,provider_id") the operator prepares; or a function (dotted path)
# of the form code -> id | None. A code without a mapping is priced offline.
SHIPPING_LIVE_REGION_MAP: dict[str, str] = {}
SHIPPING_LIVE_REGION_MAP_FILE = os.environ.get("SHIPPING_LIVE_REGION_MAP_FILE", "")
SHIPPING_LIVE_REGION_MAPPER = os.environ.get("SHIPPING_LIVE_REGION_MAPPER", "")
SHIPPING_LIVE_CACHE_SECONDS = int(os.environ.get("SHIPPING_LIVE_CACHE_SECONDS", "300"))
# After a timeout or refused connection the provider rests this long (0: ask every time).
SHIPPING_LIVE_COOLDOWN_SECONDS = int(os.environ.get("SHIPPING_LIVE_COOLDOWN_SECONDS", "60"))
PAYMENT_METHODS = [
    "tokodesa.payments.methods.BankTransfer",
    "tokodesa.payments.methods.Qris",
    "tokodesa.payments.methods.CashOnDelivery",
    "tokodesa.payments.methods.Midtrans",
]
# Midtrans Snap (payments.gateways.midtrans). Each village enters its own keys; the server key
# is stored encrypted with a key derived from PAYMENT_SECRETS_KEY when set, else SECRET_KEY:
# rotating that makes stored keys unreadable (Midtrans is then not offered until the village
# team enters its key again), so production should set PAYMENT_SECRETS_KEY.
PAYMENT_SECRETS_KEY = os.environ.get("PAYMENT_SECRETS_KEY", "")

# WhatsApp Business Cloud API (Meta): both set → messages to sellers are sent by the worker;
# unset → the shop team sends them by hand from click-to-chat links on the order page.
WHATSAPP_CLOUD_TOKEN = os.environ.get("WHATSAPP_CLOUD_TOKEN", "")
WHATSAPP_CLOUD_PHONE_NUMBER_ID = os.environ.get("WHATSAPP_CLOUD_PHONE_NUMBER_ID", "")
WHATSAPP_CLOUD_BASE_URL = os.environ.get(
    "WHATSAPP_CLOUD_BASE_URL", "https://graph.facebook.com/v21.0"
)
MIDTRANS_SNAP_URL = {
    "sandbox": os.environ.get(
        "MIDTRANS_SNAP_SANDBOX_URL", "https://app.sandbox.midtrans.com/snap/v1/transactions"
    ),
    "production": os.environ.get(
        "MIDTRANS_SNAP_PRODUCTION_URL", "https://app.midtrans.com/snap/v1/transactions"
    ),
}
# Midtrans' Core API, asked for a transaction's real status before money is recorded.
MIDTRANS_API_URL = {
    "sandbox": os.environ.get("MIDTRANS_API_SANDBOX_URL", "https://api.sandbox.midtrans.com"),
    "production": os.environ.get("MIDTRANS_API_PRODUCTION_URL", "https://api.midtrans.com"),
}
MIDTRANS_CONNECT_TIMEOUT = float(os.environ.get("MIDTRANS_CONNECT_TIMEOUT", "5"))
MIDTRANS_READ_TIMEOUT = float(os.environ.get("MIDTRANS_READ_TIMEOUT", "10"))
# How long an order may wait for its payment before it expires and its stock is released.
ORDER_PAYMENT_HOURS = int(os.environ.get("ORDER_PAYMENT_HOURS", "24"))
# Webhooks (the API): only https addresses on the internet, unless these say otherwise (a
# laptop's own test receiver; the tests' stand-in on 127.0.0.1).
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", DEBUG)
WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE", DEBUG)
# Days a pre-order's buyer is given to pay the rest once the goods are ready (shown, not enforced).
ORDER_BALANCE_DAYS = int(os.environ.get("ORDER_BALANCE_DAYS", "3"))
# The figures across villages (portal counts, regional dashboards, national statistics) are
# added up again by the scheduler this often; a page finding them older asks for it too.
FIGURES_REFRESH_MINUTES = int(os.environ.get("FIGURES_REFRESH_MINUTES", "15"))
# Own addresses of village shops: the record a village creates (a CNAME to this host), and,
# for tests, where the verification request is sent instead of the village's host.
DOMAIN_CNAME_TARGET = os.environ.get("DOMAIN_CNAME_TARGET", PLATFORM_HOSTS[-1])
DOMAIN_CHECK_ADDRESS = os.environ.get("DOMAIN_CHECK_ADDRESS", "")
# The public national statistics page (/statistik/): villages live, sellers, turnover.
PUBLIC_STATISTICS = os.environ.get("PUBLIC_STATISTICS", "1") == "1"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 15
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "TokoDesa <toko@tokodesa.id>")

# Photo uploads (see tokodesa.core.images).
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", 8 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Behind a TLS proxy (nginx): requests are https when it says so, cookies are only sent over
# https, and browsers are told to use https for a year (HSTS).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", BEHIND_TLS_PROXY)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
    # `check --deploy` stays quiet about what is decided elsewhere: nginx sends http to https
    # (deploy/nginx), HSTS covers the host itself (HSTS_INCLUDE_SUBDOMAINS=1 widens it; a
    # platform's subdomains need not all be ours), and preloading is the operator's choice.
    SILENCED_SYSTEM_CHECKS = ["security.W008", "security.W005", "security.W021"]
# How many reverse proxies stand before the app servers (their X-Forwarded-For is trusted,
# counted from the right); 0 = clients connect directly (REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Content-Security-Policy (django-csp 4): the shop loads nothing from other hosts and runs no
# inline script; photos may come from object storage: MEDIA_URL on another host, or the
# bucket's public domain and endpoint (proofs, shown to the team, redirect to the endpoint).


def _origin(url: str) -> str:
    return "/".join(url.split("/", 3)[:3])


_media_origins = [_origin(MEDIA_URL)] if MEDIA_URL.startswith("http") else []
if S3_BUCKET:
    if domain := os.environ.get("S3_PUBLIC_DOMAIN"):
        _media_origins.append(f"https://{domain}")
    endpoint = os.environ.get("S3_ENDPOINT_URL", "")
    _media_origins.append(_origin(endpoint) if endpoint else "https://*.amazonaws.com")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", NONCE],  # printable pages carry their page size inline
        "img-src": ["'self'", "data:", *dict.fromkeys(_media_origins)],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'", "https://app.midtrans.com", "https://app.sandbox.midtrans.com"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username, or
# from one address, logging in is refused for AXES_COOLOFF_TIME; a right password then resets.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "8"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "tokodesa.core.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "tokodesa.core.views.locked_out"
AXES_VERBOSE = False

# One line per request (tokodesa.requests) and per task run (tokodesa.tasks), with village,
# order code and duration; LOG_FORMAT=json writes each line as a JSON object.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "tokodesa.ops.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.server": {"level": "WARNING"},  # the request log says it once
        "django_tasks": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Errors (a 500, a task failed for good) go to Sentry when SENTRY_DSN is set; personal data
# (buyers' names, numbers, addresses) is not sent.
if SENTRY_DSN := os.environ.get("SENTRY_DSN", ""):
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )
