"""pytest plugin loaded before pytest-django reads the settings (``-p tokodesa.testing``).

Tests use plain static files (no collectstatic manifest) and keep uploaded photos in a
temporary folder instead of the demo's ``var/media``.
"""

import os
import tempfile

os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="tokodesa-media-"))
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="tokodesa-static-"))
