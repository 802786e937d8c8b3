"""The date of the version of a document that the corpus holds, from its promulgation history.

Laws are amended: 浙江省志愿服务条例 was adopted in 2007 and revised in 2018, and the text in the corpus
is the revised one. A clause quoted from it dates from the revision, not the adoption. The history is
the document's ``date_text`` metadata (entries separated by ``;``, each starting with a date); the
version date is the date of the last entry that names an amendment (the pack's ``places`` file,
``amendments``), or the document's date when there is none.
"""

from __future__ import annotations

from tixi.packs import Pack
from tixi.store.infer import PlaceRules, date_from_name


def amendment_words(pack: Pack) -> tuple[str, ...]:
    """Return the words that mark an amendment (the pack's ``places`` file, ``amendments``); none when it has none."""
    rules = PlaceRules.from_pack(pack)
    return rules.amendments if rules is not None else ()


def version_date(date: object, date_text: object, amendments: tuple[str, ...]) -> str:
    """Return the ISO date of the version held: the last amendment in ``date_text``, else ``date`` ('' when neither)."""
    fallback = date if isinstance(date, str) else ""
    if not isinstance(date_text, str) or not amendments:
        return fallback
    found = ""
    for entry in date_text.split(";"):
        entry_date = date_from_name(entry) if any(word in entry for word in amendments) else None
        if entry_date and len(entry_date) == len("2018-07-27"):  # a whole date (year, month, day) starts the entry
            found = max(found, entry_date)
    return found or fallback
