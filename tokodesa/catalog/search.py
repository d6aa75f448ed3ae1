"""Product search that reads Indonesian the way a shopper types it.

Text is folded (lower case, accents off, punctuation to spaces) and every word is stored with
its Sastrawi stem (``kemasan`` → ``kemasan kemas``) in ``Product.search_name`` (the name) and
``Product.search_text`` (description, category, seller, unit). A query word matches when a
stored word *starts with* it or with its stem, so ``kop`` finds "Kopi Bubuk" and ``kemasan``
finds "kemas". Every query word must match (AND).

Both databases sort the matches first by how well they match (``TIER_*``: the words as
typed in the name, then in the description, then as a stem in the name, then as word starts),
so "gula" lists "Gula Aren" before "Bumbu Gulai" and a rebung whose text says "gulai".

PostgreSQL: a stored ``tsvector`` of both fields (name weighted A, ``'simple'``
configuration) with a GIN index, prefix queries (``kop:*``); a bounded set of candidates
(``_candidates``) is ranked by tier and ``ts_rank``; when nothing matches, trigram similarity
on the name finds typos (``robsta`` → "Robusta", ``gula arn`` → "Gula Aren").
SQLite (the laptop demo): the same word-prefix matching with LIKE, the same tiers (then
featured, name); typos are scored in Python exactly as pg_trgm scores them
(``word_similarity``) over the names of the scope (a village's catalogue). It reads every
product, fine for a village, slow at 100,000 (see bench/). Stemming happens in Python, so
both databases give the same answers (ADR 4).
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import OperationalError, connection, transaction
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
MAX_RANKED = 1000  # matches ranked per search, as many as the pager shows
MAX_TYPO_NAMES = 20_000  # SQLite: names read to look for typos (a village's catalogue)
TYPO_THRESHOLD = 0.45  # pg_trgm.word_similarity_threshold (settings.py) for PostgreSQL
TIER_MS = 40  # PostgreSQL: the longest the name tiers may take (_candidates)
MAX_TYPO = 200  # products offered for a typo ("robsta"): near names, the closest first
TYPO_MS = 30  # PostgreSQL: the longest the look for near names may take
PROBE_ROWS = 2000  # PostgreSQL: products looked at first, to see how many match (_candidates)
DENSE_SHARE = 0.025  # … when this share of them matches, the scope is read in table order
DENSE_MAX_ROWS = 80_000  # … for at most this many rows (at that share, ~2,000 matches)
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


@dataclass(frozen=True)
class Found:
    products: QuerySet  # the matches, best first
    count: int | None  # how many (at most MAX_RANKED + 1) when the search knows; else None


def search(queryset: QuerySet, query: str) -> Found:
    """The products of ``queryset`` matching ``query``, best matches first, and their number
    when it is known already (PostgreSQL fetched the candidates' ids: the pager need not count
    them again)."""
    words = query_words(query)
    if not words:
        return Found(queryset.none(), 0)
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, words)
    return Found(_search_portable(queryset, words), None)


def _document_matches(tsquery: str) -> RawSQL:
    return RawSQL(
        "catalog_product.search_document @@ to_tsquery('simple', %s)",
        (tsquery,),
        output_field=BooleanField(),
    )


def _matching(queryset: QuerySet, tsquery: str) -> QuerySet:
    return queryset.filter(_document_matches(tsquery))


def _alternatives(word: str) -> list[str]:
    stemmed = stem(word)
    return [word] if stemmed == word or word.startswith(stemmed) else [word, stemmed]


def _whole(word: str) -> list[str]:
    """The forms of a query word that count as the whole word: itself and its stem."""
    return list(dict.fromkeys((word, stem(word))))


# How well a product matches, the first sort key on both databases (then PostgreSQL's
# ts_rank, or on SQLite featured first; then name, id). Every query word, as typed:
#   4  is a word of the name ("gula": "Gula Aren")
#   3  is a word of the name or the description ("Kopi Susu … dengan gula aren")
#   2  or its stem is a whole stored word of the name ("Bumbu Gulai": gulai → gula)
#   1  begins a word of the name, itself or its stem ("gul": "Gula Aren")
#   0  begins a stored word anywhere ("Rebung Segar … untuk gulai")
# So a word found as the buyer typed it comes before a stem or a longer word it begins.
TIER_WORD_NAME, TIER_WORD, TIER_STEM_NAME, TIER_PREFIX_NAME, TIER_PREFIX = 4, 3, 2, 1, 0


def _word_in(field: str, word: str) -> Q:
    # The same regular expression on both databases (PostgreSQL's ~*, Django's REGEXP
    # function on SQLite): the word between non-alphanumerics. Words are [a-z0-9]+.
    return Q(**{f"{field}__iregex": f"(^|[^a-z0-9]){word}([^a-z0-9]|$)"})


def _as_typed(words: list[str]) -> tuple[Q, Q]:
    """(every word is a word of the name, … of the name or the description)."""
    in_name, anywhere = Q(), Q()
    for word in words:
        in_name &= _word_in("name", word)
        anywhere &= _word_in("name", word) | _word_in("description", word)
    return in_name, anywhere


def _whole_word(field: str, word: str) -> Q:
    return (
        Q(**{field: word})
        | Q(**{f"{field}__startswith": f"{word} "})
        | Q(**{f"{field}__endswith": f" {word}"})
        | Q(**{f"{field}__contains": f" {word} "})
    )


def _search_portable(queryset: QuerySet, words: list[str]) -> QuerySet:
    condition, prefix_name, stem_name = Q(), Q(), Q()
    for word in words:
        any_field, name_only, whole_in_name = Q(), Q(), Q()
        for alt in _alternatives(word):
            any_field |= _word_prefix("search_name", alt) | _word_prefix("search_text", alt)
            name_only |= _word_prefix("search_name", alt)
        for form in _whole(word):
            whole_in_name |= _whole_word("search_name", form)
        condition &= any_field
        prefix_name &= name_only
        stem_name &= whole_in_name
    word_name, word_any = _as_typed(words)
    tier = Case(
        When(word_name, then=Value(TIER_WORD_NAME)),
        When(word_any, then=Value(TIER_WORD)),
        When(stem_name, then=Value(TIER_STEM_NAME)),
        When(prefix_name, then=Value(TIER_PREFIX_NAME)),
        default=Value(TIER_PREFIX),
        output_field=IntegerField(),
    )
    matches = queryset.filter(condition)
    if matches.exists():
        return matches.annotate(tier=tier).order_by("-tier", "-is_featured", "name", "id")
    return _near_portable(queryset, words)


def _trigrams(text: str) -> list[str]:
    """pg_trgm's trigrams of ``text`` in order: each word padded as ``"  word "``."""
    grams = []
    for word in fold(text).split():
        padded = f"  {word} "
        grams.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def word_similarity(word: str, text: str) -> float:
    """pg_trgm's ``word_similarity(word, text)``: the best share of the word's trigrams that
    a continuous stretch of the text's trigrams holds, less what the stretch adds. Computed
    here for SQLite so that its typo matches are PostgreSQL's (tested against it)."""
    wanted = set(_trigrams(word))
    if not wanted:
        return 0.0
    grams = _trigrams(text)
    hits = [i for i, gram in enumerate(grams) if gram in wanted]
    best = 0.0
    for a, first in enumerate(hits):
        for last in hits[a:]:
            stretch = set(grams[first : last + 1])
            common = len(stretch & wanted)
            best = max(best, common / (len(wanted) + len(stretch) - common))
    return best


