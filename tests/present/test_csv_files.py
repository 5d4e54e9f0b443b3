"""The CSV writing of figures: numbers as spreadsheets read them, in both dialects."""

import csv
import io

import pandas as pd

from jobbook.present.csv_files import EXCEL_DA, csv_text


def rows(content: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline=""), delimiter=delimiter))


def test_csv_keeps_decimals_and_drops_trailing_zero_of_whole_numbers():
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [1.5, None], "c": ["x", "y"]})
    assert csv_text(frame) == "a,b,c\n1,1.5,x\n2,,y\n"


def test_csv_numbers_have_no_float_noise_exponent_or_negative_zero():
    frame = pd.DataFrame({"v": [0.1 + 0.2, 0.00001, -0.0, -2.5, 44.89068825910931]})
    assert csv_text(frame).splitlines()[1:] == ["0.3", "0.00001", "0", "-2.5", "44.8906882591093"]
    assert rows(csv_text(frame, EXCEL_DA), ";")[1:] == [["0,3"], ["0,00001"], ["0"], ["-2,5"], ["44,8906882591093"]]
