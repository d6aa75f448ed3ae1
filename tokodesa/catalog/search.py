"""Product search that reads Indonesian the way a shopper types it.

Text is folded (lower case, accents off, punctuation to spaces) and every word is stored with
its Sastrawi stem (``kemasan`` → ``kemasan kemas``) in ``Product.search_name`` (the name) and
``Product.search_text`` (description, category, seller, unit). A query word matches when a
stored word *starts with* it or with its stem, so ``kop`` finds "Kopi Bubuk" and ``kemasan``
finds "kemas". Every query word must match (AND).

PostgreSQL: a stored ``tsvector`` of both fields (name weighted A, ``'simple'``
configuration) with a GIN index, prefix queries (``kop:*``) ranked by ``ts_rank``; when nothing
matches, trigram similarity on the name finds typos (``robsta`` → "Robusta").
SQLite (the laptop demo): the same word-prefix matching with LIKE and a simpler ranking (name
matches first); it reads every product, fine for a village, slow at 100,000 (see bench/).
Stemming happens in Python, so both databases give the same answers.
"""

import functools
import re
import unicodedata

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

MAX_QUERY_CHARS = 100
MAX_RANKED = 1000  # matches ranked per search (PostgreSQL), as many as the pager shows
MAX_QUERY_WORDS = 6
MAX_WORD_CHARS = 30  # longer "words" are noise (pasted links, keyboard mashing)
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, accents removed, only ``[a-z0-9 ]`` left."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", ascii_text.lower()).strip()


@functools.cache
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@functools.lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    if len(word) < 4 or word.isdigit():
        return word
    return _stemmer().stem(word) or word


def index_words(*texts: str) -> str:
    """The stored form: each distinct word followed by its stem when that differs."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in fold(text).split():
            seen[word] = None
            seen[stem(word)] = None
    return " ".join(seen)


def query_words(query: str) -> list[str]:
    """The words a shopper typed, folded, de-duplicated, bounded in number and length."""
    words = dict.fromkeys(
        w for w in fold(query[:MAX_QUERY_CHARS]).split() if len(w) <= MAX_WORD_CHARS
    )
    return list(words)[:MAX_QUERY_WORDS]


def _word_prefix(field: str, prefix: str) -> Q:
    # Stored text is single-space separated [a-z0-9] words, so LIKE needs no escaping here.
    return Q(**{f"{field}__startswith": prefix}) | Q(**{f"{field}__contains": f" {prefix}"})


def search_products(queryset: QuerySet, query: str) -> QuerySet:
    """Filter ``queryset`` (products) to those matching ``query``, best matches first."""
    words = query_words(query)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, words)
    return _search_portable(queryset, words)


def _alternatives(word: str) -> list[str]:
    stemmed = stem(word)
    return [word] if stemmed == word or word.startswith(stemmed) else [word, stemmed]


def _search_portable(queryset: QuerySet, words: list[str]) -> QuerySet:
    condition = Q()
    in_name = Q()
    for word in words:
        any_field = Q()
        name_only = Q()
        for alt in _alternatives(word):
            any_field |= _word_prefix("search_name", alt) | _word_prefix("search_text", alt)
            name_only |= _word_prefix("search_name", alt)
        condition &= any_field
        in_name &= name_only
    return (
        queryset.filter(condition)
        .annotate(
            rank=Case(When(in_name, then=Value(2)), default=Value(1), output_field=IntegerField())
        )
        .order_by("-rank", "-is_featured", "name", "id")
    )


def _matching(queryset: QuerySet, tsquery: str) -> QuerySet:
    return queryset.filter(
        RawSQL(
            "catalog_product.search_document @@ to_tsquery('simple', %s)",
            (tsquery,),
            output_field=BooleanField(),
        )
    )


def _search_postgresql(queryset: QuerySet, words: list[str]) -> QuerySet:
    # Words are [a-z0-9]+ after fold(), so they are safe inside a tsquery; the query is still
    # passed as a parameter. ``search_document`` is a stored, GIN-indexed column that exists on
    # PostgreSQL only (migration catalog/0005).
    terms = ["(" + " | ".join(f"{alt}:*" for alt in _alternatives(word)) + ")" for word in words]
    tsquery = " & ".join(terms)
    # Rank a bounded set of candidates, never every match: a broad word in a million
    # products matches hundreds of thousands, and ranking (and counting) them all costs
    # seconds. Up to MAX_RANKED products with the words in their name, and as many with them
    # anywhere, are found first (two index scans that stop early), then only those are
    # ranked; the pager counts no further ("1.000+"), so a page costs about the same at any
    # catalogue size. (Fetched, not a subquery: in a subquery the table is renamed and the
    # raw condition would name the outer one.)
    in_name = " & ".join(
        "(" + " | ".join(f"{alt}:*A" for alt in _alternatives(word)) + ")" for word in words
    )
    ids = set()
    for terms_ in (in_name, tsquery):
        ids.update(_matching(queryset, terms_).order_by().values_list("pk", flat=True)[:MAX_RANKED])
    matches = (
        queryset.filter(pk__in=sorted(ids))
        .annotate(
            rank=RawSQL(
                "ts_rank(catalog_product.search_document, to_tsquery('simple', %s))",
                (tsquery,),
                output_field=FloatField(),
            )
        )
        .order_by("-rank", "-is_featured", "name", "id")
    )
    if ids:
        return matches
    # Nothing matched word by word: look for names with similar-looking words (typos such
    # as "robsta"). ``trigram_word_similar`` is pg_trgm's ``%>`` operator, served by the
    # trigram index; every word must be close to some word of the name.
    close = Q()
    similarity = None
    for word in words:
        close &= Q(search_name__trigram_word_similar=word)
        term = TrigramWordSimilarity(word, "search_name")
        similarity = term if similarity is None else similarity + term
    near = queryset.filter(close).order_by().values_list("pk", flat=True)[:MAX_RANKED]
    return (
        queryset.filter(pk__in=list(near)).annotate(rank=similarity).order_by("-rank", "name", "id")
    )
