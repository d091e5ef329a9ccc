"""Rules as data for reading budget tables: the national table kinds, the column names of
their headers, units and the roles of amounts in explanation sentences. Compiled once."""
from __future__ import annotations

from decimal import Decimal

import regex

TABLE_KINDS: tuple[tuple[str, str], ...] = (
    # (kind, pattern on the title without spaces); the first match wins, so specific ones first;
    # kind "" is a table of no national kind (a project-spending table), whatever else it names
    ("三公经费表", r"三公"),
    ("机关运行经费表", r"机关运行经费"),
    ("政府采购表", r"政府采购"),
    ("", r"项目支出"),
    ("财政拨款收支总表", r"财政拨款收(入)?支(出)?.*(总表|总体情况表)"),
    ("收支总表", r"收(入)?支(出)?.*(总表|总体情况表)"),
    ("政府性基金支出表", r"政府性基金"),
    ("国有资本经营支出表", r"国有资本经营"),
    ("收入总表", r"收入.*(总表|总体情况表|决算表|预算表)"),
    ("基本支出经济分类表", r"基本支出.*(经济分类)?|经济分类.*基本支出|支出.*按经济分类"),
    ("一般公共预算支出功能分类表", r"一般公共预算.*支出|财政拨款支出"),
    ("支出总表", r"支出.*(总表|总体情况表|决算表|预算表)"),
)
TABLE_KIND_PATTERNS = tuple((kind, regex.compile(pattern)) for kind, pattern in TABLE_KINDS)

FUNCTIONAL_KINDS = frozenset({"一般公共预算支出功能分类表", "支出总表", "收入总表",
                              "政府性基金支出表", "国有资本经营支出表"})
"""Kinds whose code rows follow the functional classification (类/款/项), checked for closure."""

TITLE = regex.compile(r"^\s*(?:表\s*[\d一二三四五六七八九十\-]+[\s.、：:]*)?"
                      r"(?P<title>\S[^。，；\n]{1,60}?表(?:[（(](?!续|\d{4}年)[^（）()。，；\n]{1,16}[)）])?)\s*"
                      r"(?:[（(](?:续|\d{4}年度?)[)）])?\s*$")
"""A table's title line: ends in 表, or in 表 and a parenthesised note (``表（续）``, ``（按功能分类）``);
no sentence punctuation."""

NOT_TITLE = regex.compile(r"^(?:公开|部门|单位)?\s*[\d\-一二三四五六七八九十]+\s*表$|^第[一二三四五六七八九十]+部分")
"""A table's number (``公开05表``, ``表1``) or a part heading (``第二部分 …预算表``): not its title."""

UNIT = regex.compile(r"(?:单位|金额单位)\s*[:：]\s*(?P<unit>万元|千元|亿元|元)")

UNIT_FACTORS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}

NUMBER = regex.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
"""A numeric cell as written (the whole token)."""

CODE = regex.compile(r"\d{3}(?:\d{2}){0,2}")
"""A classification code: 3, 5 or 7 digits (类, 款, 项)."""

LEVELS = {3: "类", 5: "款", 7: "项"}

COLUMN_NAMES = (
    "本年收入合计", "本年支出合计", "支出总计", "收入总计", "事业单位经营支出", "收入预算合计", "支出预算合计", "总计", "合计", "小计",
    "财政拨款收入", "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入",
    "上级补助收入", "事业单位经营收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入",
    "上年结转", "用事业基金弥补收支差额", "年初结转和结余", "年末结转和结余", "本年收入", "本年支出",
    "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出",
    "人员经费", "公用经费",
    "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款",
    "一般公共预算", "政府性基金预算", "国有资本经营预算",
    "年初预算数", "调整预算数", "全年预算数", "预算数", "决算数", "执行数", "金额",
    "扣除中央基建投资后执行数", "扣除中央基建投资后预算数", "增减额", "增减(%)", "增减（%）",
    "因公出国(境)费", "因公出国（境）费", "公务接待费",
    "公务用车购置及运行维护费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行维护费",
    "购置费", "运行维护费", "运行费", "公务用车运行费", "机关运行经费预算数", "机关运行经费支出", "机关运行经费",
    "一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款", "财政专户管理资金", "财政专户拨款",
    "其他资金", "其他资金收入", "单位资金", "政府性基金", "上年结转和结余资金", "单位预留机动经费", "结转下年资金", "财政专户拨款收入", "财政拨款", "教育收费", "其他专户收入拨款", "上年结余、结转", "上年结转结余", "一般公共预算资金",
    "“三公”经费合计", "会议费", "培训费", "预算",
    "预算数（万元）", "预算数(万元)", "预算数（单位：万元）", "预算数(单位:万元)",
)
"""Header cells recognised in a table's header (matched in order of appearance, longest
first, on the header text with whitespace removed, so a cell wrapped over lines is found)."""

