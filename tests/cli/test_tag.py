"""`python -m nlp.tag` as a user runs it (SPEC §5)."""
import fcntl
import json
import os
import pty
import signal
import stat
import struct
import subprocess
import sys
import termios
import time

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
    conll = run(tmp_path / "a.txt", "--format", "conll").stdout.decode().splitlines()
    assert conll[1:3] == ["一\tO\tHEADING", "、\tO\tHEADING"] and "负\tO\t职能" in conll
    assert run(tmp_path / "a.txt", tmp_path / "b.txt", "--format", "json").returncode == 2
    empty_dir = tmp_path / "none"
    empty_dir.mkdir()
    assert b"no text files" in run(empty_dir).stderr


# --- batch runs: --jobs, streaming, atomic --output, progress --------------------------------------

GOOD = "一、主要职能\n负责全区财政工作。\n二、收支情况\n收入2692.36万元，增长25.19%。\n"


def tag_command(*args):
    return [sys.executable, "-m", "nlp.tag", *map(str, args)]


def test_jobs_give_the_same_output_and_errors_in_input_order(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    inputs = [CORPUS_FILES[0], tmp_path / "missing.txt", *CORPUS_FILES[1:3], tmp_path / "empty.txt", CORPUS_FILES[3]]
    serial = run(*inputs, "--format", "jsonl")
    for jobs in ("2", "0"):
        parallel = run(*inputs, "--format", "jsonl", "--jobs", jobs)
        assert (parallel.returncode, parallel.stdout, parallel.stderr) == \
            (serial.returncode, serial.stdout, serial.stderr)
    assert serial.returncode == 2
    assert [line.rsplit(": ", 1)[1] for line in serial.stderr.decode().splitlines()] == ["no such file", "empty file"]
    assert [json.loads(line)["doc_id"] for line in serial.stdout.decode().splitlines()] == \
        [CORPUS_FILES[i].stem for i in (0, 1, 2, 3)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_is_written_before_the_next_input_is_read(tmp_path, jobs):
    """Streaming: the first document is out while the second (a pipe) has not been written yet."""
    first = tmp_path / "first.txt"
    first.write_text(GOOD, encoding="utf-8")
    later = tmp_path / "later.txt"
    os.mkfifo(later)
    process = subprocess.Popen(tag_command(first, later, "--format", "jsonl", "--jobs", jobs),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    try:
        assert json.loads(process.stdout.readline())["doc_id"] == "first"
        later.write_text(GOOD, encoding="utf-8")             # opens the pipe: the second input arrives
        assert json.loads(process.stdout.readline())["doc_id"] == "later"
        assert process.wait(timeout=20) == 0
    finally:
        process.kill()
        process.wait()


def wait_for(condition, seconds=20.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("signum, status, message", [(signal.SIGINT, 130, "nlp.tag: interrupted\n"),
                                                     (signal.SIGTERM, 143, "")])
def test_an_interrupted_run_leaves_the_existing_output_as_it_was(tmp_path, jobs, signum, status, message):
    first = tmp_path / "first.txt"
    first.write_text(GOOD, encoding="utf-8")
    never_written = tmp_path / "stuck.txt"
    os.mkfifo(never_written)
    out = tmp_path / "out.jsonl"
    out.write_text("the previous run\n", encoding="utf-8")
    # Ctrl-C as a terminal delivers it: with SIGINT's default action in the child, even when the
    # test itself runs in the background of a shell without job control (which ignores SIGINT,
    # and a child inherits an ignored signal — Python then never raises KeyboardInterrupt)
    process = subprocess.Popen(tag_command(first, never_written, "--format", "jsonl", "--output", out, "--jobs", jobs),
                               stderr=subprocess.PIPE, cwd=ROOT,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    partial = lambda: [p for p in tmp_path.glob(".out.jsonl.*.part") if p.stat().st_size]  # noqa: E731
    wait_for(partial)                                       # the first document is in the temporary file
    process.send_signal(signum)
    assert process.wait(timeout=20) == status
    assert process.stderr.read().decode() == message        # no traceback, from the parent or its workers
    assert out.read_text(encoding="utf-8") == "the previous run\n"
    assert not list(tmp_path.glob(".out.jsonl.*"))


def test_a_run_that_tags_nothing_keeps_the_existing_output(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("the previous run\n", encoding="utf-8")
    result = run(tmp_path / "missing.txt", "--format", "jsonl", "--output", out)
    assert result.returncode == 2
    assert out.read_text(encoding="utf-8") == "the previous run\n"
    assert not list(tmp_path.glob(".out.jsonl.*"))


def test_the_output_gets_ordinary_permissions_or_keeps_its_own(tmp_path):
    umask = os.umask(0o022)
    try:
        out = tmp_path / "new.jsonl"
        assert run(CORPUS_FILES[1], "--format", "jsonl", "--output", out).returncode == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644       # not mkstemp's private 0600
        out.chmod(0o640)
        assert run(CORPUS_FILES[1], "--format", "jsonl", "--output", out).returncode == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
    finally:
        os.umask(umask)


def test_an_output_that_cannot_be_written_is_one_error_line(tmp_path):
    for target, reason in ((tmp_path / "no" / "such" / "dir.jsonl", "No such file or directory"),
                           (tmp_path, "is a directory")):
        result = run(CORPUS_FILES[1], "--output", target)
        assert result.returncode == 2
        assert result.stderr.decode() == f"nlp.tag: error: {target}: cannot write the output: {reason}\n"


def stderr_on_a_terminal(*args):
    """Run with stderr on a pseudo-terminal (stdout not) and return what the terminal got."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))   # 80 columns, as a window has
    process = subprocess.Popen(tag_command(*args), stdout=subprocess.DEVNULL, stderr=terminal, cwd=ROOT)
    os.close(terminal)
    received = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:                                     # EIO: the process closed the terminal
            break
        if not chunk:
            break
        received += chunk
    os.close(controller)
    assert process.wait(timeout=30) == 0
    return received.decode(errors="replace")


def test_a_progress_bar_only_on_a_terminal_and_not_with_quiet(tmp_path):
    bar = stderr_on_a_terminal(*CORPUS_FILES[:2], "--format", "jsonl")
    assert "2/2" in bar and "doc" in bar
    assert stderr_on_a_terminal(*CORPUS_FILES[:2], "--format", "jsonl", "--quiet") == ""
    assert run(*CORPUS_FILES[:2], "--format", "jsonl").stderr == b""        # stderr not a terminal


def test_a_reader_that_stops_early_gets_no_traceback():
    process = subprocess.Popen(tag_command(*CORPUS_FILES, "--format", "jsonl"), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=ROOT)
    process.stdout.read(100)                                 # `| head -c 100`
    process.stdout.close()
    assert process.wait(timeout=30) == 1
    assert process.stderr.read() == b""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_model_option_tags_with_a_trained_model(tmp_path, jobs):
    """A model written by nlp.train: here a hand-made one that calls everything 职能 with
    probability softmax([1, 0]) (1 feature, 2 labels)."""
    model = {"format": "budget-nlp/linear-paragraph-model/1", "name": "toy",
             "features": {"unit": "none", "ngram_range": [1, 1], "section": False, "rule_weight": 0},
             "labels": ["职能", "其他"], "sublinear_tf": False, "temperature": 1.0,
             "intercept": [1.0, 0.0], "weights": {}}
    path = tmp_path / "toy.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    result = run(*CORPUS_FILES[:2], "--format", "jsonl", "--model", path, "--jobs", jobs)
    assert result.returncode == 0, result.stderr
    for line in result.stdout.decode().splitlines():
        for paragraph in json.loads(line)["paragraphs"]:
            assert paragraph["label"] == "职能"
            assert paragraph["scores"]["职能"] == pytest.approx(1 / (1 + 2.718281828459045 ** -1))


@pytest.mark.parametrize("content, reason", [
    (None, "cannot read the model"),
    (b"{not json", "not a paragraph model written by nlp.train"),
    (b'{"format": "something else"}', "not a paragraph model written by nlp.train"),
])
def test_a_bad_model_is_one_error_line(tmp_path, content, reason):
    path = tmp_path / "model.json"
    if content is not None:
        path.write_bytes(content)
    result = run(CORPUS_FILES[0], "--model", path)
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.decode().startswith(f"nlp.tag: error: {path}: {reason}")
    assert len(result.stderr.decode().splitlines()) == 1
