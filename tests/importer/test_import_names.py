"""Place names to codes: every language, spelling variants, former names, codes, district or city of one name."""

import pandas as pd
import pytest

from data.importer.names import PlaceMatcher, skeleton, split_qualifier
from data.loader import read_reference


@pytest.fixture(scope="module")
def places() -> PlaceMatcher:
    return PlaceMatcher(
        read_reference("districts.csv"), read_reference("district_aliases.csv"), read_reference("economic_regions.csv")
    )


@pytest.mark.parametrize(
    ("text", "code", "how"),
    [
        ("Lənkəran", "AZ-LAN", "name"),
        ("LƏNKƏRAN", "AZ-LAN", "name"),
        ("Lankaran", "AZ-LAN", "name"),
        ("Lenkeran", "AZ-LAN", "variant"),  # ə/e
        ("Lankaran rayonu", "AZ-LAN", "variant"),
        ("Lənkəran şəhəri", "AZ-LA", "variant"),  # the city of the same name
        ("Lankaran City", "AZ-LA", "name"),
        ("Ленкорань (город)", "AZ-LA", "name"),  # Russian
        ("ŞƏKİ", "AZ-SAK", "name"),  # dotted İ
        ("Sheki", "AZ-SAK", "name"),
        ("Seki", "AZ-SAK", "variant"),  # ş/s
        ("Şəki şəhəri", "AZ-SA", "variant"),
        ("İsmayıllı", "AZ-ISM", "name"),
        ("Ismailly", "AZ-ISM", "variant"),  # ı/i/y
        ("Xaçmaz", "AZ-XAC", "name"),
        ("Khachmaz", "AZ-XAC", "name"),
        ("Xacmaz", "AZ-XAC", "variant"),  # ç/c, x/kh
        ("Qəbələ", "AZ-QAB", "name"),
        ("Gebele", "AZ-QAB", "variant"),  # q/g
        ("Ağdaş", "AZ-AGS", "name"),
        ("Aghdash", "AZ-AGS", "variant"),  # ğ/gh, ş/sh
        ("Göygöl", "AZ-GYG", "name"),
        ("Goygol", "AZ-GYG", "name"),  # ö/o
        ("Kazakh", "AZ-QAZ", "variant"),
        ("Zaqatala r.", "AZ-ZAQ", "variant"),
        ("Absheron district", "AZ-ABS", "variant"),
        ("г. Баку", "AZ-BA", "variant"),
        ("AZ-ABS", "AZ-ABS", "code"),
        ("az-abs", "AZ-ABS", "code"),
        ("AZX-AGD", "AZX-AGD", "code"),
        ("Xanlar", "AZ-GYG", "old_name"),
        ("Khanlar", "AZ-GYG", "old_name"),
        ("Dəvəçi", "AZ-SBN", "old_name"),
        ("Davachi", "AZ-SBN", "old_name"),
        ("Əli Bayramlı", "AZ-SR", "old_name"),
    ],
)
def test_districts(places, text, code, how):
    place = places.district(text)
    assert place is not None, text
    assert (place.code, place.how) == (code, how)


@pytest.mark.parametrize(("text", "code"), [("Lenkoran", "AZ-LAN"), ("Mingəçevr", "AZ-MI"), ("Sabirabd", "AZ-SAB")])
def test_closest_match_is_suggested(places, text, code):
    assert places.district(text) is None
    assert places.suggest(text).code == code


def test_nothing_close_means_no_suggestion(places):
    assert places.district("Atlantis") is None
    assert places.suggest("Atlantis") is None


def test_regions_and_country(places):
    assert places.resolve("Qarabağ", "region").code == "ER-QAR"
    assert places.resolve("Lankaran-Astara economic region", "region").code == "ER-LAS"
    assert places.resolve("er-qar", None).code == "ER-QAR"
    assert places.resolve("Azərbaycan", None).level == "country"
    assert places.resolve("AZ", "country").code == "AZ"
    # Bakı is a city and an economic region: without a level the district is meant.
    assert places.resolve("Bakı", None).code == "AZ-BA"
    assert places.resolve("Bakı", "region").code == "ER-BAK"


def test_no_two_districts_share_a_skeleton():
    """The spelling skeletons of all known names never point at two districts (else a variant could be misread)."""
    aliases = read_reference("district_aliases.csv")
    districts = read_reference("districts.csv")
    names = pd.concat(
        [aliases[["alias", "district_code"]]]
        + [districts[[f"name_{x}", "code"]].set_axis(["alias", "district_code"], axis=1) for x in ("az", "en", "ru")]
    )
    keys = names.assign(key=[(skeleton(split_qualifier(a)[0]), split_qualifier(a)[1]) for a in names["alias"]])
    per_key = keys.groupby("key")["district_code"].nunique()
    assert per_key.max() == 1, per_key[per_key > 1]


def test_skeleton_and_qualifier():
    assert skeleton("Lənkəran") == skeleton("Lenkeran") == skeleton("Lankaran")
    assert split_qualifier("Lənkəran şəhəri") == ("lənkəran", "city")
    assert split_qualifier("Şuşa rayonu") == ("şuşa", "rayon")
    assert split_qualifier("Шеки р-н") == ("шеки", "rayon")
