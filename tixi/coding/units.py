"""Units of a coding validation sample: every (article, code) the model scored, and those it never saw.

An article × code unit is *coded* when a mention of the code in the article reaches the model's
threshold; its score is the highest probability of the code's mentions there. Articles where a code
has no term at all form the zero stratum, drawn by rejection (they are too many to list).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from tixi.coding.autocode import code_text, coding_model
from tixi.coding.codebook import load_codebook
from tixi.coding.lexicon import lexicon_for
from tixi.coding.polarity import load_rules
from tixi.errors import InputError
from tixi.validation.sampling import Unit, ZeroSampler

if TYPE_CHECKING:
    from tixi.store.context import StageContext

QUOTE_CHARS = 400


def articles_of(project: StageContext) -> list[tuple[str, str, str, str]]:
    """Return (doc id, title, article label, article text) for every article (else paragraph) of the project."""
    found = []
    titles = {row[0]: row[1] or "" for row in project.db.execute("SELECT id, title FROM documents")}
    for doc_id, text in project.iter_texts():
        rows = project.db.execute("SELECT label, start, end FROM segments WHERE doc_id = ? AND kind = 'article' ORDER BY start", (doc_id,)).fetchall()
        if not rows:
            rows = project.db.execute("SELECT label, start, end FROM segments WHERE doc_id = ? AND kind = 'paragraph' ORDER BY start",
                                      (doc_id,)).fetchall()
        for index, row in enumerate(rows):
            found.append((doc_id, titles.get(doc_id, ""), row["label"] or f"¶{index + 1}", text[row["start"]:row["end"]]))
    return found


def code_units(project: StageContext, code: str | None = None) -> tuple[list[Unit], float, tuple[int, ZeroSampler]]:
    """Return the scored units, the model's threshold, and the zero stratum (size, sampler)."""
    pack = project.pack
    codebook = load_codebook(pack)
    leaves = sorted(c.id for c in codebook.codes if c.parent is not None and c.terms and not c.applies_to)
    if code is not None:
        wanted = [c for c in leaves if c == code or c.startswith(code + ".")]
        if not wanted:
            raise InputError(f"no code {code!r} with terms in the codebook; see `tixi codes`")
    else:
        wanted = leaves
    lexicon, rules, model = lexicon_for(pack), load_rules(pack), coding_model(pack, project.root)
    threshold = model.presence.threshold if model else 0.5
    units: list[Unit] = []
    articles = articles_of(project)
    seen: set[tuple[int, str]] = set()
    for index, (doc_id, title, label, text) in enumerate(articles):
        best: dict[str, tuple[float, str | None]] = {}
        for coding in code_text(text, lexicon, rules, None, model, title, keep_all=True):
            if coding.code_id not in wanted:
                continue
            score = coding.confidence if coding.confidence is not None else 1.0
            if score >= best.get(coding.code_id, (-1.0, None))[0]:
                best[coding.code_id] = (score, coding.polarity)
        for code_id, (score, polarity) in sorted(best.items()):
            seen.add((index, code_id))
            units.append(Unit(doc_id, title, label, code_id, score, score >= threshold, polarity or "regulated", text[:QUOTE_CHARS]))
    size = len(articles) * len(wanted) - len(seen)

    def sampler(count: int, rng: random.Random) -> list[Unit]:
        drawn: list[Unit] = []
        tries = 0
        while len(drawn) < min(count, size) and tries < 100 * count:
            tries += 1
            index, code_id = rng.randrange(len(articles)), wanted[rng.randrange(len(wanted))]
            if (index, code_id) in seen or any(u.doc_id == articles[index][0] and u.unit == articles[index][2] and u.code_id == code_id for u in drawn):
                continue
            doc_id, title, label, text = articles[index]
            drawn.append(Unit(doc_id, title, label, code_id, 0.0, False, "", text[:QUOTE_CHARS]))
        return drawn

    return units, threshold, (size, sampler)
