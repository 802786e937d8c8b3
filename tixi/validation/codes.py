"""Score automatic codings against labelled articles: codes per article and per document, and polarity.

Codes are compared as (article, code) pairs and as (document, code) pairs. An article's polarity for
a code is the one its mentions agree on in the code's favour (docs/labelling.md): for a promoted
behaviour or a virtue, ``promoted`` if any mention promotes it; for a misconduct, ``prohibited`` if
any mention restrains it; else the most common, else ``regulated``. Mechanism codes have none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tixi.validation.labels import Article
from tixi.validation.metrics import Counts, Figure, accuracy, prf

REGULATED = "regulated"
NO_POLARITY_FAMILIES = ("mechanism",)


@dataclass(frozen=True)
class CodeScores:
    """The behaviour figures of one evaluation."""

    article: dict[str, Figure]
    document: dict[str, Figure]
    polarity: Figure
    by_family: dict[str, dict[str, Figure]]


def family(code: str) -> str:
    """Return the family of a code id (the part before the first dot)."""
    return code.split(".", 1)[0]


def article_polarity(code: str, polarities: Iterable[str | None]) -> str | None:
    """Return one polarity for a code's mentions in an article (None for mechanism codes)."""
    if family(code) in NO_POLARITY_FAMILIES:
        return None
    found = [polarity or REGULATED for polarity in polarities]
    favoured = "prohibited" if family(code) == "prohibited" else "promoted"
    if favoured in found:
        return favoured
    counts = Counter(found).most_common()
    return counts[0][0] if counts else REGULATED


def code_scores(articles: Sequence[Article], predicted: Mapping[str, Mapping[str, str | None]], families: Sequence[str] | None = None) -> CodeScores:
    """Return the figures of ``predicted`` ({article key: {code: polarity}}) against the labelled articles."""
    def keep(code: str) -> bool:
        return families is None or family(code) in families

    by_article: dict[str, Counts] = {}
    by_document_sets: dict[str, tuple[set[str], set[str]]] = {}
    polarity: dict[str, tuple[int, int]] = {}
    family_counts: dict[str, dict[str, Counts]] = {}
    for article in articles:
        gold = {code: pol for code, pol in article.codes if keep(code)}
        guess = {code: pol for code, pol in predicted.get(article.key, {}).items() if keep(code)}
        counts = Counts(len(set(gold) & set(guess)), len(set(guess) - set(gold)), len(set(gold) - set(guess)))
        by_article[article.doc] = by_article.get(article.doc, Counts()) + counts
        gold_doc, guess_doc = by_document_sets.setdefault(article.doc, (set(), set()))
        gold_doc.update(gold)
        guess_doc.update(guess)
        for code in set(gold) | set(guess):
            fam = family_counts.setdefault(family(code), {})
            fam[article.doc] = fam.get(article.doc, Counts()) + Counts(int(code in gold and code in guess), int(code in guess and code not in gold),
                                                                       int(code in gold and code not in guess))
        for code in set(gold) & set(guess):
            if gold[code] is not None:
                right, total = polarity.get(article.doc, (0, 0))
                polarity[article.doc] = (right + int((guess[code] or REGULATED) == gold[code]), total + 1)
    by_document = {doc: Counts(len(g & p), len(p - g), len(g - p)) for doc, (g, p) in by_document_sets.items()}
    return CodeScores(prf(by_article), prf(by_document), accuracy(polarity),
                      {name: prf(counts) for name, counts in sorted(family_counts.items())})
