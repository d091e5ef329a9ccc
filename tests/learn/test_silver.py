"""The gold-free checks: which paragraphs they cover, what they expect, how shares are counted."""
from nlp.learn.silver import CHECKS, expected_label, silver_shares
from nlp.paragraphs.linear_model import Example


def test_each_check_picks_its_paragraphs_by_kind_and_title():
    assert expected_label("table", "一般公共预算财政拨款支出表") == (CHECKS[0], "其他")
    assert expected_label("table", "“三公”经费支出表") == (CHECKS[1], "三公")
    assert expected_label("table", "项目支出绩效目标表") is None          # 绩效: not a budget table
    assert expected_label("text", "部门主要职责") == (CHECKS[2], "职能")
    assert expected_label("text", "机构设置及人员情况") is None           # not duties
    assert expected_label("text", "收支总表") is None                    # text under a table title: no check
    assert expected_label("noise", "部门主要职责") is None


def test_shares_count_what_the_predictor_says():
    examples = [Example("a", "table", ("收支总表",)), Example("b", "table", ("收支总表",)),
                Example("c", "text", ("主要职能",))]
    expected = [(CHECKS[0], "其他"), (CHECKS[0], "其他"), (CHECKS[2], "职能")]
    shares = silver_shares(lambda batch: ["其他", "绩效目标", "职能"], examples, expected)
    assert shares[CHECKS[0]] == {"right": 1, "total": 2, "share": 0.5}
    assert shares[CHECKS[2]] == {"right": 1, "total": 1, "share": 1.0}
    assert shares[CHECKS[1]] == {"right": 0, "total": 0, "share": None}
