"""The SPEC §2 invariants, checked on a segmentation of a text (used by several test files)."""
from nlp.model import PARAGRAPH_KINDS


def assert_invariants(text, sections, paragraphs, sentences, entities=()):
    n = len(text)
    blocks = [tuple(s.heading) for s in sections] + [(p.start, p.end) for p in paragraphs]
    for s, e in blocks:
        assert 0 <= s < e <= n
        assert text[s:e].strip(), (s, e)
    ordered = sorted(blocks)
    for a, b in zip(ordered, ordered[1:]):
        assert a[1] <= b[0], f"overlap {a} {b}"
    covered = bytearray(n)
    for s, e in blocks:
        covered[s:e] = b"\x01" * (e - s)
    lost = [i for i, c in enumerate(text) if not c.isspace() and not covered[i]]
    assert not lost, f"characters in no block: {[text[i] for i in lost[:10]]} at {lost[:10]}"
    by_paragraph = {}
    for s in sentences:
        p = paragraphs[s.paragraph]
        assert p.start <= s.start < s.end <= p.end
        by_paragraph.setdefault(s.paragraph, []).append((s.start, s.end))
    for p in paragraphs:
        spans = sorted(by_paragraph.get(p.id, []))
        for a, b in zip(spans, spans[1:]):
            assert a[1] <= b[0]
        inside = bytearray(n)
        for s, e in spans:
            inside[s:e] = b"\x01" * (e - s)
        assert all(text[i].isspace() or inside[i] for i in range(p.start, p.end)), p
    ids = {s.id for s in sections}
    for s in sections:
        assert s.parent is None or s.parent in ids
    for p in paragraphs:
        assert p.section is None or p.section in ids
        assert p.kind in PARAGRAPH_KINDS, p
    for e in entities:
        assert text[e.start:e.end] == e.text
