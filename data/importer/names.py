"""Names to codes: districts (Azerbaijani, English, Russian, spelling variants, former names, ISO codes),
economic regions, the country, indicators and the small vocabularies of the facility sheet.

Spelling variants are matched through a skeleton of the name in which the letters that writers swap are made
one (ə/e/a, ı/i/y, dotted İ, x/kh, ş/sh/s, ç/ch/c/j, ğ/gh/g, q/k/g, ö/o, ü/u), case, punctuation and doubled
letters are ignored and the words "rayonu/rayon/district/район" or "şəhəri/city/город" set apart: they choose
between a district and the city of the same name (Lənkəran rayonu AZ-LAN, Lənkəran şəhəri AZ-LA).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from data.i18n import LANGUAGES, catalogue

_DIGRAPHS = (("dzh", "j"), ("zh", "j"), ("ch", "j"), ("kh", "x"), ("sh", "s"), ("gh", "g"))
_LETTERS = str.maketrans(
    {
        "ə": "a",
        "e": "a",
        "ä": "a",
        "â": "a",
        "ı": "i",
        "y": "i",
        "î": "i",
        "ü": "u",
        "û": "u",
        "ö": "o",
        "ğ": "g",
        "q": "g",
        "k": "g",
        "ş": "s",
        "ç": "j",
        "c": "j",
        "ё": "е",
    }
)
_NON_LETTER = re.compile(r"[^a-zа-яё]+")
_DOUBLE = re.compile(r"(.)\1+")
_PUNCT = re.compile(r"[(),.;:/\[\]\"']+")
SUGGEST_CUTOFF = 0.72


def fold(text: object) -> str:
    """Case- and form-insensitive text: NFKC, casefold (dotted İ -> i), single spaces."""
    t = unicodedata.normalize("NFKC", str(text)).casefold().replace("\u0307", "").replace("ё", "е")
    return " ".join(t.split())


def skeleton(text: object) -> str:
    """The name with the letters writers swap made one: 'Lənkəran' and 'Lenkeran' and 'Lankaran' -> 'lankaran'."""
    t = fold(text)
    for a, b in _DIGRAPHS:
        t = t.replace(a, b)
    t = _NON_LETTER.sub("", t.translate(_LETTERS))
    return _DOUBLE.sub(r"\1", t)


_CITY_WORDS = {skeleton(w) for w in ("şəhəri", "şəhər", "şəh", "ş", "city", "town", "город", "г")}
_RAYON_WORDS = {skeleton(w) for w in ("rayonu", "rayon", "r", "district", "район", "р-н", "rn", "raion")}
_REGION_WORDS = {skeleton(w) for w in ("iqtisadi", "rayonu", "rayon", "economic", "region", "экономический", "район")}


def split_qualifier(text: object) -> tuple[str, str | None]:
    """('Lənkəran', 'city') for 'Lənkəran şəhəri'; the qualifier is 'city', 'rayon' or None."""
    tokens = _PUNCT.sub(" ", fold(text).replace("р-н", "район")).split()
    base, qualifier = [], None
    for tok in tokens:
        sk = skeleton(tok)
        if sk in _CITY_WORDS:
            qualifier = "city"
        elif sk in _RAYON_WORDS:
            qualifier = "rayon"
        else:
            base.append(tok)
    return (" ".join(base), qualifier) if base else (fold(text), None)


@dataclass(frozen=True)
class Place:
    """A place a text was matched to; `how`: code | name | variant | old_name."""

    level: str  # country | region | district
    code: str
    how: str
    name_az: str
    name_en: str

    @property
    def names(self) -> dict[str, str]:
        """The current name in each language."""
        return {"az": self.name_az, "en": self.name_en}


class PlaceMatcher:
    """Matches texts to the country, economic regions and districts."""

    COUNTRY_NAMES = (
        "AZ",
        "AZE",
        "Azərbaycan",
        "Azerbaijan",
        "Азербайджан",
        "Azərbaycan Respublikası",
        "Republic of Azerbaijan",
        "Ölkə",
        "Country",
        "Respublika",
        "Ölkə üzrə",
        "Respublika üzrə",
    )

    def __init__(self, districts: pd.DataFrame, aliases: pd.DataFrame, regions: pd.DataFrame) -> None:
        self._districts = {r["code"]: r for r in districts.to_dict("records")}
        self._regions = {r["code"]: r for r in regions.to_dict("records")}
        self._country = {skeleton(n) for n in self.COUNTRY_NAMES}
        self._district_codes: dict[str, str] = {}
        for code, r in self._districts.items():
            self._district_codes[code.upper()] = code
            if isinstance(r.get("iso_code"), str) and r["iso_code"]:
                self._district_codes[r["iso_code"].upper()] = code
        self._exact: dict[str, set[tuple[str, str]]] = {}
        self._skeletons: dict[tuple[str, str | None], set[tuple[str, str]]] = {}
        names = [
            (r["code"], r[f"name_{lang}"], f"name_{lang}")
            for r in self._districts.values()
            for lang in ("az", "en", "ru")
        ]
        names += list(aliases[["district_code", "alias", "kind"]].itertuples(index=False, name=None))
        for code, alias, kind in names:
            if code not in self._districts or not isinstance(alias, str) or not alias.strip():
                continue
            self._exact.setdefault(fold(alias), set()).add((code, kind))
            base, q = split_qualifier(alias)
            self._skeletons.setdefault((skeleton(base), q), set()).add((code, kind))
        self._region_codes = {c.upper(): c for c in self._regions}
        self._region_names: dict[str, str] = {}
        for code, r in self._regions.items():
            for lang in ("az", "en", "ru"):
                self._region_names[self._region_skeleton(r[f"name_{lang}"])] = code

    @staticmethod
    def _region_skeleton(text: object) -> str:
        tokens = [t for t in _PUNCT.sub(" ", fold(text)).split() if skeleton(t) not in _REGION_WORDS]
        return skeleton(" ".join(tokens) or text)

    def _place(self, level: str, code: str, how: str) -> Place:
        if level == "country":
            return Place("country", "AZ", how, "Azərbaycan", "Azerbaijan")
        r = (self._regions if level == "region" else self._districts)[code]
        return Place(level, code, how, r["name_az"], r["name_en"])

    def country(self, text: str) -> Place | None:
        """The country, for 'AZ', 'Azərbaycan', 'Azerbaijan', 'ölkə' ..."""
        return self._place("country", "AZ", "name") if skeleton(text) in self._country else None

    def region(self, text: str) -> Place | None:
        """An economic region by code (ER-QAR) or name in any language."""
        code = self._region_codes.get(text.strip().upper())
        if code:
            return self._place("region", code, "code")
        code = self._region_names.get(self._region_skeleton(text))
        return self._place("region", code, "name") if code else None

    def district(self, text: str) -> Place | None:
        """A district or city by code, name in any language, spelling variant or former name."""
        t = text.strip()
        code = self._district_codes.get(t.upper()) or self._district_codes.get(f"AZ-{t.upper()}")
        if code:
            return self._place("district", code, "code")
        hits = self._exact.get(fold(t))
        if hits and len({c for c, _ in hits}) == 1:
            how = "old_name" if all(k == "old_name" for _, k in hits) else "name"
            return self._place("district", next(iter(hits))[0], how)
        base, q = split_qualifier(t)
        sk = skeleton(base)
        hits = set(self._skeletons.get((sk, q), set()))
        if q is not None and not hits:
            hits = {h for h in self._skeletons.get((sk, None), set()) if self._districts[h[0]]["kind"] == q}
        if q is not None and not hits:
            hits = {h for (s, _), hs in self._skeletons.items() if s == sk for h in hs}
        if len({c for c, _ in hits}) != 1:
            return None
        how = "old_name" if all(k == "old_name" for _, k in hits) else "variant"
        return self._place("district", next(iter(hits))[0], how)

    def resolve(self, text: str, level: str | None) -> Place | None:
        """The place `text` names at `level` (None: the country, else a district, else a region)."""
        if level == "country":
            return self.country(text)
        if level == "region":
            return self.region(text)
        if level == "district":
            return self.district(text)
        return self.country(text) or self.district(text) or self.region(text)

    def suggest(self, text: str, level: str | None = "district") -> Place | None:
        """The closest district (or region) to a text that matched nothing, if one is close enough."""
        if level == "region":
            keys = list(self._region_names)
            got = difflib.get_close_matches(self._region_skeleton(text), keys, n=1, cutoff=SUGGEST_CUTOFF)
            return self._place("region", self._region_names[got[0]], "suggestion") if got else None
        base, q = split_qualifier(text)
        keys = {}
        for (s, kq), hits in self._skeletons.items():
            if kq == q or q is None or kq is None:
                keys.setdefault(s, next(iter(sorted(hits)))[0])
        got = difflib.get_close_matches(skeleton(base), list(keys), n=1, cutoff=SUGGEST_CUTOFF)
        return self._place("district", keys[got[0]], "suggestion") if got else None


class CodeMatcher:
    """Matches texts to the codes of a small vocabulary (indicators, statuses, networks, ...), by code or label."""

    def __init__(self, labels: dict[str, list[str]]) -> None:
        self._codes = {fold(c): c for c in labels}
        self._labels: dict[str, str] = {}
        for code, texts in labels.items():
            for t in [code, code.replace("_", " "), *texts]:
                if isinstance(t, str) and t.strip():
                    self._labels.setdefault(skeleton(t), code)

    @property
    def codes(self) -> list[str]:
        """Every code of the vocabulary."""
        return list(self._codes.values())

    def match(self, text: str) -> str | None:
        """The code a text names (by code, case-insensitive, or by any label), else None."""
        t = fold(text).replace(" ", "_")
        return self._codes.get(t) or self._codes.get(fold(text)) or self._labels.get(skeleton(text))

    def suggest(self, text: str) -> str | None:
        """The closest code to a text that matched nothing."""
        codes = list(self._codes)
        got = difflib.get_close_matches(fold(text).replace(" ", "_"), codes, n=1, cutoff=0.6)
        if got:
            return self._codes[got[0]]
        got = difflib.get_close_matches(skeleton(text), list(self._labels), n=1, cutoff=SUGGEST_CUTOFF)
        return self._labels[got[0]] if got else None


def indicator_matcher(indicators: pd.DataFrame) -> CodeMatcher:
    """Indicators by code or by their Azerbaijani or English name."""
    return CodeMatcher({r["code"]: [r["name_az"], r["name_en"]] for r in indicators.to_dict("records")})


def vocabulary(prefix: str, codes: tuple[str, ...], extra: dict[str, list[str]] | None = None) -> CodeMatcher:
    """A vocabulary whose labels are its translations (`<prefix>.<code>` in every language) and `extra` words."""
    labels = {c: [catalogue(lang).get(f"{prefix}.{c}", "") for lang in LANGUAGES] for c in codes}
    for c, words in (extra or {}).items():
        labels[c] = [*labels.get(c, []), *words]
    return CodeMatcher(labels)


LEVEL_WORDS: dict[str, list[str]] = {
    "country": ["ölkə", "respublika", "страна", "national"],
    "region": ["iqtisadi rayon", "economic region", "регион", "экономический район"],
    "district": ["rayon", "şəhər", "city", "rayon/şəhər", "район", "город"],
}
