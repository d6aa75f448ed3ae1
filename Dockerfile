# TokoDesa in a container: the same commands as the systemd units in deploy/systemd
# (python -m tokodesa serve | worker | scheduler), chosen by compose.yaml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    TOKODESA_VAR_DIR=/srv/tokodesa/var STATIC_ROOT=/srv/tokodesa/var/static \
    WEB_BIND=0.0.0.0:8000 FORWARDED_ALLOW_IPS=*
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /srv/tokodesa --create-home tokodesa
WORKDIR /srv/tokodesa/app
COPY pyproject.toml README.md ./
COPY tokodesa ./tokodesa
RUN pip install --no-cache-dir . \
    && SECRET_KEY=build python -m tokodesa collectstatic --no-input -v 0 \
    && chown -R tokodesa:tokodesa /srv/tokodesa/var
USER tokodesa
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"
CMD ["python", "-m", "tokodesa", "serve"]
