"""Layout rules of the national disclosure template, as data: heading markers, title words,
sentence ends, noise. The segmenter (nlp.segment) only combines them.

Each pattern is compiled once here; change the template knowledge here, not in the code.
"""
from __future__ import annotations

import re

import regex

CN_DIGITS = "一二三四五六七八九十百零〇两"

# Heading marker families, outermost first. The family of a heading decides its siblings;
# its depth in the tree comes from the order the families nest in the document.
MARKERS: dict[str, regex.Pattern] = {
    "part": regex.compile(rf"第[{CN_DIGITS}\d]+部分[ \t\u3000]*"),
    "cn": regex.compile(rf"[{CN_DIGITS}]+[、][ \t\u3000]*"),
    "paren_cn": regex.compile(rf"[（(][ \u3000]*[{CN_DIGITS}]+[ \u3000]*[）)][ \t\u3000]*"),
    "num": regex.compile(r"[1-9１-９][0-9０-９]?[.．、](?![0-9０-９])[ \t\u3000]*"),
    "paren_num": regex.compile(r"[（(][1-9１-９][0-9０-９]?[）)][ \t\u3000]*"),
    "num_paren": regex.compile(r"[1-9１-９][0-9０-９]?[）)][ \t\u3000]*"),
}
# All families in one pattern, tried in the same order (the first alternative that matches wins,
# as the first family would): one match per line instead of six. The group name is the family.
MARKER = regex.compile("|".join(f"(?P<{family}>{pattern.pattern})" for family, pattern in MARKERS.items()))
# The characters a marker can open with (the first item of each pattern). A call of the regex
# module costs about a microsecond whatever the text, and most lines open with something else.
MARKER_START = frozenset("第（(123456789１２３４５６７８９" + CN_DIGITS)
# (The *_START sets are guarded by tests/test_segment.py: change them with their pattern.)

# Unnumbered headings: known section titles, and short titles ending in a title word.
KNOWN_TITLES = regex.compile(r"(?:目[ \t\u3000]*录|名词解释|附[ \t\u3000]*件[0-9０-９一二三四五六七八九十]*|附[ \t\u3000]*表)")
KNOWN_TITLE_START = frozenset("目名附")           # what a known title can open with
TITLE_WORDS = ("情况说明", "编制说明", "情况", "说明", "概况", "主要职能", "职能", "职责", "机构设置", "单位构成",
               "名词解释", "专业名词", "报告", "建议", "预算表", "决算表", "总表", "明细表", "目录")
# An unnumbered title is short, has none of this punctuation and opens with a digit only as a year.
TITLE_PUNCT = regex.compile(r"[。；，：:,;！？、]")
TITLE_YEAR = regex.compile(r"(?:19|20)[0-9]{2}\s*年")
# The title of a whole document or of an attached report ("2024年部门预算编制说明",
# "…2020年部门整体支出绩效评价报告"): a paragraph when it opens the document or an attachment
# (a cover line), a heading when it opens a part further in (Shanghai's template).
DOCUMENT_TITLE = regex.compile(r"(?:19|20)[0-9]{2}\s*年.*(?:预算|决算|支出).*(?:说明|报告)$")
# The title of one table ("收入支出决算总表", "财政拨款“三公”经费支出预算表"), and the title of the
# part that holds all of them ("第二部分 上海市××局2024年度部门决算表", often without its marker).
TABLE_TITLE = regex.compile(r"表(?:[（(][^（）()\n]{1,16}[）)])?$")   # also "…情况表（按经济分类科目）"
TABLES_PART = regex.compile(r"(?:19|20)[0-9]{2}\s*年度?\s*(?:部门|单位)?\s*(?:预算|决算)表$")
ATTACHMENT = regex.compile(r"附[ \t\u3000]*件[0-9０-９一二三四五六七八九十]*")
TOC_TITLE = regex.compile(r"目[ \t\u3000]*录")
TOC_LEADER = regex.compile(r"(?:…{2,}|\.{4,}|·{4,})")
TOC_ENTRY_PUNCT = regex.compile(r"[。；，]")      # an entry without leaders is no sentence
# What follows an entry's title in the 目录: dot leaders and the page number.
TOC_ENTRY_TAIL = regex.compile(r"[ \t\u3000]*(?:(?:…|\.{2,}|·{2,}|-{3,}).*|[ \t\u3000]+[0-9]{1,3})$")
TOC_PAGE_END = frozenset("0123456789")   # a tail without "…", "..", "··" or "---" ends in a page number
# An entry's number written without a space before a year ("4．2025年部门…预算总表"), which the
# "num" marker does not take (it refuses a digit after the dot).
TOC_ENTRY_NUMBER = regex.compile(r"[1-9１-９][0-9０-９]?[.．、][ \t\u3000]*")
# A table title in the body is a heading only where the 目录 lists it (GUIDELINES E.5, E.8): one
# that is short enough to be a title, and no sentence.
MAX_LISTED_TITLE = 40
LISTED_TITLE_PUNCT = regex.compile(r"[。；，：:!！？?]")

