"""``python -m tokodesa serve``: the app server, the same way everywhere.

`make run`, the systemd unit and the container all start the shop with this command, so
there is one place where the app server's settings live. It replaces itself with gunicorn:

- ``WEB_BIND`` (127.0.0.1:8000), ``WEB_WORKERS`` (2 per core is plenty: requests wait on the
  database, not the CPU), ``WEB_THREADS`` (4), ``WEB_TIMEOUT`` (30 s);
- ``FORWARDED_ALLOW_IPS`` (127.0.0.1): the proxy whose X-Forwarded-* headers are believed;
- a worker is recycled after ``WEB_MAX_REQUESTS`` requests (memory never creeps up).
"""

import os
import shutil
import sys

from django.core.management.base import BaseCommand, CommandError


def gunicorn_argv() -> list[str]:
    env = os.environ.get
    return [
        "gunicorn",
        "tokodesa.wsgi",
        "--bind",
        env("WEB_BIND", "127.0.0.1:8000"),
        "--workers",
        env("WEB_WORKERS", "2"),
        "--threads",
        env("WEB_THREADS", "4"),
        "--timeout",
        env("WEB_TIMEOUT", "30"),
        "--graceful-timeout",
        "30",
        "--max-requests",
        env("WEB_MAX_REQUESTS", "2000"),
        "--max-requests-jitter",
        "200",
        "--forwarded-allow-ips",
        env("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "--no-control-socket",  # systemd's signals manage it; two servers never share one
        "--worker-tmp-dir",
        env("WEB_TMP_DIR", "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp"),  # noqa: S108
    ]


class Command(BaseCommand):
    help = "Run the app server (gunicorn) with the platform's settings."

    requires_system_checks = []

    def handle(self, *args, **options):
        argv = gunicorn_argv()
        program = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which(
            "gunicorn"
        )
        if program is None:
            raise CommandError("gunicorn is not installed in this environment.")
        sys.stdout.flush()
        os.execv(program, argv)  # noqa: S606 -- become gunicorn, no shell in between