def _near_portable(queryset: QuerySet, words: list[str]) -> QuerySet:
    """Typos on SQLite: the names are read (up to MAX_TYPO_NAMES, a village's catalogue) and
    scored as pg_trgm scores them on PostgreSQL; every query word must be close to a word of
    the name (``%>``), the closest first."""
    scored = []
    names = queryset.order_by().values_list("pk", "name", "search_name")[:MAX_TYPO_NAMES]
    for pk, name, search_name in names:
        scores = [word_similarity(word, search_name) for word in words]
        if min(scores) >= TYPO_THRESHOLD:
            scored.append((-sum(scores), name, pk))
    ranked = [pk for _score, _name, pk in sorted(scored)[:MAX_TYPO]]
    if not ranked:
        return queryset.none()
    position = Case(
        *(When(pk=pk, then=Value(n)) for n, pk in enumerate(ranked)), output_field=IntegerField()
    )
    return queryset.filter(pk__in=ranked).annotate(place=position).order_by("place")


def _tsquery(words: list[str], *, whole: bool, name: bool) -> str:
    # Words are [a-z0-9]+ after fold(), so they are safe inside a tsquery; the query is still
    # passed as a parameter. ":*" a prefix, "A" the name's weight.
    label = ("" if whole else "*") + ("A" if name else "")
    forms = _whole if whole else _alternatives
    return " & ".join(
        "(" + " | ".join(f"{form}:{label}" if label else form for form in forms(word)) + ")"
        for word in words
    )


