"""Synthetic department budget disclosures, for benchmarks of speed and memory only.

Never use them for training, evaluation, the gold standard or the published dataset: the
departments and places are made up, the wording is this file's own and the figures are drawn at
random, so a model fitted to them learns this generator, not the documents. They exist for
size — the corpus has five documents, a memory curve needs a thousand.

Each document follows the national template (SPEC §1): title, 部门概况 (职能, 机构设置, 重点工作),
收支总体情况, 一般公共预算支出 by functional classification (codes and names from
``nlp/entities/data/expenditure_codes.tsv``, as items and as a table), “三公”经费, 机关运行经费, 绩效目标 with
indicator tables, 名词解释. The figures agree: the functional items add up to the 一般公共预算
total, 基本支出 + 项目支出 and the income sources to the overall total, the 三公 parts to theirs,
the projects to 项目支出. Two shapes (SPEC §1):

- ``clean``: one paragraph per line, tables flattened to one tab-indented cell per line;
- ``pdf``: lines hard-wrapped at 20–40 full-width columns, first lines indented, a form feed,
  a page number and a running header at every page break, ``19,044.27 万元`` amounts, a unit
  now and then split by the wrap (``万\\n元``), tables as rows of space-separated cells.

The same seed gives the same text. ``python benchmarks/synthetic.py OUT_DIR --count 1000``
writes ``synthetic_0000.txt``… (clean and pdf shapes alternating unless ``--shape`` says).
"""
from __future__ import annotations

import argparse
import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, NamedTuple

from nlp.entities import expenditure_codes

SHAPES = ("clean", "pdf")


@dataclass(frozen=True)
class Money:
    """An amount in hundredths of 万元; ``unit`` "" for a bare table cell."""

    cents: int
    unit: str = "万元"


Piece = str | Money


class Block(NamedTuple):
    """A title, heading or text line (one row of pieces), or a table (one row per table row,
    one piece per cell)."""

    role: str
    rows: tuple[tuple[Piece, ...], ...]


PLACES = ("青禾县", "云岭区", "临溪县", "北塘区", "南屏县", "柳河市", "金坪县", "松岗区",
          "望江县", "石渠湾区", "东陂县", "白水坪区")
DEPARTMENTS = (  # name, field of work, 款 of the functional classification its projects fall under
    ("教育局", "教育", ("20501", "20502", "20508")),
    ("统计局", "统计调查", ("20105",)),
    ("档案馆", "档案", ("20126",)),
    ("市场监督管理局", "市场监管", ("20138",)),
    ("司法局", "司法行政", ("20406",)),
    ("文化广电旅游局", "文化和旅游", ("20701", "20702", "20703")),
    ("人力资源和社会保障局", "人力资源和社会保障", ("20801", "20807")),
    ("民政局", "民政", ("20802", "20810")),
    ("卫生健康局", "卫生健康", ("21001", "21004", "21007")),
    ("生态环境局", "生态环境", ("21101", "21103")),
    ("应急管理局", "应急管理", ("22401",)),
    ("城市管理局", "城市管理", ("21201",)),
    ("农业农村局", "农业农村", ("21301",)),
)
PAYROLL_ITEMS = ("2080505", "2080506", "2101101", "2210201")
"""Pension, occupational annuity, health insurance and housing fund: in every department's list."""

DUTIES = (
    "贯彻落实国家和上级关于{field}工作的方针政策和法律法规，研究拟订本地{field}发展规划并组织实施。",
    "负责本地{field}领域的统筹协调和监督管理，指导下属单位开展业务工作。",
    "负责{field}相关资金的预算编制、使用管理和绩效评价，配合做好审计监督。",
    "承担{field}方面的统计分析、信息发布和政务公开工作。",
    "组织开展{field}方面的宣传教育、业务培训和交流合作。",
    "负责本部门安全生产、信访维稳和突发事件应急处置相关工作。",
    "完成本级党委、政府交办的其他任务。",
)
WORK = (
    ("抓好项目推进", "围绕{field}重点项目建立月调度机制，全年计划投入{money}，按季度通报进度。"),
    ("深化改革创新", "持续优化{field}领域审批服务流程，压缩办理时限，提升群众办事体验。"),
    ("加强队伍建设", "组织业务培训{n}期，覆盖干部职工{m}人次，提高依法履职能力。"),
    ("严格预算管理", "坚持过紧日子，压减一般性支出，确保资金使用安全、规范、有效。"),
    ("开展专项整治", "聚焦{field}领域突出问题，建立问题清单和整改台账，实行销号管理。"),
    ("夯实数据基础", "完善{field}数据采集和分析机制，按时完成年度报表报送工作。"),
)
PURPOSES = ("保障机构正常运转的人员和公用经费", "开展{field}业务工作", "按规定为职工缴纳的社会保险费",
            "{field}专项工作的实施", "设施设备的维护和更新")