COLUMN_PATTERN = regex.compile(
    r"(?:其中[:：])?(?:(?:19|20)\d{2}年度?)?(?:"
    r"(?:\d{4}年)?政府采购项目中预留给(?:中小企业|小型、?微型企业)的项目资金规模|"
    + "|".join(regex.escape(name) for name in sorted(COLUMN_NAMES, key=len, reverse=True)) + ")")
"""A header cell as written: a known name, with the ``其中：`` and the year (``2026年预算数``) the
header writes before it kept (the column is the header as it stands)."""

YEAR_PREFIX = regex.compile(r"^(?:其中[:：])?(?:19|20)\d{2}年度?")

_VEHICLE_PARTS = ("小计", "购置费", "运行维护费", "运行费", "公务用车购置费", "公务用车运行维护费", "公务用车运行费")
GROUP_COLUMNS = {"公务用车购置及运行维护费": _VEHICLE_PARTS, "公务用车购置及运行费": _VEHICLE_PARTS}
"""A header cell over sub-columns: the sub-columns that follow it are written as paths."""

PARENT_COLUMNS = {
    "财政拨款": ("合计", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算",
                 "一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款"),
    "本年支出": ("小计", "合计", "基本支出", "项目支出"),
    "年初预算数": ("小计", "基本支出", "项目支出"),
    "单位资金": ("小计", "财政专户管理资金", "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入",
                 "其他收入", "上年结余、结转", "上年结转结余"),
    "财政拨款收入": ("合计", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算"),
    "财政专户拨款收入": ("小计", "教育收费", "其他专户收入拨款"),
    "其他资金收入": ("小计", "事业收入", "事业单位经营收入", "其他收入"),
}
"""A header cell over sub-columns written on the header's next line, after other cells of its
own line (Guangdong's 收入总体情况表): where a header names more columns than its rows have
numbers, the parent's place is taken by those of its sub-columns that follow it."""

TOTAL_COLUMNS = ("合计", "本年支出合计", "本年收入合计", "总计", "支出总计", "收入总计", "支出预算合计", "收入预算合计",
                 "小计")
"""Column names of a row's whole, in order of preference."""

TOTAL_ITEMS = ("合计", "总计", "支出合计", "本年支出合计", "本年收入合计", "支出总计", "收入总计")
"""Item names of a table's total row (the one over the 类 rows)."""

SPENDING_PARTS = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "事业单位经营支出", "对附属单位补助支出",
                  "单位预留机动经费")
"""The columns a row's whole spending divides into (合计 = 基本支出 + 项目支出 + …)."""

SIDE_BY_SIDE_SIDES = (("收入", "支出"),)

SKIPPED_ROW_LABELS = regex.compile(r"^(?:栏\s*次|行\s*次|项\s*目|科目编码|功能分类|类|款|项)$")

AMOUNT_ROLES = regex.compile(
    r"(?P<role>年初预算数?|调整预算数?|全年预算数?|预算数|预算安排|支出决算数?|决算数|执行数|预算执行数|实际支出)"
    r"[^，。；\d]{0,6}$")
"""The role of an amount in an explanation sentence: the words just before it
(``年初预算为1560.05万元`` → 年初预算)."""
