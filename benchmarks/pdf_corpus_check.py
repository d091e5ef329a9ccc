"""Tag every PDF of ../shared/pdf-corpus (its bad/ folder aside) and check each record against the
contract with ../shared/tools/check_contract.py; exits non-zero on any failure.

    python benchmarks/pdf_corpus_check.py [FOLDER]
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "pdf-corpus"
    checker = ROOT.parent / "shared" / "tools" / "check_contract.py"
    files = [str(p) for p in sorted(folder.rglob("*.pdf")) if "bad" not in p.parts]
    tagged = subprocess.run([sys.executable, "-m", "nlp.tag", *files, "--format", "jsonl", "--jobs", "0", "--quiet"],
                            capture_output=True, text=True, cwd=ROOT)
    failures = tagged.stderr.strip().splitlines()
    print(f"{len(files)} PDFs tagged, {len(failures)} failures (exit {tagged.returncode})")
    for line in failures:
        print(" ", line)
    checked = subprocess.run([sys.executable, str(checker), *files], input=tagged.stdout, capture_output=True, text=True)
    print(checked.stdout.strip() or checked.stderr.strip())
    return int(bool(failures) or tagged.returncode != 0 or checked.returncode != 0)


if __name__ == "__main__":
    sys.exit(main())
