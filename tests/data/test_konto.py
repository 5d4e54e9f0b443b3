"""Unit tests: konto codes are normalised to one canonical form."""

import pytest

from jobbook.data.konto import KontoCodeError, konto_level, konto_parent, normalise_konto_code


@pytest.mark.parametrize("raw", ["05.57.71", "055771", "5.57.71", "55771", " 5.57.71 "])
def test_every_spelling_of_a_function_gives_one_code(raw):
    assert normalise_konto_code(raw) == "5.57.71"


@pytest.mark.parametrize(("raw", "canonical"), [("5", "5"), ("05", "5"), ("5.57", "5.57"), ("05.57", "5.57"),
                                                ("6.45.53", "6.45.53"), ("064553", "6.45.53")])
def test_higher_levels_and_other_hovedkonti(raw, canonical):
    assert normalise_konto_code(raw) == canonical


@pytest.mark.parametrize("raw", ["", "5.5.71", "5577", "5557710", "5.57.7", "abc", "5,57,71", "15.57.71"])
def test_malformed_codes_are_rejected(raw):
    with pytest.raises(KontoCodeError, match="expected 5.57.71"):
        normalise_konto_code(raw)


def test_level_and_parent_follow_from_the_code():
    assert [konto_level(c) for c in ("5", "5.57", "5.57.71")] == ["hovedkonto", "hovedfunktion", "funktion"]
    assert konto_parent("5.57.71") == "5.57"
    assert konto_parent("5.57") == "5"
    assert konto_parent("5") is None
