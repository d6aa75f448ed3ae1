import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tokodesa.settings")
application = get_wsgi_application()

if os.environ.get("WEB_WARMUP", "1") == "1":  # bench/coldstart.py compares without it
    from tokodesa.ops.warmup import warm_up

    warm_up()
