"""python -m nlp.facts: CSV of exact decimals, a bad input is one line and exit 2."""
import csv
import io

from nlp.facts import main

TABLE = "部门支出预算总表\n单位：元\n科目编码 科目名称 合计\n201 一般公共服务支出 1,234,567\n"


def test_csv_and_a_bad_input(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(TABLE, encoding="utf-8")
    out = tmp_path / "facts.csv"
    status = main([str(good), str(tmp_path / "missing.txt"), "--output", str(out)])
    assert status == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("nlp.facts: error: ") and "missing.txt" in errors[0]
    [row] = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert (row["code"], row["column"], row["value"], row["written"]) == ("201", "合计", "1234567", "1,234,567")


def test_the_output_is_never_an_input(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(TABLE, encoding="utf-8")
    assert main([str(good), "--output", str(good)]) == 2
    assert good.read_text(encoding="utf-8") == TABLE


def test_library_frame_keeps_decimals(tmp_path):
    from decimal import Decimal

    import nlp.facts

    good = tmp_path / "good.txt"
    good.write_text(TABLE.replace("单位：元", "单位：万元").replace("1,234,567", "0.01"), encoding="utf-8")
    frame = nlp.facts.facts(good)
    assert list(frame["value"]) == [Decimal("100")]
