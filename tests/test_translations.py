"""Every user-facing string has its Indonesian translation, and the compiled file is current."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import tokodesa

PO = Path(tokodesa.__file__).parent / "locale" / "id" / "LC_MESSAGES" / "django.po"


def _entries(text: str):
    for block in text.split("\n\n")[1:]:
        msgid = re.search(r'^msgid "(.*)"', block, re.M)
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        yield block, msgid, strings


def test_every_message_is_translated_and_none_is_fuzzy():
    text = PO.read_text()
    untranslated = [
        block.splitlines()[0]
        for block, msgid, strings in _entries(text)
        if msgid and (not strings or all(s.strip() == '""' for s in strings))
    ]
    assert untranslated == []
    assert "#, fuzzy" not in text


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_compiled_catalogue_matches_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(PO)], check=True)
    assert compiled.read_bytes() == PO.with_suffix(".mo").read_bytes(), "run `make messages`"