def _scan(queryset: QuerySet, tsquery: str, rows: int) -> tuple[str, tuple]:
    """SQL of the first ``rows`` products of ``queryset`` in the table's order, each with
    whether it matches: read row by row, never through the search index."""
    inner = (
        queryset.order_by().annotate(hit=_document_matches(tsquery)).values_list("pk", "hit")[:rows]
    )
    sql, params = inner.query.sql_with_params()
    return sql, tuple(params)


def _candidates(queryset: QuerySet, stem_name: str, prefix_name: str, anywhere: str) -> list:
    """Up to MAX_RANKED + 1 matching ids to rank (one more, so that the pager can say
    "1.000+"): a bounded set, never every match (a broad word in a million products matches
    a hundred thousand; ranking and counting them all cost seconds, and the pager counts no
    further than 1,000 anyway).

    How they are found depends on how many products match, which a first look at
    PROBE_ROWS products of the scope tells (one statement, a few ms):
    - the scope has fewer products (a village shop, however large the installation): they
      were all looked at, so these are all the matches; nothing more to read;
    - many of them match (DENSE_SHARE): read the scope in table order until MAX_RANKED
      matches are found (a few thousand rows; 36,000 at a 2.8 % share, ~30 ms). The search
      index would have to collect every one of the hundred thousand matches first (a GIN
      bitmap cannot stop early): 50-200 ms; if the scan meets fewer than that, the index
      finds them after all;
    - few match: the GIN index. When that finds more than MAX_RANKED, the candidates are
      the first found with the words whole in the name, then starting words of the name
      (one statement: the second part excludes the first, and the LIMIT stops PostgreSQL
      before it once enough were found), then anywhere. (Each GIN condition costs what its
      lists cost: a common word's prefix, ``gula:*``, ~25 ms at a million, so the tiers are
      asked only when needed.)
    (Ids are fetched, not used as a subquery: in a subquery the table is renamed and the
    raw condition would name the outer one.)"""
    limit = MAX_RANKED + 1
    sql, params = _scan(queryset, anywhere, PROBE_ROWS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), array_agg(id) FILTER (WHERE hit) "  # noqa: S608 - Django's SQL
            f"FROM ({sql}) AS probe (id, hit)",
            params,
        )
        seen, hits = cursor.fetchone()
        hits = hits or []
        if seen < PROBE_ROWS:
            return hits
        if len(hits) >= PROBE_ROWS * DENSE_SHARE:
            sql, params = _scan(queryset, anywhere, DENSE_MAX_ROWS)
            cursor.execute(
                f"SELECT id FROM ({sql}) AS scan (id, hit) WHERE hit LIMIT %s",  # noqa: S608
                (*params, limit),
            )
            scanned = [row[0] for row in cursor.fetchall()]
            if len(scanned) == limit:
                return scanned
            # Fewer than that in DENSE_MAX_ROWS rows: the probe was luckier than the rest of
            # the scope; these are not all the matches, so the index finds them.
    found = list(_matching(queryset, anywhere).order_by().values_list("pk", flat=True)[:limit])
    if len(found) < limit:
        return found  # every match
    parts = [
        _matching(queryset, terms).order_by().values_list("pk", flat=True)
        for terms in (stem_name, f"({prefix_name}) & !({stem_name})")
    ]
    # The name tiers must be checked row by row (a GIN index cannot tell the name's weight):
    # with two common words at millions of products that reads hundreds of thousands of rows
    # (1.1 s for 'keripik pisang' in the synthetic nation). They only order the candidates,
    # so past TIER_MS the matches found above are ranked as they are.
    best = _within(TIER_MS, lambda: list(parts[0].union(parts[1], all=True)[:limit]))
    return list(dict.fromkeys([*best, *found]))[:limit]


