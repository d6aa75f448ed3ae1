import pytest
from django.db import connection
from factories import make_product, make_seller

from tokodesa.catalog.search import fold, index_words, query_words, word_similarity

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(village, seller):
    bamboo = make_seller(village, display_name="Pak Darmawan", shop_name="Bambu Kreasi")
    return {
        "kopi": make_product(
            seller,
            "Kopi Bubuk Robusta",
            category_slug="kopi-teh",
            description="Kopi petik merah dari kebun warga.",
        ),
        "gula": make_product(seller, "Gula Aren Cetak", description="Dalam kemasan daun pisang."),
        "cangkir": make_product(
            bamboo,
            "Cangkir Bambu",
            category_slug="kerajinan-bambu",
            description="Untuk kopi dan teh.",
        ),
        "nampan": make_product(
            bamboo,
            "Nampan Anyam",
            category_slug="kerajinan-bambu",
            description="Anyaman bambu tali.",
        ),
        "pot": make_product(
            seller,
            "Pot Bunga Café",
            category_slug="pot-hiasan-taman",
            description="Pot tanah liat.",
        ),
    }


def names(shop, q):
    response = shop.get(f"/cari/?q={q}")
    assert response.status_code == 200
    page = response.context["page"]
    return [p.name for p in page.object_list] if page else []


def test_word_prefix_finds_product(shop, catalogue):
    assert names(shop, "kop")[0] == "Kopi Bubuk Robusta"


def test_every_word_of_name_description_category_and_seller_is_searched(shop, catalogue):
    # "bambu" is in the name of one, the description/category of the other, and the seller.
    assert set(names(shop, "bambu")) == {"Cangkir Bambu", "Nampan Anyam"}
    assert set(names(shop, "darmawan")) == {"Cangkir Bambu", "Nampan Anyam"}
    assert names(shop, "pemanis") == ["Gula Aren Cetak"]  # category "Gula & Pemanis"


def test_name_matches_rank_before_description_matches(shop, catalogue):
    # "kopi" is in the name of Kopi Bubuk and only in the description of Cangkir Bambu.
    assert names(shop, "kopi") == ["Kopi Bubuk Robusta", "Cangkir Bambu"]


def test_all_words_must_match_in_any_order(shop, catalogue):
    assert names(shop, "aren gula") == ["Gula Aren Cetak"]
    assert names(shop, "gula bambu") == []


def test_case_and_accents_do_not_matter(shop, catalogue):
    assert names(shop, "CAFE") == ["Pot Bunga Café"]
    assert names(shop, "café") == ["Pot Bunga Café"]
    assert names(shop, "GuLa") == ["Gula Aren Cetak"]


def test_indonesian_affixes_are_stemmed(shop, catalogue):
    # "kemasan" in the description; shoppers may type the root or another derived form.
    assert names(shop, "kemas") == ["Gula Aren Cetak"]
    assert names(shop, "dikemas") == ["Gula Aren Cetak"]
    assert set(names(shop, "anyaman")) == {"Nampan Anyam"}


def test_sql_and_html_in_search_are_just_text(shop, catalogue):
    assert names(shop, "' OR 1=1 --") == []
    assert names(shop, "kopi'); DROP TABLE catalog_product; --") == []
    assert names(shop, "kopi:* | gula") == names(shop, "kopi gula")
    assert names(shop, "<b>kopi</b>")[0] == "Kopi Bubuk Robusta"
    assert names(shop, "kopi")  # the table is still there


def test_typos(shop, catalogue):
    """Both databases find names despite a typo, with the same scores (pg_trgm's on
    PostgreSQL, the same computation in Python on SQLite)."""
    assert names(shop, "robsta") == ["Kopi Bubuk Robusta"]
    assert names(shop, "gula arn") == ["Gula Aren Cetak"]
    assert names(shop, "kopii bubk") == ["Kopi Bubuk Robusta"]
    assert names(shop, "sepatu") == []


def test_whole_words_rank_before_words_they_only_begin(shop, seller, catalogue):
    rebung = make_product(seller, "Rebung Segar", description="Enak untuk gulai dan sayur.")
    gulai = make_product(seller, "Bumbu Gulai Ikan")
    kopi_gula = make_product(seller, "Kopi Susu", description="Manis dengan gula aren asli.")
    found = names(shop, "gula")
    # The word in the name, then in the description, then a name holding it as a stem
    # (gulai → gula), then the text that only says "gulai".
    assert found == [catalogue["gula"].name, kopi_gula.name, gulai.name, rebung.name]
    assert names(shop, "gulai") == [gulai.name, rebung.name]
    # Still being typed: the names that begin with it come first.
    assert set(names(shop, "gul")[:2]) == {gulai.name, catalogue["gula"].name}


