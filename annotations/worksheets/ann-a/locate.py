"""ann-a worksheet tool: turn my hand-written per-line entity lists into gold JSONL.
Usage: python locate.py <doc_id> <worksheet.spec> [-q]
Spec line format:  <lineno> <A|P|E> <text> [cmp=X] [code=NNN|null] [ctx=left-context]
The span is decided by me (text); the script only locates it on the given line,
searching left to right from the end of the previous entity on the same line."""
import json, re, sys
from pathlib import Path
HERE = Path(__file__).resolve()
from decimal import Decimal
CORPUS = str(HERE.parents[3] / 'corpus') + '/'
OUT = str(HERE.parents[2] / 'gold' / 'entities') + '/'
MULT = {'元': Decimal(1), '千元': Decimal(1000), '万元': Decimal(10000), '亿元': Decimal(100000000)}
MARK = re.compile(r'[（(](\d*)([类款项]?)[）)]')

def num(d):
    d = d.normalize()
    return int(d) if d == d.to_integral_value() else float(d)

def amount(t):
    m = re.fullmatch(r'([0-9,，.]+)[\s_]*([千万亿]?)\s*元', t)
    assert m, t
    n = Decimal(m.group(1).replace(',', '').replace('，', ''))
    unit = m.group(2) + '元'
    return num(n * MULT[unit]), unit

def percent(t):
    m = re.fullmatch(r'([0-9.]+)(%|％|\(%\))', t)
    assert m, t
    return num(Decimal(m.group(1)))

def chain(t):
    """split a chain at its markers -> names, digits per level, level letters"""
    names, digits, pos = [], [], 0
    for m in MARK.finditer(t):
        if not m.group(1) and not m.group(2):
            continue
        names.append(t[pos:m.start()]); digits.append(m.group(1)); pos = m.end()
    assert pos == len(t), ('chain must end with a marker', t)
    return names, digits

def build(doc, spec_path):
    text = open(CORPUS + doc + '.txt', encoding='utf-8', newline='').read()
    if text.startswith('\ufeff'): text = text[1:]
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == '\n']
    recs = []; cur_line = None; cursor = None
    for raw in open(spec_path, encoding='utf-8'):
        raw = raw.rstrip('\n')
        if not raw.strip() or raw.lstrip().startswith('#'): continue
        parts = raw.split(' ')
        ln, lab, etext = int(parts[0]), parts[1], parts[2]
        opts = dict(p.split('=', 1) for p in parts[3:])
        etext = etext.replace('\\s', ' ')
        if ln != cur_line:
            assert cur_line is None or ln > cur_line, raw
            cur_line = ln; cursor = starts[ln - 1]
        line_end = starts[ln] - 1 if ln < len(starts) else len(text)
        ctx = opts.get('ctx', '').replace('\\s', ' ')
        i = text.find(ctx + etext, cursor, line_end + 1)
        assert i >= 0, ('not found', raw)
        s = i + len(ctx); e = s + len(etext)
        cursor = e
        if lab in 'AP':  # span must start at the first digit of the number
            assert not (s > 0 and (text[s-1].isdigit() or text[s-1] in '.,，')), ('partial number', raw)
        r = {'doc_id': doc, 'label': {'A': 'AMOUNT', 'P': 'PERCENT', 'E': 'EXP_CODE'}[lab],
             'start': s, 'end': e, 'text': text[s:e]}
        if lab == 'A':
            r['value'], r['unit'] = amount(etext)
        elif lab == 'P':
            r['value'] = percent(etext)
            if 'cmp' in opts:
                before = text[cursor - len(etext) - 20: s].rstrip(' ')
                assert before.endswith(opts['cmp']), raw
                r['comparator'] = opts['cmp']
        else:
            names, digits = chain(etext)
            code = opts['code']; code = None if code == 'null' else code
            if all(digits):  # codes written: must agree with my stated code
                assert ''.join(digits) == code, (raw, digits)
            r['code'] = code
            r['scheme'] = opts.get('scheme', 'functional')
            r['level'] = '类款项'[len(names) - 1]
            if code: assert len(code) == [3, 5, 7][len(names) - 1], raw
            r['names'] = names
        r['annotator'] = 'ann-a'; r['method'] = 'manual'
        recs.append(r)
    recs.sort(key=lambda r: (r['start'], r['end'], r['label']))
    with open(OUT + doc + '.jsonl', 'w', encoding='utf-8') as f:
        for r in recs: f.write(json.dumps(r, ensure_ascii=False) + '\n')
    return recs

if __name__ == '__main__':
    recs = build(sys.argv[1], sys.argv[2])
    for r in recs:
        extra = {k: v for k, v in r.items() if k not in ('doc_id', 'annotator', 'method', 'text', 'start', 'end', 'label')}
        if '-q' not in sys.argv: print(r['start'], r['end'], r['label'], r['text'], extra)
    print(len(recs), 'records')
