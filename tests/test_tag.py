"""`python -m nlp.tag` as a user runs it (SPEC §5)."""
import json
import subprocess
import sys

import pytest

from conftest import CORPUS_FILES, PDF_TEXT, ROOT

CHECK = ROOT.parent / "shared" / "tools" / "check_contract.py"


def run(*args, stdin=b""):
    return subprocess.run([sys.executable, "-m", "nlp.tag", *map(str, args)], input=stdin,
                          capture_output=True, cwd=ROOT)


def test_contract_check_passes_on_seeds_and_pdf_text():
    if not CHECK.exists():
        pytest.skip("../shared/tools is not beside the repo")
    docs = CORPUS_FILES + sorted(PDF_TEXT.glob("*.txt"))
    tagged = run(*docs, "--format", "jsonl")
    assert tagged.returncode == 0, tagged.stderr
    check = subprocess.run([sys.executable, str(CHECK), *map(str, docs)], input=tagged.stdout,
                           capture_output=True)
    assert check.stdout.decode().startswith("ok"), check.stdout.decode()


def test_bad_inputs_are_reported_and_the_good_files_still_written(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02PNG" * 50)
    out = tmp_path / "out.jsonl"
    result = run(tmp_path / "missing.txt", empty, CORPUS_FILES[1], binary, "--format", "jsonl", "--output", out)
    assert result.returncode == 2
    errors = result.stderr.decode().strip().splitlines()
    assert len(errors) == 3
    assert "missing.txt: no such file" in errors[0] and "empty.txt: empty" in errors[1]
    assert "binary.txt: binary" in errors[2]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in records] == [CORPUS_FILES[1].stem]
    assert not list(tmp_path.glob(".out.jsonl.*"))        # no temporary file left behind


def test_directory_stdin_and_formats(tmp_path):
    (tmp_path / "a.txt").write_text("一、主要职能\n负责全区工作。\n", encoding="gb18030")
    (tmp_path / "b.txt").write_bytes("（一）收入\r\n收入2692.36万元，占100%。\r\n".encode("utf-16"))
    result = run(tmp_path, "--format", "jsonl")
    assert result.returncode == 0
    docs = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [(d["doc_id"], d["encoding"]) for d in docs] == [("a", "gb18030"), ("b", "utf-16")]
    assert [e["value"] for e in docs[1]["entities"] if e["label"] == "AMOUNT"] == [26923600]
    text = run("-", stdin="一、主要职能\n负责全区工作。\n".encode()).stdout.decode()
    assert "§ 一、主要职能" in text and "[职能] 负责全区工作。" in text
    assert run(tmp_path / "a.txt", "--format", "conll").stdout.decode().splitlines()[1] == "负\tO"
    assert run(tmp_path / "a.txt", tmp_path / "b.txt", "--format", "json").returncode == 2
    empty_dir = tmp_path / "none"
    empty_dir.mkdir()
    assert b"no text files" in run(empty_dir).stderr
