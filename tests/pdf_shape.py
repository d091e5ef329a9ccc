"""A PDF-shape simulator: turns a clean disclosure into what text extraction from its PDF gives.

Lines hard-wrapped at ``width`` characters (a full line may end early to break ``万|元`` the way a
PDF does), the first line of each paragraph indented, blank lines gone, a page break every
``page_lines`` lines with a page number at the foot and a running header at the head, and
thousands separators in amounts. Table cell lines are kept as they are.
"""
import re

JUNK = re.compile(r"MERGEFIELD\s*\$\{[^}]*\}")
AMOUNT_INTEGER = re.compile(r"(?<![\d.,])(\d{4,})(?=(?:\.\d+)?\s*[万亿千]?元)")


def with_separators(line: str) -> str:
    return AMOUNT_INTEGER.sub(lambda m: f"{int(m.group(1)):,}", line)


def wrap(line: str, width: int) -> list[str]:
    """Fill lines to ``width`` full-width columns, as a PDF page does (digits are half width)."""
    from nlp.segment.rules import display_width

    out, pos = [], 0
    while display_width(line[pos:]) > 2 * width:
        cut = pos
        while display_width(line[pos:cut + 1]) <= 2 * width:
            cut += 1
        for back in range(0, 4):          # end a full line between 万 and 元 when one is near
            if line[cut - back - 1:cut - back + 1] == "万元":
                cut -= back
                break
        out.append(line[pos:cut])
        pos = cut
        while pos < len(line) and line[pos].isspace():   # extraction drops spaces at a line start
            pos += 1
    out.append(line[pos:])
    return out


def simulate(text: str, width: int = 28, page_lines: int = 30, header: str = "某部门2024年部门预算") -> str:
    from nlp.segment import segment

    sections, _, _ = segment(text)
    heading_starts = {s.heading[0] for s in sections}
    lines, offset, unbreakable = [], 0, set()
    for raw in text.split("\n"):
        start, offset = offset, offset + len(raw) + 1
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if line.startswith("\t"):
            lines.append(line)
            continue
        content = line.strip()
        junk = JUNK.match(content)
        if junk:                          # a template field prints on a line of its own
            lines.append(junk.group())
            content = content[junk.end():].strip()
        is_heading = start + (len(line) - len(line.lstrip())) in heading_starts
        wrapped = wrap(with_separators(content), width)
        first = len(lines)
        lines.extend(wrapped)
        if not is_heading:
            lines[first] = "\u3000\u3000" + lines[first]
        else:
            unbreakable.update(range(first, first + len(wrapped) - 1))
    out, page = [], 1
    for i, line in enumerate(lines):
        out.append(line)
        if (i + 1) % page_lines == 0 and i not in unbreakable and i + 1 < len(lines):
            out += [f"- {page} -", "\f", header]
            page += 1
    return "\n".join(out) + "\n"
