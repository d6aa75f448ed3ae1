"""The national category tree every village shop files its products under.

Used by the data migration ``catalog/0003`` and by ``ensure_national_tree`` (tests and new
installations call it to restore missing nodes; existing ones are left as they are).
"""

TREE = [
    (
        "hasil-pertanian",
        "Hasil Pertanian",
        [
            ("gula-pemanis", "Gula & Pemanis"),
            ("kopi-teh", "Kopi & Teh"),
            ("sayur-umbi", "Sayur & Umbi"),
            ("buah", "Buah"),
            ("rempah", "Rempah & Bumbu"),
            ("beras-biji", "Beras & Biji-bijian"),
        ],
    ),
    (
        "olahan-pangan",
        "Olahan Pangan",
        [
            ("camilan-keripik", "Camilan & Keripik"),
            ("manisan-olahan-buah", "Manisan & Olahan Buah"),
            ("minuman", "Minuman"),
            ("sambal-bumbu-jadi", "Sambal & Bumbu Jadi"),
            ("kue-roti", "Kue & Roti"),
        ],
    ),
    (
        "kerajinan-tangan",
        "Kerajinan Tangan",
        [
            ("kerajinan-bambu", "Bambu"),
            ("tanah-liat-gerabah", "Tanah Liat & Gerabah"),
            ("anyaman", "Anyaman"),
            ("kerajinan-kayu", "Kayu"),
            ("pot-hiasan-taman", "Pot & Hiasan Taman"),
            ("kain-tenun-batik", "Kain, Tenun & Batik"),
        ],
    ),
    (
        "peternakan-perikanan",
        "Peternakan & Perikanan",
        [
            ("madu", "Madu"),
            ("telur", "Telur"),
            ("ikan-olahan", "Ikan & Olahan Ikan"),
        ],
    ),
    (
        "tanaman",
        "Tanaman & Bibit",
        [
            ("tanaman-hias", "Tanaman Hias"),
            ("bibit", "Bibit"),
        ],
    ),
]


def ensure_national_tree(Category) -> None:
    """Create the missing nodes of the tree (``Category`` may be a migration's model)."""
    for position, (slug, name, children) in enumerate(TREE):
        parent, _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        for child_position, (child_slug, child_name) in enumerate(children):
            Category.objects.get_or_create(
                slug=child_slug,
                defaults={"name": child_name, "parent": parent, "position": child_position},
            )
