"""Spreadsheets we write never carry a formula that came from someone's text."""

import io

from openpyxl import load_workbook

from grassroots.tabular import neutralise, write_xlsx


def test_text_that_begins_like_a_formula_is_written_as_text():
    hostile = ["=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
    content = write_xlsx("Hộ", ["Địa chỉ", "Số"], [[text, 5] for text in hostile] + [["Xóm 3", -4]])
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [(row[0].value, row[0].data_type, row[1].value) for row in sheet.iter_rows(min_row=2)]
    assert cells[:-1] == [("'" + text, "s", 5) for text in hostile]
    assert cells[-1] == ("Xóm 3", "s", -4)  # ordinary text and numbers (negative ones too) stay as they are


def test_neutralise_leaves_numbers_and_plain_text_alone():
    assert [neutralise(v) for v in (-3, 2.5, None, "Nguyễn Văn A", "")] == [-3, 2.5, None, "Nguyễn Văn A", ""]
