"""Place names normalised with the pack's gazetteer, so that one place has one name and a province.

Documents and transcripts name places in many ways: 上海 and 上海市, 苏州 and 江苏省苏州市, 荣成 for
荣成市 (under 威海市, 山东省). `Gazetteer.normalise` returns the canonical name (the full official
form, with a district kept after its city), the city it belongs to and its province; the report groups
and counts by it, so interview cities meet document places. The gazetteer is the ``gazetteer`` part of
the pack's ``places`` file; a name it lacks is kept as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from tixi.packs import Pack
from tixi.store.infer import PlaceRules


@dataclass(frozen=True)
class Place:
    """A place as the gazetteer knows it: canonical name, the city it lies in, and its province ('' when unknown)."""

    name: str
    city: str
    province: str


@dataclass(frozen=True)
class Gazetteer:
    """Provinces (full name -> short forms), cities (full name -> province) and county-level places (name -> city).

    Short forms drop an administrative suffix (省, 市, 自治区 …): the suffixes and the four
    municipalities are those of the same places file (``suffixes``, ``municipalities``).
    """

    provinces: dict[str, tuple[str, ...]]
    cities: dict[str, str]
    counties: dict[str, str]
    suffixes: tuple[str, ...] = ()  # longest first
    municipalities: frozenset[str] = frozenset()
    # Each name normalised once: a report normalises a place per row (97,000 rows for reuse on lawref), most of them alike.
    _memo: dict[str, Place] = field(default_factory=dict, init=False, repr=False, compare=False)

    # -- lookups derived from the fields, built on first use ----------------------------------------

    @cached_property
    def _province_forms(self) -> list[tuple[str, tuple[str, ...]]]:
        """Return (province, its full and short forms, longest first), longest province first."""
        return [(full, tuple(sorted((full, *shorts), key=len, reverse=True)))
                for full, shorts in sorted(self.provinces.items(), key=lambda item: -len(item[0]))]

    @cached_property
    def _city_forms(self) -> list[tuple[str, str]]:
        """Return (city, its short form), longest city first."""
        return [(city, stem(city, self.suffixes)) for city in sorted(self.cities, key=len, reverse=True)]

    @cached_property
    def _county_forms(self) -> dict[str, str]:
        """Return county-level place by its full or short form; a full name wins over another's short form."""
        forms: dict[str, str] = {}
        for county in reversed(list(self.counties)):  # the first county listed wins a shared short form
            forms[stem(county, self.suffixes)] = county
        for county in reversed(list(self.counties)):
            forms[county] = county
        return forms

    @classmethod
    def from_pack(cls, pack: Pack) -> Gazetteer:
        """Return the pack's gazetteer (empty when its places file has none)."""
        name = pack.named("places", "")
        data = (pack.yaml(name) or {}) if name and pack.has(name) else {}
        key = repr(data)
        if key not in _PARSED:
            rules = PlaceRules.from_pack(pack)
            suffixes = tuple(sorted(rules.levels, key=len, reverse=True)) if rules is not None else ()
            municipalities = frozenset(rules.municipalities) if rules is not None else frozenset()
            raw = data.get("gazetteer") if isinstance(data, dict) else None
            _PARSED[key] = _parse(raw if isinstance(raw, dict) else {}, suffixes, municipalities)
        return _PARSED[key]

    def normalise(self, place: str | None) -> Place:
        """Return ``place`` normalised: 上海 -> 上海市; 苏州, 江苏省苏州市 -> 苏州市 in 江苏省; 荣成 -> 荣成市 in 威海市."""
        text = (place or "").strip()
        if text not in self._memo:
            self._memo[text] = self._normalise(text)
        return self._memo[text]

    def _normalise(self, text: str) -> Place:
        if not text:
            return Place("", "", "")
        found = self._below_province(text, "")
        if found is not None:
            return found
        province, rest = self._province_prefix(text)
        if not rest:
            return Place(province, province if self._is_municipality(province) else "", province)
        found = self._below_province(rest, province)
        if found is not None:
            return found
        if province and self._is_municipality(province):
            return Place(province + rest, province, province)  # 天津市南开区: a district of a municipality
        return Place(text, "", province)

    def _below_province(self, text: str, province: str) -> Place | None:
        """Return the place of a name that starts with a city or is a county-level place, else None."""
        city, remainder = self._city_prefix(text)
        if city:
            district = self._county(remainder) or remainder
            return Place(city + district, city, self.cities.get(city, province))
        county = self._county(text)
        if county:
            city = self.counties[county]
            return Place(county, city, self.cities.get(city, province))
        return None

    # -- parts of a name ---------------------------------------------------------------------------

    def _is_municipality(self, province: str) -> bool:
        return province in self.municipalities

    def _province_prefix(self, text: str) -> tuple[str, str]:
        for full, forms in self._province_forms:
            for form in forms:
                if text.startswith(form):
                    return full, text[len(form):]
        return "", text

    def _city_prefix(self, text: str) -> tuple[str, str]:
        for city, short in self._city_forms:
            if text.startswith(city):
                return city, text[len(city):]
            if len(short) >= 2 and text == short:
                return city, ""
        return "", text

    def _county(self, text: str) -> str:
        return self._county_forms.get(text, "") if text else ""


_PARSED: dict[str, Gazetteer] = {}  # by the gazetteer's text: packs are read once per process


def stem(name: str, suffixes: tuple[str, ...]) -> str:
    """Return ``name`` without its administrative suffix (苏州市 -> 苏州), when one of ``suffixes`` (longest first) ends it."""
    return next((name[: -len(suffix)] for suffix in suffixes if name.endswith(suffix) and len(name) > len(suffix)), name)


def _parse(raw: dict[str, object], suffixes: tuple[str, ...], municipalities: frozenset[str]) -> Gazetteer:
    provinces: dict[str, tuple[str, ...]] = {}
    cities: dict[str, str] = {}
    counties: dict[str, str] = {}
    for province, entry in raw.items():
        data = entry if isinstance(entry, dict) else {}
        short = data.get("short")
        forms = ([str(short)] if short else []) + [stem(str(province), suffixes)]
        provinces[str(province)] = tuple(dict.fromkeys(form for form in forms if form != str(province)))
        for city in data.get("cities") or []:
            cities[str(city)] = str(province)
        for county, city in (data.get("counties") or {}).items():
            counties[str(county)] = str(city)
    return Gazetteer(provinces, cities, counties, suffixes, municipalities)