def test_word_similarity_is_pg_trgms():
    pairs = [
        ("arn", "gula aren cetak"),
        ("robsta", "kopi bubuk robusta"),
        ("word", "two words"),
        ("kopii", "kopi bubuk"),
        ("gula", "rebung segar gulai"),
        ("sepatu", "sendok kayu sonokeling"),
        ("robusta kopi", "kopi bubuk robusta"),
        ("kpi", "kopi"),
    ]
    ours = [round(word_similarity(a, b), 4) for a, b in pairs]
    assert ours == [0.5, 0.5, 0.8, 0.6667, 0.8, 0.2857, 0.6842, 0.2857]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for (a, b), score in zip(pairs, ours, strict=True):
                cursor.execute("SELECT word_similarity(%s, %s)", (a, b))
                assert round(cursor.fetchone()[0], 4) == score


def test_other_villages_products_are_never_found(shop, catalogue, other_village):
    make_product(make_seller(other_village), "Kopi Luwak Bantul", category_slug="kopi-teh")
    assert "Kopi Luwak Bantul" not in names(shop, "kopi")


def test_fold_and_index_words():
    assert fold("Kopi-Bubuk  CAFÉ, 250g!") == "kopi bubuk cafe 250g"
    assert index_words("Kemasan") == "kemasan kemas"
    assert query_words("a " * 50 + "x" * 40) == ["a"]


@pytest.mark.parametrize("probe_rows, dense_share", [(2, 0.5), (2, 1.0)])
def test_large_scopes_find_the_same_candidates(
    shop, seller, catalogue, monkeypatch, probe_rows, dense_share
):
    """A scope larger than the first look (PostgreSQL) is read in table order when many
    match, or through the index when few do; either way the same products come back."""
    from tokodesa.catalog import search

    make_product(seller, "Bumbu Gulai Ikan")
    queries = ["kopi", "gula", "bambu", "aren gula", "robsta", "gula arn", "sepatu", "kop"]
    expected = {q: names(shop, q) for q in queries}
    monkeypatch.setattr(search, "PROBE_ROWS", probe_rows)
    monkeypatch.setattr(search, "DENSE_SHARE", dense_share)
    shop.client.cookies["sessionid"] = "fresh"  # rendered again, not the page kept before
    assert {q: names(shop, q) for q in queries} == expected


def test_when_matches_exceed_the_bound_names_are_ranked_first(shop, catalogue, monkeypatch):
    from tokodesa.catalog import search

    shop.client.cookies["sessionid"] = "fresh"
    for setting, value in (("PROBE_ROWS", 2), ("DENSE_SHARE", 1.0), ("MAX_RANKED", 1)):
        monkeypatch.setattr(search, setting, value)
    # "kopi": in the name of one product, the description of another; one (+1) candidate.
    assert names(shop, "kopi")[0] == "Kopi Bubuk Robusta"
    assert names(shop, "bambu")[0] == "Cangkir Bambu"


def test_a_search_counts_its_matches_once(shop, catalogue):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = shop.get("/cari/?q=kopi")
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(*) FROM" in q["sql"]]
    # PostgreSQL fetched the candidates' ids already: the pager takes their number.
    assert len(counts) == (0 if connection.vendor == "postgresql" else 1), counts
    assert response.context["page"].paginator.count == 2  # Kopi Bubuk, and a cup "untuk kopi"


def test_the_name_tiers_time_limit_ends_with_the_search(shop, catalogue, monkeypatch):
    """PostgreSQL bounds the name tiers with a statement timeout; inside a transaction (as
    here) it must not stay on for what follows."""
    from tokodesa.catalog import search

    def timeout():
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return cursor.fetchone()[0]

    shop.client.cookies["sessionid"] = "fresh"
    for setting, value in (("PROBE_ROWS", 2), ("DENSE_SHARE", 1.0), ("MAX_RANKED", 1)):
        monkeypatch.setattr(search, setting, value)
    before = timeout() if connection.vendor == "postgresql" else None
    assert names(shop, "kopi")[0] == "Kopi Bubuk Robusta"  # the tiers ran
    if connection.vendor == "postgresql":
        assert timeout() == before