def _within(ms: int, read) -> list:
    """``read()``, or [] when PostgreSQL needs more than ``ms`` for it (the statement is
    cancelled; only its savepoint is undone)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {int(ms)}")
            rows = read()
            # Back to the session's own (inside an outer transaction a LOCAL setting would
            # outlive this savepoint).
            cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
            return rows
    except OperationalError:
        return []


def _among(ids: list[int]) -> RawSQL:
    """``id = ANY(%s)`` with the ids as one array: a thousand ``IN (%s, …)`` parameters cost
    more to send and plan than the ranking itself."""
    return RawSQL("catalog_product.id = ANY(%s)", (sorted(ids),), output_field=BooleanField())


def _search_postgresql(queryset: QuerySet, words: list[str]) -> Found:
    # ``search_document`` is a stored, GIN-indexed column that exists on PostgreSQL only
    # (migration catalog/0005).
    stem_name = _tsquery(words, whole=True, name=True)
    prefix_name = _tsquery(words, whole=False, name=True)
    anywhere = _tsquery(words, whole=False, name=False)
    ids = _candidates(queryset, stem_name, prefix_name, anywhere)
    if ids:
        word_name, word_any = _as_typed(words)
        tier = Case(
            When(word_name, then=Value(TIER_WORD_NAME)),
            When(word_any, then=Value(TIER_WORD)),
            When(_document_matches(stem_name), then=Value(TIER_STEM_NAME)),
            When(_document_matches(prefix_name), then=Value(TIER_PREFIX_NAME)),
            default=Value(TIER_PREFIX),
            output_field=IntegerField(),
        )
        ranked = (
            queryset.filter(_among(ids))
            .annotate(
                tier=tier,
                rank=RawSQL(
                    "ts_rank(catalog_product.search_document, to_tsquery('simple', %s))",
                    (anywhere,),
                    output_field=FloatField(),
                ),
            )
            .order_by("-tier", "-rank", "-is_featured", "name", "id")
        )
        return Found(ranked, len(ids))
    # Nothing matched word by word: look for names with similar-looking words (typos such
    # as "robsta"). ``trigram_word_similar`` is pg_trgm's ``%>`` operator, served by the
    # trigram index; every word must be close to some word of the name.
    close = Q()
    similarity = None
    for word in words:
        close &= Q(search_name__trigram_word_similar=word)
        term = TrigramWordSimilarity(word, "search_name")
        similarity = term if similarity is None else similarity + term
    # A short list of the closest names is what a typo needs; in a huge catalogue the
    # trigram index may have to recheck thousands of names (36 ms for a word with no near
    # name among a million): past TYPO_MS the answer is "nothing found".
    near = _within(
        TYPO_MS,
        lambda: list(queryset.filter(close).order_by().values_list("pk", flat=True)[:MAX_TYPO]),
    )
    return Found(
        queryset.filter(_among(near)).annotate(rank=similarity).order_by("-rank", "name", "id"),
        len(near),
    )
