"""Regenerate the README's output examples from the current tagger, so that they cannot go stale.

Each example is a fenced block right after a marker line naming the command it shows:

    <!-- example: nlp.tag corpus/001_95c4e0b3e63e821d.txt --lines 16 -->

(the first 16 lines of ``python -m nlp.tag FILE``'s text outline). ``python
benchmarks/readme_examples.py`` rewrites every such block in README.md; ``--check`` only
reports the blocks that differ (exit 1), as ``tests/test_readme.py`` does.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MARKER = re.compile(r"<!-- example: nlp\.tag (?P<path>\S+) --lines (?P<lines>\d+) -->\n```text\n(?P<body>.*?)```",
                    re.S)


def outline(path: str, lines: int) -> str:
    """The first ``lines`` lines of ``python -m nlp.tag PATH`` (no colour), as run from the
    repository's root."""
    from nlp.adapters.writers import to_text
    from nlp.pipeline import tag_path

    doc = tag_path(ROOT / path)
    doc = type(doc)(**{**{f: getattr(doc, f) for f in doc.__dataclass_fields__}, "source": path})
    return "".join(to_text(doc).splitlines(keepends=True)[:lines])


def regenerate(readme: str) -> tuple[str, list[str]]:
    """The README with every example block regenerated, and the paths whose block changed."""
    changed: list[str] = []

    def block(match: re.Match) -> str:
        body = outline(match["path"], int(match["lines"]))
        if body != match["body"]:
            changed.append(match["path"])
        return match.group(0)[:match.start("body") - match.start()] + body + "```"

    return MARKER.sub(block, readme), changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale examples (exit 1)")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    new, changed = regenerate(text)
    if args.check:
        for path in changed:
            print(f"README.md: the example of {path} is stale; run python benchmarks/readme_examples.py")
        return 1 if changed else 0
    if changed:
        README.write_text(new, encoding="utf-8")
    print(f"README.md: {len(changed)} example(s) regenerated")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
