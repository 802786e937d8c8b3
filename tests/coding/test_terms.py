"""Every code is checked on the bundled corpus: its hits per term are listed (run with -s to read them)."""

from __future__ import annotations

from collections import Counter, defaultdict

from tixi.coding.lexicon import lexicon_for
from tixi.demo import bundled_corpus
from tixi.text.normalize import normalize

CATEGORIES = ("virtue", "promoted_behaviour", "prohibited_behaviour", "mechanism")


def corpus_hits() -> dict[str, list[tuple[str, str, str]]]:
    """Return per code the (document, term, context) of every hit on the bundled corpus."""
    hits: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for path in sorted((bundled_corpus().parent / "documents").glob("*.txt")):
        text = normalize(path.read_text(encoding="utf-8")).text
        for hit in lexicon_for().find(text):
            context = text[max(0, hit.start - 12):hit.end + 8].replace("\n", "/")
            hits[hit.code_id].append((path.name[:3], hit.term, context))
    return hits


def test_every_code_hits_the_corpus_and_its_hits_are_listed() -> None:
    hits = corpus_hits()
    codes = [code for code in lexicon_for().codebook.codes if code.category in CATEGORIES and code.terms]
    for code in codes:
        found = hits.get(code.id, [])
        terms = Counter(term for _, term, _ in found)
        print(f"\n{code.id} ({code.label_zh}): {len(found)} hits in {len({doc for doc, _, _ in found})} documents; "
              + ", ".join(f"{term} {count}" for term, count in terms.most_common()))
        for doc, term, context in found[:: max(1, len(found) // 3)][:3]:
            print(f"    {doc} {term}: {context}")
    silent = [code.id for code in codes if not hits.get(code.id)]
    assert silent == [], f"codes without a single hit on the corpus: {silent}"


def test_wrong_senses_are_not_coded() -> None:
    # 爱国卫生 (hygiene campaign) and 军属优待 (military families) are excluded senses.
    for path in sorted((bundled_corpus().parent / "documents").glob("*.txt")):
        text = normalize(path.read_text(encoding="utf-8")).text
        assert all(text[hit.start:hit.start + 4] != "爱国卫生" for hit in lexicon_for().find(text)), path.name
    hits = corpus_hits()
    assert all("家属优待" not in context and "军属优待" not in context for _, _, context in hits["mechanism.commendation"])
    # No bare 网络 or 信息 is a term of any code.
    terms = set(lexicon_for().terms)
    assert "网络" not in terms and "信息" not in terms and "信用" not in terms