# Sentence ends; closing quotes and brackets that follow stay with the sentence.
SENTENCE_END = regex.compile(r"(?:[。！？!?]+|…{1,2}(?!…))[”’」』）)】》〕\"']*")
TERMINAL = "。！？!?"
# A sentence end, colon or semicolon: a numbered heading has none inside its title, and one
# with any of them is complete (it does not wrap onto the next line).
HEADING_END_PUNCT = regex.compile(f"[{TERMINAL}：:；;]")
CLOSING = regex.compile(r"[\p{Pe}\p{Pf}\p{Po}]")   # a line opening with these is a wrapped tail

# Words that make a short numbered line ending in 。 a statement rather than a title:
# "（二）公务接待费较2023年预算持平。" is a paragraph, "（一）项目及绩效目标情况。" a heading.
PREDICATES = regex.compile(
    r"负责|办理|承办|协助|组织|指导|督促|研究|根据|做好|开展|推进|加强|完成|持平|增加|减少|下降|"
    r"增长|用于|没有|未安排|无计划|较|比上年|比[0-9]|是指|为[0-9]"
)

# An amount of money written in a numbered line ("1．本年收入合计 4,651.67 万元。"): with a
# sentence end or more content after it, the line states a figure and names no section
# (GUIDELINES E.9).
AMOUNT_IN_TITLE = regex.compile(r"[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?[ \t\u3000]*(?:万元|亿元|千元|元)")

# Page numbers standing alone on a line: "12", "- 12 -", "第 12 页", "12/40".
PAGE_NUMBER = regex.compile(
    r"(?:[-—–·]\s*)?(?:第\s*)?[0-9０-９]{1,4}(?:\s*页)?(?:\s*[-—–·])?|[0-9]{1,4}\s*/\s*[0-9]{1,4}"
)
PAGE_NUMBER_START = frozenset("-—–·第0123456789０１２３４５６７８９")   # what a page number can open with
WHITESPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
"""Every character the regex module's ``\\s`` matches."""
PAGE_NUMBER_CHARACTERS = "-—–·第页/0123456789０１２３４５６７８９" + WHITESPACE   # all a page number is made of
# Mail-merge residue left by the template tool: `MERGEFIELD ${...}`.
TEMPLATE_JUNK = regex.compile(r"MERGEFIELD\s*\$\{[^}\n]*\}|\$\{[A-Za-z0-9_.]+\}")
TEMPLATE_JUNK_SIGN = "${"     # in every match of TEMPLATE_JUNK: a line without it has no junk

# A bare number cell of a table row: a whitespace-delimited number not followed by a unit.
# (It opens at the start or after whitespace, (?<!\S); the lookahead before that lets the regex
# module skip to the characters a number can open with, half again as fast on a table row.)
BARE_NUMBER_CELL = regex.compile(
    r"(?=[-+0-9])(?<!\S)[-+]?[0-9][0-9,]*(?:\.[0-9]+)?%?(?=[\s]|$)(?![\s]*(?:万|亿|千|元|年|月|日|人|辆|个|次|台|家|批|%|％))"
)
# A cell that sums up a table: "合计", "本年收入合计", "总计", "小计" (a row of it is a table row).
TOTAL_CELL = regex.compile(r"\S{0,8}(?:合\s*计|总\s*计|小\s*计)")
# Punctuation that only prose has (a thousands comma is followed by a digit).
PROSE_PUNCT = regex.compile(r"[。；，！？]|[,;](?![0-9])|(?<![一二三四五六七八九十])、")

WIDE = regex.compile(r"[\u1100-\u115f\u2e80-\u303e\u3040-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")
# Runs of wide characters, with the standard library's re: its findall is several times faster
# than regex's for a plain character class, and runs mean one match per stretch of CJK text.
_WIDE_RUNS = re.compile(WIDE.pattern + "+")


def display_width(s: str) -> int:
    """Columns a line takes on the page: CJK and full-width characters count two."""
    if s.isascii():
        return len(s)
    return len(s) + sum(map(len, _WIDE_RUNS.findall(s)))


# Tests the segmenter runs on every line, written to spare most lines a regex call.

def ends_in_title_word(text: str) -> bool:
    """Whether a stripped text ends in one of :data:`TITLE_WORDS`, by ``str.endswith``: no
    regex scan of every position of the line."""
    return text.endswith(TITLE_WORDS)


def is_page_number(text: str) -> bool:
    # A line with any other character (a table row: "2010101 行政运行 12.00") is none: no regex call.
    return (text[:1] in PAGE_NUMBER_START and not text.lstrip(PAGE_NUMBER_CHARACTERS)
            and PAGE_NUMBER.fullmatch(text) is not None)


def is_known_title(text: str) -> bool:
    return text[:1] in KNOWN_TITLE_START and KNOWN_TITLES.fullmatch(text) is not None


def without_toc_tail(text: str) -> str:
    """``text`` without a 目录 entry's leaders and page number (:data:`TOC_ENTRY_TAIL`); the
    same object when it has none, found without a regex scan of every position of the line."""
    if text[-1:] not in TOC_PAGE_END and not ("…" in text or ".." in text or "··" in text or "---" in text):
        return text
    return TOC_ENTRY_TAIL.sub("", text)