REASONS_UP = ("新增{field}专项工作任务", "人员增加和工资标准调整", "承接上级下放的管理事项")
REASONS_DOWN = ("压减一般性支出", "上年一次性项目已完成", "严格执行过紧日子要求")
PROJECT_KINDS = ("专项工作经费", "信息系统运行维护项目", "业务培训项目", "宣传推广经费", "设施维护项目")
TERMS = (
    ("财政拨款收入", "指本级财政部门当年拨付给本部门及下属单位的资金。"),
    ("事业收入", "指下属事业单位开展专业业务活动及其辅助活动取得的收入。"),
    ("基本支出", "指为保障机构正常运转、完成日常工作任务安排的支出，包括人员经费和公用经费。"),
    ("项目支出", "指在基本支出以外，为完成特定工作任务和事业发展目标安排的支出。"),
    ("“三公”经费", "指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。"),
    ("机关运行经费", "指行政单位和参照公务员法管理的事业单位为保障运行，用于购买货物和服务的各项资金。"),
)
NUMERALS = "一二三四五六七八九十"
NUMBER_CHARS = "0123456789.,"
NO_LINE_START = "，。、；：！？）》”%"


def document(seed: int, shape: str = "clean") -> str:
    """One synthetic disclosure; the same ``seed`` and ``shape`` always give the same text."""
    rng = random.Random(seed)
    header, blocks = _draft(rng)
    return _clean(blocks) if shape == "clean" else _pdf(blocks, header, rng)


def documents(count: int, shape: str = "both", seed: int = 0) -> Iterator[tuple[str, str]]:
    """``(name, text)`` of ``count`` documents; ``both`` alternates the clean and pdf shapes."""
    for i in range(count):
        doc_shape = SHAPES[i % 2] if shape == "both" else shape
        yield f"synthetic_{i:04d}", document(seed * 1_000_003 + i, doc_shape)


def write(directory: Path, count: int, shape: str = "both", seed: int = 0) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in documents(count, shape, seed):
        path = directory / f"{name}.txt"
        path.write_text(text, encoding="utf-8", newline="")
        paths.append(path)
    return paths


# --- drafting: what the document says ------------------------------------------------------------

