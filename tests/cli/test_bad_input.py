"""Bad input on the command line (SPEC §5): one line ``nlp.tag: error: PATH: reason`` on stderr,
exit status 2, no traceback — and the good files of the same run are still tagged and written.
Fuzzing: no bytes make the tagger fail other than with :class:`BadInput`."""
import contextlib
import io
import json
import random
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import CORPUS_FILES, ROOT
from invariants import assert_invariants
from nlp.adapters import writers
from nlp.errors import BadInput
from nlp.pipeline import tag_bytes
from nlp.tag import main

GOOD = "一、主要职能\n负责全区财政工作。\n二、收支情况\n收入2692.36万元，增长25.19%。\n"


def run(*args, stdin=b""):
    return subprocess.run([sys.executable, "-m", "nlp.tag", *map(str, args)], input=stdin,
                          capture_output=True, cwd=ROOT)


def good_files(tmp_path):
    first, second = tmp_path / "good_1.txt", tmp_path / "good_2.txt"
    first.write_text(GOOD, encoding="utf-8")
    second.write_text(GOOD.replace("财政", "统计"), encoding="utf-8")
    return first, second


def records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def last_character_start(data: bytes) -> int:
    """Where the last multi-byte UTF-8 character of ``data`` starts."""
    i = len(data) - 1
    while data[i] < 0x80 or data[i] & 0xC0 == 0x80:    # ASCII, or a continuation byte
        i -= 1
    return i


def make_missing(tmp_path):
    return tmp_path / "missing.txt"


def make_directory_without_text(tmp_path):
    directory = tmp_path / "scans"
    directory.mkdir()
    (directory / "page.png").write_bytes(b"\x89PNG\r\n")   # a directory stands for its *.txt and *.pdf
    return directory


