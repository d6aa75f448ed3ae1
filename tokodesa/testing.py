"""pytest plugin loaded before pytest-django reads the settings (``-p tokodesa.testing``).

Tests use plain static files (no collectstatic manifest), keep uploaded photos in a temporary
folder instead of the demo's ``var/media``, and their own SQLite file (so two test runs at
once do not share one). The folder is removed when the run ends.
"""

import atexit
import os
import shutil
import tempfile

_root = tempfile.mkdtemp(prefix="tokodesa-test-")
atexit.register(shutil.rmtree, _root, ignore_errors=True)
os.makedirs(os.path.join(_root, "static"))
os.environ.setdefault("MEDIA_ROOT", os.path.join(_root, "media"))
os.environ.setdefault("PRIVATE_MEDIA_ROOT", os.path.join(_root, "private"))
os.environ.setdefault("STATIC_ROOT", os.path.join(_root, "static"))
os.environ.setdefault("SQLITE_TEST_NAME", os.path.join(_root, "test.sqlite3"))
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("LOCAL_CACHE", "memory")  # each test process its own, cleared per test
os.environ.setdefault("VERSION_MEMO_SECONDS", "0")  # tests see other "processes" at once
os.environ["SHIPPING_LIVE_PROVIDER"] = ""  # tests that want live courier rates use a stub
