"""The date of the version of a document that the corpus holds, from its promulgation history.

Laws are amended: 浙江省志愿服务条例 was adopted in 2007 and revised in 2018, and the text in the corpus
is the revised one. A clause quoted from it dates from the revision, not the adoption. The history is
the document's ``date_text`` metadata (entries separated by ``;``, each starting with a date); the
version date is the date of the last entry that names an amendment (the pack's ``places`` file,
``amendments``), or the document's date when there is none.
"""

from __future__ import annotations

import re

from tixi.packs import Pack

_ENTRY_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def amendment_words(pack: Pack) -> tuple[str, ...]:
    """Return the words that mark an amendment (the pack's ``places`` file, ``amendments``); none when it has none."""
    name = pack.named("places", "")
    if not name or not pack.has(name):
        return ()
    return tuple(str(word) for word in (pack.yaml(name) or {}).get("amendments") or ())


def version_date(date: object, date_text: object, amendments: tuple[str, ...]) -> str:
    """Return the ISO date of the version held: the last amendment in ``date_text``, else ``date`` ('' when neither)."""
    fallback = date if isinstance(date, str) else ""
    if not isinstance(date_text, str) or not amendments:
        return fallback
    found = ""
    for entry in date_text.split(";"):
        match = _ENTRY_DATE.search(entry)
        if match and any(word in entry for word in amendments):
            year, month, day = (int(part) for part in match.groups())
            found = max(found, f"{year:04d}-{month:02d}-{day:02d}")
    return found or fallback
