"""One archive holds an installation: every row and every file (photos, logos, proofs).

``backup`` reads the database inside one transaction (PostgreSQL: REPEATABLE READ, SQLite: one
read transaction), so the rows are one moment's, and files named by those rows are copied from
the storage they live in (disk or bucket). ``restore`` brings an archive back on an empty
installation (migrated, no village yet): files first, then rows, in one transaction.

The archive (tar, gzip): ``manifest.json`` (format, time, row counts, each file's size and
SHA-256), ``data.json`` (Django's serialization, natural keys), ``files/default/…``,
``files/private/…``. The official regions are not in it: they ship with the code
(``load_regions``), and restore loads them when missing.
"""

import hashlib
import io
import json
import tarfile
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection, models, transaction

from tokodesa.core.tenancy import across_villages

FORMAT = 1
# Rows that are not the installation's data: made by migrate, by load_regions, or transient.
LEFT_OUT = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "admin.logentry",
    "regions.region",
    "django_tasks_database.dbtaskresult",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "ops.scheduledjob",
}
STORES = ("default", "private")


class BackupError(Exception):
    pass


def _models() -> list[type[models.Model]]:
    chosen = [
        m
        for m in apps.get_models()
        if m._meta.label_lower not in LEFT_OUT and not m._meta.proxy and m._meta.managed
    ]
    return serializers.sort_dependencies([(None, chosen)], allow_cycles=True)


def _file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.get_fields() if isinstance(f, models.FileField)]


def _named_files(model_list) -> set[tuple[str, str]]:
    """(store, name) of every file the rows name, and of the photos' renditions."""
    from tokodesa.core.images import rendition_name
    from tokodesa.core.storage import PrivateStorage

    found = set()
    for model in model_list:
        has_renditions = any(f.name == "rendition_widths" for f in model._meta.get_fields())
        for field in _file_fields(model):
            store = "private" if isinstance(field.storage, PrivateStorage) else "default"
            rows = model._base_manager.exclude(**{field.name: ""})
            columns = (field.name, "rendition_widths") if has_renditions else (field.name,)
            for row in rows.values_list(*columns):
                found.add((store, row[0]))
                if has_renditions:
                    found.update((store, rendition_name(row[0], w)) for w in row[1] or [])
    return found


@contextmanager
def _snapshot():
    """A transaction in which every read sees one moment."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def backup(path: Path) -> dict:
    """Write the archive; return its manifest."""
    model_list = _models()
    with _snapshot(), across_villages("a backup of the whole installation"):
        counts = {m._meta.label_lower: m._base_manager.count() for m in model_list}
        data = serializers.serialize(
            "json",
            (row for m in model_list for row in m._base_manager.order_by("pk").iterator()),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=False,
        )
        names = _named_files(model_list)
        files = {}
        with tarfile.open(path, "w:gz") as archive:
            for store, name in sorted(names):
                storage = storages[store]
                if not storage.exists(name):
                    continue  # a rendition not made yet, or a file removed by hand
                with storage.open(name, "rb") as handle:
                    content = handle.read()
                files[f"{store}/{name}"] = {
                    "size": len(content),
                    "sha256": hashlib.sha256(content).hexdigest(),
                }
                add_to_archive(archive, f"files/{store}/{name}", content)
            add_to_archive(archive, "data.json", data.encode())
            manifest = {
                "format": FORMAT,
                "created_at": datetime.now(UTC).isoformat(),
                "database": connection.vendor,
                "rows": counts,
                "files": files,
            }
            add_to_archive(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    return manifest


def add_to_archive(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    """One file of ``content`` into an open tar archive."""
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(content))


def restore(path: Path) -> dict:
    """Bring the archive back on an empty installation; return its manifest."""
    from tokodesa.regions.models import Region
    from tokodesa.villages.models import Village

    with tarfile.open(path, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {manifest.get('format')!r}")
        with across_villages("restoring a backup"):
            if Village._base_manager.exists():
                raise BackupError("this installation is not empty: restore needs a fresh one")
        for key, facts in manifest["files"].items():
            store, name = key.split("/", 1)
            content = archive.extractfile(f"files/{key}").read()
            if hashlib.sha256(content).hexdigest() != facts["sha256"]:
                raise BackupError(f"{key} is damaged in the archive")
            storage = storages[store]
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(content))
            if saved != name:
                raise BackupError(f"{key} could not keep its name ({saved})")
        data = archive.extractfile("data.json").read().decode()
    if not Region.objects.exists():
        call_command("load_regions", verbosity=0)
    with transaction.atomic(), across_villages("restoring a backup"):
        for row in serializers.deserialize("json", data, handle_forward_references=True):
            row.save()
        _reset_sequences()
    return manifest


def _reset_sequences() -> None:
    """PostgreSQL: the id sequences continue after the restored rows."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), _models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
