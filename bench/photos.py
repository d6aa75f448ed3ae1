"""A phone photo through the pipeline: what the seller's upload request does, and what the
worker does after it.

    .venv/bin/python bench/photos.py [--megapixels 12] [--repeat 7]

Makes a photo-like JPEG itself (gradients and sensor-like noise, quality 90, the size of a
12 MP phone photo: about 5 MB), then times ``core.images.clean_photo`` (the request: checks,
decodes at a reduced scale, strips metadata by re-encoding a WebP master of at most 1,600 px)
and ``core.images.make_renditions`` (the worker: the 240/480/960 px WebP renditions), CPU
time per photo, best and median of ``--repeat``. Targets (issue 12): request ≤ 200 ms, worker
≤ 1 s per 12 MP photo.
"""

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def photo(megapixels: float) -> bytes:
    from PIL import Image, ImageFilter

    width = int((megapixels * 1e6 * 4 / 3) ** 0.5)
    height = width * 3 // 4
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 40)
    mirrored = gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    picture = Image.merge("RGB", (gradient, noise, mirrored)).filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megapixels", type=float, default=12)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tokodesa.settings")
    media = tempfile.mkdtemp(prefix="tokodesa-bench-photos-")
    os.environ["MEDIA_ROOT"] = media
    import django

    django.setup()
    data = photo(args.megapixels)
    request, worker, sizes = [], [], []
    try:
        _run(data, args.repeat, request, worker, sizes)
    finally:
        shutil.rmtree(media, ignore_errors=True)
    print(
        f"photo: {args.megapixels:g} MP JPEG, {len(data) / 1e6:.1f} MB; "
        f"master {sizes[0] // 1024} KB"
    )
    for label, values in (("request (clean_photo)", request), ("worker (renditions)", worker)):
        print(
            f"{label}: best {min(values) * 1000:.0f} ms, median "
            f"{statistics.median(values) * 1000:.0f} ms CPU"
        )
    return 0


def _run(data: bytes, repeat: int, request: list, worker: list, sizes: list) -> None:
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tokodesa.core.images import clean_photo, make_renditions

    for i in range(repeat):
        upload = SimpleUploadedFile("foto.jpg", data, content_type="image/jpeg")
        started = time.process_time()
        master = clean_photo(upload)
        request.append(time.process_time() - started)
        name = default_storage.save(f"bench/{i}.webp", master)
        started = time.process_time()
        make_renditions(default_storage, name)
        worker.append(time.process_time() - started)
        sizes.append(default_storage.size(name))


if __name__ == "__main__":
    sys.exit(main())
