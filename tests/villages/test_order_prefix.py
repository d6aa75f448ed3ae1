"""Every desa and kelurahan of the official list gets a usable order prefix (the synthetic
nation found names the first rule broke on)."""

import re

from tokodesa.regions.services import regions_read_file
from tokodesa.villages.models import order_prefix_for


def test_every_official_village_name_gives_a_prefix():
    names = {row.name for row in regions_read_file() if row.code.count(".") == 3}
    assert len(names) > 50_000
    bad = [n for n in names if not re.fullmatch(r"[A-Z]{2,4}", order_prefix_for(f"Desa {n}"))]
    assert bad == []


def test_known_prefixes():
    assert order_prefix_for("Desa Batu Ampar") == "BTA"
    assert order_prefix_for("Desa Bangunjiwo") == "BNG"
    assert order_prefix_for("Desa A") == "AXX"
    assert order_prefix_for("Kelurahan O Ie") == "OXI"
    assert order_prefix_for("Desa 1") == "TKD"
