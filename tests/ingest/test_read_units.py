import pytest

from jobbook.data.fields import UNIT_CODES
from jobbook.data.konto import KontoCodeError
from jobbook.ingest.lexicon import split_codes
from jobbook.ingest.model import READ_UNIT_CODES, Problem, TableRefused, Unit, parse_unit
from jobbook.ingest.model import normalise_function_code as normalise_konto_code
from jobbook.ingest.numbers import amount_value, split_trailing_amounts


@pytest.mark.parametrize("raw", ["05.57.71", "055771", "5.57.71", "55771", " 5.57.71 "])
def test_konto_code_spellings(raw):
    assert normalise_konto_code(raw) == "5.57.71"


def test_konto_code_hovedkonto_zero_and_nine():
    assert normalise_konto_code("00.25.10") == "0.25.10"
    assert normalise_konto_code("92210") == "9.22.10"


@pytest.mark.parametrize("raw", ["155771", "5.57", "5.5.71", "05-57-71", "x", "5577", "5.57.710"])
def test_konto_code_refused(raw):
    with pytest.raises(KontoCodeError):
        normalise_konto_code(raw)


@pytest.mark.parametrize(("text", "code", "printed"), [
    ("kr.", "dkk", "kr."),
    ("Hele kroner", "dkk", "Hele kroner"),
    ("1.000 kr.", "dkk_1000", "1.000 kr."),
    ("1000 kr", "dkk_1000", "1000 kr"),
    ("Beløb i 1.000 kr.", "dkk_1000", "1.000 kr."),
    ("i hele tusinde kroner", "dkk_1000", "i hele tusinde kroner"),
    ("t.kr.", "dkk_1000", "t.kr."),
    ("TKR", "dkk_1000", "TKR"),
    ("mio. kr.", "dkk_mio", "mio. kr."),
    ("Mio.kr.", "dkk_mio", "Mio.kr."),
    ("mill. kr.", "dkk_mio", "mill. kr."),
    ("personer", "persons", "personer"),
    ("HELÅRSPERSONER", "persons", "HELÅRSPERSONER"),
    ("Faktisk antal", "persons", "Faktisk antal"),
    ("dkk_1000", "dkk_1000", "dkk_1000"),
])
def test_parse_unit(text, code, printed):
    assert parse_unit(text) == Unit(code, printed, None)


def test_parse_unit_none_and_conflict():
    assert parse_unit("Driftsbudget") is None
    assert parse_unit("udgifterne steg med 2,5 mio. kr. i 2024") is None  # an amount, not a unit
    with pytest.raises(ValueError, match="more than one unit"):
        parse_unit("1.000 kr. og personer")


def test_unit_kind_and_to_dkk():
    assert Unit("dkk_1000", "1.000 kr.", 3).kind == "amount"
    assert Unit("dkk_1000", "1.000 kr.", 3).to_dkk(7.5) == 7500.0
    assert Unit("dkk_mio", "mio. kr.", None).to_dkk(-2093.8) == pytest.approx(-2_093_800_000.0)
    assert Unit("dkk", "kr.", None).to_dkk(12.0) == 12.0
    persons = Unit("persons", "helårspersoner", 1)
    assert persons.kind == "persons"
    with pytest.raises(ValueError):
        persons.to_dkk(3)
    with pytest.raises(ValueError):
        Unit("eur", "euro", None)


@pytest.mark.parametrize(("token", "value"), [
    ("1.234", 1234.0), ("-95", -95.0), ("\u221295", -95.0), ("\u201395", -95.0), ("0", 0.0), ("-", 0.0),
    ("\u2013", 0.0), ("\u2014", 0.0), ("9,4", 9.4), ("-2.093,8", -2093.8), ("(1.234)", -1234.0), ("735,0", 735.0),
])
def test_amount_values(token, value):
    assert amount_value(token).value == pytest.approx(value)


def test_split_trailing_amounts():
    assert split_trailing_amounts("055771 Sygedagpenge 67.639 69.321") == ("055771 Sygedagpenge", ["67.639", "69.321"])
    assert split_trailing_amounts("Rusmidler9,4 9,1") == ("Rusmidler", ["9,4", "9,1"])
    assert split_trailing_amounts("I alt1.077,7") == ("I alt", ["1.077,7"])
    # a year or a six-digit code is not an amount in running text
    assert split_trailing_amounts("Pulje 2021") == ("Pulje 2021", [])
    assert split_trailing_amounts("Afvigelse 12 %") == ("Afvigelse", ["12%"])


def test_split_codes():
    assert split_codes("05.48.66 & 05.48.68 Førtidspension") == (("5.48.66", "5.48.68"), "Førtidspension")
    assert split_codes("5.58.81 og 5.58.83 Fleksjob") == (("5.58.81", "5.58.83"), "Fleksjob")
    assert split_codes("5.46.60, 5.46.61 Integration") == (("5.46.60", "5.46.61"), "Integration")
    assert split_codes("055771 Sygedagpenge") == (("5.57.71",), "Sygedagpenge")
    assert split_codes("Sygedagpenge") == ((), "Sygedagpenge")


def test_refusal_str_lists_lines():
    error = TableRefused([Problem(4, "too few"), Problem(None, "no unit")])
    assert str(error) == "line 4: too few\nno unit"
    assert error.problems[0].line == 4


def test_the_units_a_table_is_read_in_are_units_of_the_data():
    # The reader names its units with the data's codes (declared once, in jobbook.data.fields).
    assert set(READ_UNIT_CODES) <= set(UNIT_CODES)
    assert {parse_unit(text).code for text in ("kr.", "1.000 kr.", "mio. kr.", "personer")} == set(READ_UNIT_CODES)