def _draft(rng: random.Random) -> tuple[str, list[Block]]:
    """The running header and the blocks of one document."""
    place = rng.choice(PLACES)
    name, field, accounts = rng.choice(DEPARTMENTS)
    year = rng.randint(2019, 2026)
    kind = rng.choice(("预算", "决算"))
    d = _Draft(rng, field, f"{place}{name}", year, kind)
    d.title(f"{place}{name}")
    d.title(f"{year}年部门{kind}")
    d.heading("第一部分 部门概况")
    d.heading("一、部门职能")
    d.text(f"{d.dept}是主管本地{field}工作的政府部门。主要职责是：")
    for i, duty in enumerate(_some(rng, DUTIES, 4, len(DUTIES)), 1):
        d.text(f"{i}.{duty.format(field=field)}")
    d.heading("二、机构设置")
    units = rng.randint(0, 6)
    d.text(f"本部门内设{rng.randint(3, 12)}个职能科室，下属事业单位{units}个，核定行政编制{rng.randint(8, 60)}名、"
           f"事业编制{rng.randint(0, 120)}名。纳入{year}年部门{kind}编制范围的单位共{units + 1}个。")
    d.heading(f"三、{year}年重点工作")
    for i, (title, body) in enumerate(_some(rng, WORK, 3, len(WORK)), 1):
        d.text(f"{i}.{title}。", *d.fill(body))

    items = _functional_items(rng, accounts)
    general = sum(cents for _, cents in items)
    fund, business, carried = (rng.choice((0, rng.randint(100, general // 3 + 100))) for _ in range(3))
    total = general + fund + business + carried
    project = rng.randint(total // 5, total // 2)
    basic = total - project
    d.heading(f"第二部分 {year}年部门{kind}情况说明")
    d.heading("一、收支总体情况")
    d.text(f"{year}年收入{kind}总计", Money(total), "，其中：一般公共预算拨款收入", Money(general),
           f"，占{_share(general, total)}；政府性基金预算拨款收入", Money(fund), f"，占{_share(fund, total)}；事业收入",
           Money(business), f"，占{_share(business, total)}；上年结转", Money(carried), f"，占{_share(carried, total)}。")
    last_year = rng.randint(total * 8 // 10, total * 12 // 10 + 1)
    d.text(f"{year}年支出{kind}总计", Money(total), "，其中：基本支出", Money(basic), f"，占{_share(basic, total)}；项目支出",
           Money(project), f"，占{_share(project, total)}。", *d.change(total, last_year))
    d.heading("二、一般公共预算支出情况")
    d.text(f"{year}年一般公共预算支出{kind}", Money(general), "，按支出功能分类科目安排如下：")
    coded = rng.random() < 0.5
    for i, (code, cents) in enumerate(items, 1):
        purpose = rng.choice(PURPOSES).format(field=field)
        d.text(f"{i}.{_chain(code, coded)}：{year}年{kind}数为", Money(cents), f"，主要用于{purpose}。")
    d.table(_functional_table(items, spaced=rng.random() < 0.3))

    abroad = rng.choice((0, rng.randint(50, 800)))
    buy = rng.choice((0, 0, rng.randint(1000, 3000)))
    run = rng.randint(100, 1500)
    reception = rng.randint(50, 900)
    three = abroad + buy + run + reception
    d.heading("三、“三公”经费情况")
    last_year = rng.randint(three // 2, three * 3 // 2 + 1)
    d.text(f"{year}年“三公”经费财政拨款{kind}", Money(three), "，", *d.change(three, last_year))
    d.text("其中：因公出国（境）费", Money(abroad), "；公务用车购置及运行维护费", Money(buy + run), "（公务用车购置费",
           Money(buy), "，公务用车运行维护费", Money(run), "）；公务接待费", Money(reception), "。")
    d.text(f"截至上年末，本部门共有公务用车{rng.randint(0, 9)}辆；全年安排国内公务接待{rng.randint(5, 90)}批次、"
           f"{rng.randint(30, 700)}人次。")
    running = rng.randint(2000, 40000)
    d.heading("四、机关运行经费情况")
    d.text(f"{year}年本部门机关运行经费{kind}", Money(running), "，主要用于办公费、水电费、差旅费、维修费等日常公用支出。")

    d.heading("五、绩效目标情况")
    projects = _split(rng, project, rng.randint(2, 5))
    d.text(f"{year}年本部门实行绩效目标管理的项目{len(projects)}个，涉及{kind}资金", Money(project), "。")
    for i, cents in enumerate(projects[:3]):
        d.heading(f"（{NUMERALS[i]}）{field}{rng.choice(PROJECT_KINDS)}")
        d.text(f"项目概述：用于支持{field}领域年度重点任务的实施，年度预算", Money(cents), "。")
        d.table(_indicator_table(rng, field))

    d.heading("第三部分 名词解释")
    terms = list(TERMS) + [(_chain(code, False), f"指{d.dept}用于{expenditure_codes.lookup(code).name}方面的支出。")
                           for code, _ in rng.sample(items, min(2, len(items)))]
    for i, (term, meaning) in enumerate(terms, 1):
        d.text(f"{i}.{term}：{meaning}")
    return f"{d.dept}{year}年部门{kind}", d.blocks


class _Draft:
    """The blocks of a document being written, and the phrasing shared by its sections."""

    def __init__(self, rng: random.Random, field: str, dept: str, year: int, kind: str):
        self.rng, self.field, self.dept, self.year, self.kind = rng, field, dept, year, kind
        self.blocks: list[Block] = []

    def title(self, line: str) -> None:
        self.blocks.append(Block("title", ((line,),)))

    def heading(self, line: str) -> None:
        self.blocks.append(Block("heading", ((line,),)))

    def text(self, *pieces: Piece) -> None:
        self.blocks.append(Block("text", (pieces,)))

    def table(self, rows: list[tuple[Piece, ...]]) -> None:
        self.blocks.append(Block("table", tuple(rows)))

    def fill(self, template: str) -> tuple[Piece, ...]:
        """A template's ``{field}``, ``{n}``, ``{m}`` filled in, ``{money}`` as an amount."""
        before, _, after = template.partition("{money}")
        values = {"field": self.field, "n": self.rng.randint(2, 12), "m": self.rng.randint(50, 900)}
        if not _:
            return (before.format(**values),)
        return before.format(**values), Money(self.rng.randint(1000, 500000)), after.format(**values)

    def change(self, now: int, before: int) -> tuple[Piece, ...]:
        """How ``now`` compares with last year's ``before``, and why."""
        if now == before:
            return ("与上年持平。",)
        more = now > before
        reason = self.rng.choice(REASONS_UP if more else REASONS_DOWN).format(field=self.field)
        return (f"比上年{'增加' if more else '减少'}", Money(abs(now - before)),
                f"，{'增长' if more else '下降'}{_share(abs(now - before), before)}，主要原因是{reason}。")


def _functional_items(rng: random.Random, accounts: tuple[str, ...]) -> list[tuple[str, int]]:
    """(项 code, amount) of the department's own 款 and the payroll items, in code order."""
    own = [s.code for account in accounts for s in expenditure_codes.children(account)]
    chosen = set(rng.sample(own, min(len(own), rng.randint(2, 5)))) | set(PAYROLL_ITEMS)
    return [(code, rng.randint(500, 300000) if code not in PAYROLL_ITEMS else rng.randint(300, 40000))
            for code in sorted(chosen)]


def _is_running_cost(code: str) -> bool:
    return expenditure_codes.lookup(code).name in ("行政运行", "事业运行", "机关服务")


def _chain(code: str, coded: bool) -> str:
    """``社会保障和就业支出（208类）行政事业单位养老支出（05款）…（05项）``, or with bare markers."""
    levels = [expenditure_codes.lookup(code[:n]) for n in (3, 5, 7)]
    parts = [code[:3], code[3:5], code[5:7]]
    return "".join(f"{s.name}（{part if coded else ''}{s.level}）" for s, part in zip(levels, parts))


def _functional_table(items: list[tuple[str, int]], spaced: bool) -> list[tuple[Piece, ...]]:
    """The 一般公共预算支出 table: 类 and 款 subtotal rows above their 项 rows, as published."""
    rows: list[tuple[Piece, ...]] = [("科目编码", "科目名称", "合计", "基本支出", "项目支出")]
    seen: set[str] = set()
    for code, _ in items:
        for prefix in (code[:3], code[:5], code):
            if prefix in seen:
                continue
            seen.add(prefix)
            cents = sum(c for other, c in items if other.startswith(prefix))
            basic = sum(c for other, c in items if other.startswith(prefix)
                        and (other in PAYROLL_ITEMS or _is_running_cost(other)))
            shown = " ".join((prefix[:3], prefix[3:5], prefix[5:])).strip() if spaced else prefix
            rows.append((shown, expenditure_codes.lookup(prefix).name, Money(cents, ""), Money(basic, ""),
                         Money(cents - basic, "")))
    return rows


def _indicator_table(rng: random.Random, field: str) -> list[tuple[Piece, ...]]:
    return [
        ("一级指标", "二级指标", "三级指标", "指标值"),
        ("产出指标", "数量指标", f"{field}服务覆盖人次", f"≥{rng.randint(2, 50) * 100}人次"),
        ("产出指标", "质量指标", "任务完成合格率", f"≥{rng.choice((90, 95, 98))}%"),
        ("产出指标", "时效指标", "按期完成率", "100%"),
        ("效益指标", "社会效益指标", f"{field}服务水平", "明显提升"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", f"≥{rng.choice((85, 90, 95))}%"),
    ]


def _split(rng: random.Random, cents: int, parts: int) -> list[int]:
    """``cents`` as ``parts`` positive amounts that add up to it exactly."""
    cuts = sorted(rng.sample(range(1, cents), parts - 1)) if cents > parts else []
    bounds = [0, *cuts, cents]
    return [b - a for a, b in zip(bounds, bounds[1:]) if b > a]


def _some(rng: random.Random, pool: tuple, low: int, high: int) -> list:
    """Between ``low`` and ``high`` entries of ``pool``, in pool order."""
    return sorted(rng.sample(pool, rng.randint(low, high)), key=pool.index)


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "0%"


# --- shaping: how the document is laid out ------------------------------------------------------

def _clean(blocks: list[Block]) -> str:
    lines = []
    for block in blocks:
        if block.role == "table":
            lines.extend("\t" + _written(cell, separators=False) for row in block.rows for cell in row)
        else:
            lines.append("".join(_written(piece, separators=False) for piece in block.rows[0]))
    return "\n".join(lines) + "\n"


def _pdf(blocks: list[Block], header: str, rng: random.Random) -> str:
    width = 2 * rng.randint(20, 40)                    # in half-width columns
    indent = "\u3000\u3000" if rng.random() < 0.7 else ""
    lines: list[str] = []
    for block in blocks:
        if block.role == "table":
            lines.extend(" ".join(_written(cell, separators=True) for cell in row) for row in block.rows)
            continue
        text = "".join(_written(piece, separators=True) for piece in block.rows[0])
        first = indent if block.role == "text" else ""
        lines.extend(_wrap(first + text, width, rng))
    page_length = rng.randint(28, 40)
    numbering = rng.choice(("- {} -", "{}", "第{}页"))
    out, on_page, page = [], 0, 1
    for i, line in enumerate(lines):
        out.append(line)
        on_page += 1
        if on_page >= page_length and i + 1 < len(lines) and not lines[i + 1].startswith(("元", "万元")):
            out += [numbering.format(page), "\f", header]    # a page never ends inside an amount
            on_page, page = 0, page + 1
    return "\n".join(out) + "\n"


def _written(piece: Piece, separators: bool) -> str:
    if isinstance(piece, str):
        return piece
    whole, cents = divmod(piece.cents, 100)
    number = f"{whole:,}.{cents:02d}" if separators else f"{whole}.{cents:02d}"
    return number + (" " if separators and piece.unit else "") + piece.unit


def _wrap(text: str, width: int, rng: random.Random) -> list[str]:
    """Fill lines to ``width`` columns as a PDF page does: never inside a number, never before
    closing punctuation; a space at the start of a line is lost, as in extraction."""
    lines, line = [], ""
    for char in text:
        if _columns(line + char) > width and line.strip() and char not in NO_LINE_START:
            line, carried = _break(line, char, rng)
            lines.append(line)
            line = carried
        if line or char != " ":
            line += char
    lines.append(line)
    return [line for line in lines if line.strip()]


def _break(line: str, following: str, rng: random.Random) -> tuple[str, str]:
    """Where a full line ends: before a number it would cut, and half the time between 万 and
    元 when the line ends just after ``万元`` (extracted text often shows ``万\n元``)."""
    if following in NUMBER_CHARS:
        run = len(line) - len(line.rstrip(NUMBER_CHARS))
        if 0 < run < len(line):
            return line[:-run], line[-run:]
    unit = line.find("万元", len(line) - 4)
    if unit >= 0 and rng.random() < 0.5:
        return line[:unit + 1], line[unit + 1:]
    return line, ""


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--shape", choices=(*SHAPES, "both"), default="both")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = write(args.directory, args.count, args.shape, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {size / 1e6:.1f} MB, in {args.directory}")


if __name__ == "__main__":
    main()
