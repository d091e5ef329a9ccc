"""ann-a checklist (usage: python checklist.py <doc_id>): every digit run / percent / 类款项 marker in the text that is NOT covered by a
gold record, with context, so that I can review it by hand."""
import json, re, sys
from pathlib import Path
HERE = Path(__file__).resolve()
doc = sys.argv[1]
text = open(HERE.parents[3] / 'corpus' / (doc + '.txt'), encoding='utf-8', newline='').read().lstrip('\ufeff')
recs = [json.loads(l) for l in open(HERE.parents[2] / 'gold' / 'entities' / (doc + '.jsonl'), encoding='utf-8')]
cov = [None] * len(text)
for r in recs:
    for i in range(r['start'], r['end']): cov[i] = r['label']
starts = [0] + [i + 1 for i, c in enumerate(text) if c == '\n']
import bisect
def ln(i): return bisect.bisect_right(starts, i)
for m in re.finditer(r'[0-9０-９]+(?:[.,，][0-9]+)*|[（(][类款项][）)]|百分之|[%％]', text):
    if cov[m.start()] is None:
        ctx = text[max(0, m.start() - 12):m.end() + 8].replace('\n', '⏎').replace('\t', '⇥')
        print(f'L{ln(m.start())}\t{m.group()}\t{ctx}')