def make_empty(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    return path


def make_blank(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes("  \r\n\u3000\n".encode())
    return path


def make_binary(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(4000))
    return path


def make_undecodable(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("预算".encode() + b" caf\xe9 \xff\x81 ")    # neither UTF-8 nor GB18030
    return path


def make_truncated_utf8(tmp_path):
    """A document cut inside its last character, as an interrupted download leaves it."""
    data = CORPUS_FILES[1].read_bytes()
    path = tmp_path / "truncated.txt"
    path.write_bytes(data[:last_character_start(data) + 1])
    return path


def make_truncated_utf16(tmp_path):
    path = tmp_path / "truncated16.txt"
    path.write_bytes(GOOD.encode("utf-16")[:-1])
    return path


def make_unmatched_glob(tmp_path):
    return tmp_path / "nothing-*.txt"


BAD_INPUTS = [
    (make_missing, "no such file"),
    (make_directory_without_text, "directory with no text files"),
    (make_empty, "empty file"),
    (make_blank, "empty file (no text)"),
    (make_binary, "binary data"),
    (make_undecodable, "undecodable"),
    (make_truncated_utf8, "undecodable"),
    (make_truncated_utf16, "undecodable as utf-16"),
    (make_unmatched_glob, "no file matches this pattern"),
]


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("make, reason", BAD_INPUTS, ids=[m.__name__[5:] for m, _ in BAD_INPUTS])
def test_a_bad_input_is_one_line_and_the_good_files_are_still_written(tmp_path, make, reason, jobs):
    first, second = good_files(tmp_path)
    bad = make(tmp_path)
    out = tmp_path / "out.jsonl"
    result = run(first, bad, second, "--format", "jsonl", "--output", out, "--jobs", jobs)
    assert result.returncode == 2
    [line] = result.stderr.decode().splitlines()
    assert line.startswith(f"nlp.tag: error: {bad}: ") and reason in line
    assert [r["doc_id"] for r in records(out)] == ["good_1", "good_2"]
    assert not list(tmp_path.glob(".out.jsonl.*"))


def test_empty_stdin_is_reported_and_the_files_are_still_tagged(tmp_path):
    first, _ = good_files(tmp_path)
    result = run("-", first, "--format", "jsonl", stdin=b"")
    assert result.returncode == 2
    assert result.stderr.decode() == "nlp.tag: error: -: empty file\n"
    assert [json.loads(line)["doc_id"] for line in result.stdout.decode().splitlines()] == ["good_1"]


def test_directories_stand_for_their_text_files_sorted_and_recursively(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "b.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "a.TXT").write_text(GOOD, encoding="gb18030")
    (corpus / "sub" / "c.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "sub" / "d.txt").write_bytes(b"")
    (corpus / "notes.odt").write_bytes(b"PK")   # neither *.txt nor *.pdf: not an input
    result = run(corpus, "--format", "jsonl")
    assert result.returncode == 2
    assert result.stderr.decode() == f"nlp.tag: error: {corpus / 'sub' / 'd.txt'}: empty file\n"
    assert [json.loads(line)["doc_id"] for line in result.stdout.decode().splitlines()] == ["a", "b", "c"]


def test_mixed_encodings_in_one_run_give_the_same_document(tmp_path):
    encodings = {"utf8": "utf-8", "bom": "utf-8-sig", "gbk": "gb18030", "utf16le": "utf-16",
                 "utf16be": "utf-16-be"}
    for name, codec in encodings.items():
        data = GOOD.encode(codec)
        (tmp_path / f"{name}.txt").write_bytes(b"\xfe\xff" + data if codec == "utf-16-be" else data)
    (tmp_path / "crlf.txt").write_bytes(GOOD.replace("\n", "\r\n").encode("gb18030"))
    result = run(tmp_path, "--format", "jsonl", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    docs = {d["doc_id"]: d for d in map(json.loads, result.stdout.decode().splitlines())}
    assert {name: d["encoding"] for name, d in docs.items()} == {
        "bom": "utf-8-sig", "crlf": "gb18030", "gbk": "gb18030", "utf16be": "utf-16", "utf16le": "utf-16",
        "utf8": "utf-8"}
    same = [docs[name] for name in encodings]
    assert len({d["sha256"] for d in same}) == 1
    assert all(d["entities"] == same[0]["entities"] for d in same)
    assert [e["value"] for e in docs["crlf"]["entities"]] == [e["value"] for e in same[0]["entities"]]


def test_a_100_mb_file_is_refused_by_size_without_being_read(tmp_path):
    """A disclosure is a few MB at most; 100 MB is a dump or a concatenation. It gets a clear
    error at once (the size is checked before reading) instead of minutes of tagging and GBs
    of memory; --max-mb raises the limit, 0 lifts it."""
    first, second = good_files(tmp_path)
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        block = ("收入2692.36万元。" * 1000 + "\n").encode()
        for _ in range(100_000_000 // len(block) + 1):
            handle.write(block)
    result = run(first, big, second, "--format", "jsonl")
    assert result.returncode == 2
    error = result.stderr.decode()
    assert re.fullmatch(rf"nlp\.tag: error: {re.escape(str(big))}: too large: 100\.0 MB, over the 4 MB limit "
                        r"\(--max-mb\); .*\n", error), error
    assert [json.loads(line)["doc_id"] for line in result.stdout.decode().splitlines()] == ["good_1", "good_2"]
    assert run(first, "--max-mb", "0.00001").returncode == 2
    assert run(first, "--max-mb", "0").returncode == 0


def test_a_large_stdin_is_refused_after_the_limit_not_read_to_the_end():
    result = run("-", "--max-mb", "1", stdin=b"\xe6\x94\xb6" * 2_000_000)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("nlp.tag: error: -: too large: over the 1 MB limit")


def test_one_line_of_a_megabyte_is_tagged(tmp_path):
    sentence = "收入2692.36万元，比上年增长25.19%。"
    repeats = 1_000_000 // len(sentence.encode())
    path = tmp_path / "one_line.txt"
    path.write_text(sentence * repeats, encoding="utf-8")
    result = run(path, "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["length"] == len(sentence) * repeats
    assert len(doc["sentences"]) == repeats
    assert [e["label"] for e in doc["entities"]] == ["AMOUNT", "PERCENT"] * repeats


def test_whole_documents_cut_inside_a_character_are_never_read_as_gb18030():
    """Truncated UTF-8 is an error (SPEC §5: undecodable), not a GB18030 reading of the bytes."""
    for path in CORPUS_FILES:
        data = path.read_bytes()
        start = last_character_start(data)
        assert data[start] >= 0xE0                       # a three-byte character: two places to cut
        for end in (start + 1, start + 2):
            with pytest.raises(BadInput, match="undecodable"):
                tag_bytes(data[:end], path.stem, str(path))


@pytest.mark.parametrize("cut", [1, 2])
def test_short_utf8_cut_inside_a_character_is_an_error_not_mojibake(cut):
    with pytest.raises(BadInput, match="truncated UTF-8"):
        tag_bytes("公务员医疗补助".encode()[:-cut], "short", "short.txt")


def test_gb18030_ending_in_a_lead_byte_is_not_called_truncated_utf8():
    # GB18030 text is not valid UTF-8 from its first Chinese character on: never "truncated"
    with pytest.raises(BadInput) as error:
        tag_bytes("公务员".encode("gb18030") + b"\x81", "short", "short.txt")
    assert "truncated UTF-8" not in str(error.value)


# --- fuzzing -------------------------------------------------------------------------------------

TEMPLATE_PIECES = list("0123456789０１２３４５６７８９.,，．%％万元亿千一二三四五六七八九十（）()、:：；。 \u3000\u00a0\t\n\r\f"
                       "第部分类款项收入支出预算绩效目标三公经费≥约_") + [
    "一、", "（一）", "1.", "第一部分", "208 05 05", "2010301", "（201类）", "（款）", "万\n元", "- 1 -",
    "MERGEFIELD ${x}", "名词解释", "目录", "百分之二十"]
template_text = st.lists(st.sampled_from(TEMPLATE_PIECES), max_size=120).map("".join)
encoded_text = st.tuples(template_text, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
                         st.integers(0, 3)).map(lambda t: t[0].encode(t[1])[:len(t[0].encode(t[1])) - t[2]])


def tagged_or_bad_input(data: bytes):
    """Tag ``data``; BadInput is an answer, any other exception fails the test."""
    try:
        doc = tag_bytes(data, "fuzz", "fuzz.txt")
    except BadInput as error:
        assert error.source == "fuzz.txt" and "\n" not in str(error)
        return None
    assert_invariants(doc.text, doc.sections, doc.paragraphs, doc.sentences, doc.entities)
    writers.to_json(doc), writers.to_conll(doc), writers.to_text(doc)
    return doc


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_no_bytes_crash_the_tagger(data):
    tagged_or_bad_input(data)


@settings(max_examples=200, deadline=None)
@given(encoded_text)
def test_no_template_like_text_in_any_encoding_crashes_the_tagger(data):
    tagged_or_bad_input(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=500), encoded_text), fmt=st.sampled_from(["jsonl", "text", "conll"]))
def test_the_command_line_answers_any_bytes_with_output_or_one_error_line(tmp_path, data, fmt):
    path = tmp_path / "fuzz.txt"
    path.write_bytes(data)
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main([str(path), "--format", fmt])
    if status == 0:
        assert stdout.getvalue() and not stderr.getvalue()
    else:
        assert status == 2 and not stdout.getvalue()
        assert re.fullmatch(rf"nlp\.tag: error: {re.escape(str(path))}: [^\n]+\n", stderr.getvalue())
