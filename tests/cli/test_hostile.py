"""A hostile but fair user (issue #16): nothing hangs, nothing the user owns is overwritten or
deleted, every limit holds, and every bad input is one line ``nlp.X: error: ...`` with exit
status 2. One test (or a few) per reproducer of the issue, numbered as there; the fuzzing stays
in test_bad_input.py, the hang loop is ``benchmarks/hang_loop.py`` (too slow for the suite)."""
import codecs
import json
import math
import os
import signal
import subprocess
import sys

import pytest

from conftest import ROOT
from nlp.adapters import writers
from nlp.adapters.batch import WorkerDied, ordered_map, tag_batch
from nlp.cli import CommandError
from nlp.cli.inputs import expand_glob, walk_files
from nlp.cli.targets import MARKER, claim_folder
from nlp.errors import BadInput, NotText
from nlp.paragraphs.linear_model import DEFAULT_MODEL, load
from nlp.pipeline import tag_text
from nlp.read import decode
from nlp.read.text import TooLarge, read_bytes

GOOD = "一、主要职能\n负责全区财政工作。\n二、收支情况\n收入2692.36万元，增长25.19%。\n"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(module, *args, stdin=b"", **kwargs):
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], input=stdin,
                          capture_output=True, cwd=ROOT, timeout=120, **kwargs)


def one_error_line(result, prog="nlp.tag"):
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and lines[0].startswith(f"{prog}: error: "), lines
    return lines[0]


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


# --- 1. the worker pool ---------------------------------------------------------------------------

def sigterm_disposition(_):
    return signal.getsignal(signal.SIGTERM) == signal.SIG_DFL, signal.getsignal(signal.SIGINT) == signal.SIG_IGN


def die_on_three(x):
    if x == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def test_workers_keep_the_default_sigterm_even_when_the_parent_raises_on_it():
    previous = signal.signal(signal.SIGTERM, lambda *_: None)   # as nlp.cli.exit_with does
    try:
        assert set(ordered_map(sigterm_disposition, range(4), 2)) == {(True, True)}
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_a_killed_worker_ends_the_map_with_an_error_not_a_hang():
    with pytest.raises(WorkerDied):
        list(ordered_map(die_on_three, range(8), 2))


def test_a_sigterm_mid_run_ends_jobs_2_promptly_and_leaves_no_part_file(tmp_path):
    inputs = []
    for i in range(6):
        path = tmp_path / f"d{i}.txt"
        path.write_text(GOOD * 3000, encoding="utf-8")
        inputs.append(path)
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen([sys.executable, "-m", "nlp.tag", *map(str, inputs), "--jobs", "2",
                                "--format", "jsonl", "--output", str(out)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(1.0)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGTERM)
    assert process.wait(60) in (0, 143)
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]


# --- 2. file outputs --------------------------------------------------------------------------------

def test_an_input_given_as_the_output_is_refused_and_kept(good, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(GOOD, encoding="utf-8")
    line = one_error_line(run("nlp.tag", good, other, "--format", "jsonl", "--output", other))
    assert "is also an input" in line
    assert other.read_text(encoding="utf-8") == GOOD


def test_an_output_inside_an_input_directory_is_refused(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    line = one_error_line(run("nlp.tag", folder, "--output", folder / "x.txt"))
    assert "inside the input directory" in line
    assert not (folder / "x.txt").exists()


@pytest.mark.parametrize("kind", ["symlink", "fifo", "device"])
def test_a_non_regular_output_is_refused_and_left_as_it_was(good, tmp_path, kind):
    target = tmp_path / "target"
    if kind == "symlink":
        (tmp_path / "real.txt").write_text("mine", encoding="utf-8")
        target.symlink_to(tmp_path / "real.txt")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target = "/dev/null"
    line = one_error_line(run("nlp.tag", good, "--output", target))
    assert ("symbolic link" if kind == "symlink" else "not a regular file") in line
    if kind == "symlink":
        assert target.is_symlink() and (tmp_path / "real.txt").read_text(encoding="utf-8") == "mine"
    elif kind == "fifo":
        assert not target.is_file() and target.exists()


# --- 3. folder outputs ------------------------------------------------------------------------------

def test_a_folder_with_files_of_the_users_is_never_claimed(tmp_path):
    (tmp_path / "README.md").write_text("mine", encoding="utf-8")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "contract.pdf").write_bytes(b"%PDF")
    with pytest.raises(CommandError, match="did not write"):
        claim_folder(tmp_path)
    assert claim_folder(tmp_path / "new") == []


def test_a_marked_folder_is_claimed_only_while_it_holds_just_the_listed_files(tmp_path):
    (tmp_path / MARKER).write_text("# header\ncompare.md\n", encoding="utf-8")
    (tmp_path / "compare.md").write_text("old", encoding="utf-8")
    assert claim_folder(tmp_path) == ["compare.md"]
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(CommandError, match="notes.txt"):
        claim_folder(tmp_path)


def test_dataset_build_refuses_a_users_folder_and_deletes_nothing(tmp_path):
    (tmp_path / "README.md").write_text("mine", encoding="utf-8")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "contract.pdf").write_bytes(b"%PDF")
    line = one_error_line(run("nlp.dataset", "build", "--output", tmp_path), "nlp.dataset")
    assert "documents/contract.pdf" in line
    assert (tmp_path / "documents" / "contract.pdf").read_bytes() == b"%PDF"
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "mine"


def test_dataset_build_refuses_the_current_folder(tmp_path):
    result = subprocess.run([sys.executable, "-m", "nlp.dataset", "build", "--output", "."], cwd=tmp_path,
                            capture_output=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert "current folder" in one_error_line(result, "nlp.dataset")


def test_compare_refuses_a_folder_of_the_users(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert "did not write" in one_error_line(run("nlp.compare", "--output", tmp_path), "nlp.compare")


def test_the_shipped_results_folder_is_marked_as_written_by_compare():
    assert claim_folder(ROOT / "benchmarks" / "results") == ["compare.csv", "compare.md", "confusion.png"]


def test_train_refuses_an_existing_folder_and_a_model_named_like_its_card(tmp_path):
    assert "is a directory" in one_error_line(run("nlp.train", "--output", tmp_path), "nlp.train")
    assert "same file" in one_error_line(run("nlp.train", "--output", tmp_path / "m.md"), "nlp.train")


# --- 4. the final rename ------------------------------------------------------------------------

@pytest.mark.parametrize("when", ["before the rename", "after the rename"])
def test_a_signal_during_commit_leaves_the_old_or_the_new_file_and_no_part(tmp_path, when):
    """SIGTERM (exit_with's handler raises SystemExit) arriving as the rename is due: held back
    until it is done when the process has one thread; with others, its SystemExit may land
    inside the commit, which then removes the temporary file. Either way: no .part, and the
    target is the old file or the new one."""
    from nlp.cli.atomic_output import AtomicOutput

    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    output = AtomicOutput(target)
    output.handle.write("done")

    def terminated(signum, frame):
        raise SystemExit(143)

    previous = signal.signal(signal.SIGTERM, terminated)
    original = os.replace

    def replace_with_a_signal(source, destination):
        if when == "after the rename":
            original(source, destination)
        os.kill(os.getpid(), signal.SIGTERM)
        if when == "before the rename":
            original(source, destination)

    os.replace = replace_with_a_signal
    try:
        with pytest.raises(SystemExit):
            try:
                output.commit()
            except BaseException:
                output.discard()      # what nlp.tag does with any exception: must be harmless
                raise
    finally:
        os.replace = original
        signal.signal(signal.SIGTERM, previous)
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    assert target.read_text(encoding="utf-8") in ("old", "done")


# --- 9. limits ------------------------------------------------------------------------------------

def test_a_device_is_refused_without_being_read():
    with pytest.raises(BadInput, match="not a regular file"):
        read_bytes("/dev/zero", None)


def test_a_pipe_is_read_up_to_the_limit_only(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    held = os.open(fifo, os.O_RDWR)     # a writer from the start: the reader cannot see an early end
    writer = subprocess.Popen(["sh", "-c", f"head -c 3000000 /dev/zero | tr '\\0' a > '{fifo}'"])
    try:
        with pytest.raises(TooLarge):
            read_bytes(fifo, 1_000_000)
    finally:
        os.close(held)
        writer.kill()
        writer.wait()


def test_a_fifo_without_a_writer_is_an_error_after_a_bounded_wait(tmp_path, monkeypatch):
    from nlp.read import text

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    monkeypatch.setattr(text, "FIFO_WAIT_SECONDS", 0.2)
    with pytest.raises(BadInput, match="nothing wrote to within 0.2 s"):
        read_bytes(fifo)


def test_a_fifo_whose_writer_comes_and_goes_without_data_is_empty(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"sleep 0.3; : > '{fifo}'"])
    try:
        with pytest.raises(BadInput, match="empty file"):
            decode(read_bytes(fifo))
    finally:
        writer.wait()


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "1e400", "-inf", "ten"])
def test_max_mb_must_be_a_finite_size(good, value):
    result = run("nlp.tag", good, f"--max-mb={value}")
    assert result.returncode == 2
    assert result.stderr.decode().splitlines()[-1].startswith("python -m nlp.tag: error: argument --max-mb")
    assert not result.stdout


# --- 10. globs and symlink loops ------------------------------------------------------------------

def test_a_double_star_glob_does_not_follow_symlink_loops(tmp_path):
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "s" / "up").symlink_to("..")
    (tmp_path / "up2").symlink_to(".")
    (tmp_path / "s" / "up3").symlink_to("../..")
    found = expand_glob(f"{tmp_path}/**/*.txt")
    assert found.files == [str(tmp_path / "s" / "a.txt")] and found.unreadable == []
    assert walk_files(tmp_path).files == [str(tmp_path / "s" / "a.txt")]


def test_double_star_matches_like_glob_on_a_plain_tree(tmp_path):
    import glob

    for name in ["a.txt", "b/c.txt", "b/d/e.txt", "b/d/f.md", ".hidden/g.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    for pattern in ["**/*.txt", "b/**/*.txt", "**", "b/**", "**/d/*.t?t"]:
        expected = sorted(p for p in glob.glob(f"{tmp_path}/{pattern}", recursive=True) if os.path.isfile(p))
        assert expand_glob(f"{tmp_path}/{pattern}").files == expected, pattern


# --- 11. unwritable and unreadable ------------------------------------------------------------

def test_a_closed_stderr_loses_the_message_not_the_run(good):
    result = subprocess.run([sys.executable, "-m", "nlp.tag", str(good)], capture_output=False,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT, timeout=60,
                            preexec_fn=lambda: os.close(2))
    assert result.returncode == 0 and "主要职能" in result.stdout.decode()


def test_a_closed_stdout_is_one_error_line(good):
    result = subprocess.run([sys.executable, "-m", "nlp.tag", str(good)], stderr=subprocess.PIPE,
                            cwd=ROOT, timeout=60, preexec_fn=lambda: os.close(1))
    assert "standard output is closed" in one_error_line(result)


def test_a_full_disk_on_stdout_is_one_error_line(good):
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "nlp.tag", str(good)], stdout=full,
                                stderr=subprocess.PIPE, cwd=ROOT, timeout=60)
    assert "No space left on device" in one_error_line(result)


def test_an_unreadable_subdirectory_is_reported_and_the_rest_tagged(tmp_path, monkeypatch):
    """Simulated (the suite may run as root, who reads everything): listing one folder fails."""
    from nlp.tag import expand_inputs

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    inputs = expand_inputs([str(tmp_path)])
    assert inputs[0] == str(tmp_path / "ok" / "a.txt")
    assert isinstance(inputs[1], BadInput) and inputs[1].source == str(tmp_path / "locked")
    assert "Permission denied" in inputs[1].reason


@pytest.mark.skipif(AS_ROOT, reason="root reads unreadable files")
def test_an_unreadable_file_is_one_line_and_the_good_file_is_tagged(good, tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    result = run("nlp.tag", locked, good, "--format", "jsonl")
    assert "Permission denied" in one_error_line(result)
    assert len(result.stdout.splitlines()) == 1


@pytest.mark.parametrize("content, problem", [("[1, 2]\n", "not a JSON object"),
                                              ('{"x": 1}\n', "'start' missing"),
                                              ("{not json\n", "not valid JSON Lines")])
def test_evaluate_refuses_bad_gold_and_a_bad_agreement_folder(tmp_path, content, problem):
    (tmp_path / "paragraphs").mkdir()
    (tmp_path / "paragraphs" / "000_244e0eb8d783b01e.jsonl").write_text(content, encoding="utf-8")
    assert problem in one_error_line(run("nlp.evaluate", "--gold", tmp_path), "nlp.evaluate")
    assert problem in one_error_line(run("nlp.evaluate", "--agreement", tmp_path), "nlp.evaluate")
    assert "no such directory" in one_error_line(run("nlp.evaluate", "--agreement", tmp_path / "x"), "nlp.evaluate")


# --- 12. models -------------------------------------------------------------------------------

def shipped():
    return json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))


def first_gram(model):
    return next(iter(model["weights"]))


@pytest.mark.parametrize("change, problem", [
    (lambda m: m.update(temperature=0), "temperature"),
    (lambda m: m.update(temperature="1"), "temperature"),
    (lambda m: m.update(temperature=math.nan), "temperature"),
    (lambda m: m.update(temperature=1e-320), "temperature"),
    (lambda m: m.update(labels=[]), "labels"),
    (lambda m: m.update(labels=["A", "B", "C", "D", "E"]), "not paragraph labels"),
    (lambda m: m.update(labels=["职能"] * 5), "distinct"),
    (lambda m: m.update(intercept=[]), "intercept"),
    (lambda m: m.update(intercept=[math.inf] * 5), "intercept"),
    (lambda m: m["weights"][first_gram(m)].__setitem__(1, [0.0]), "weights"),
    (lambda m: m["weights"][first_gram(m)].__setitem__(0, -1.0), "idf"),
    (lambda m: m["features"].update(unit="bytes"), "features"),
])
def test_a_model_is_validated_at_load(tmp_path, change, problem):
    model = shipped()
    change(model)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model), encoding="utf-8")   # NaN/Infinity as Python writes them
    with pytest.raises(BadInput, match=problem):
        load(path)


def test_a_bad_model_is_one_line_before_any_tagging(good, tmp_path):
    model = shipped()
    model["temperature"] = 0
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    result = run("nlp.tag", good, "--model", path)
    assert "temperature" in one_error_line(result) and not result.stdout


# --- 13. decoding -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["Müller report 2024", "😀 budget", "Привет мир", "Ελληνικά", "café crème"])
def test_valid_utf8_without_chinese_is_utf8(text):
    assert decode(text.encode("utf-8")) == (text, "utf-8")


@pytest.mark.parametrize("text", ["目录", "元", "目录 元"])
def test_short_gb2312_that_happens_to_be_valid_utf8_is_still_gb18030(text):
    assert decode(text.encode("gb18030")) == (text, "gb18030")


@pytest.mark.parametrize("text, encoding", [("預算支出說明，單位：萬元", "big5"), ("予算の説明、単位：万円", "shift_jis"),
                                            ("臺北市政府一般公共預算支出決算表", "big5")])
def test_big5_and_shift_jis_are_refused_rather_than_read_as_gb18030(text, encoding):
    with pytest.raises(BadInput, match="not a Chinese encoding we read"):
        decode(text.encode(encoding))


def test_the_corpus_in_gb18030_is_not_taken_for_big5():
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert decode(text.encode("gb18030")) == (text, "gb18030")


def test_utf8_bom_with_nul_is_binary_as_without_bom():
    with pytest.raises(BadInput, match="NUL"):
        decode(codecs.BOM_UTF8 + "预算\x00".encode())
    with pytest.raises(BadInput, match="NUL"):
        decode("预算\x00".encode())


def test_utf8_sig_error_offset_counts_the_bom():
    data = codecs.BOM_UTF8 + b"ab\xff"
    with pytest.raises(BadInput, match="at byte 5"):
        decode(data)
    assert data[5] == 0xFF


# --- 14. control characters -----------------------------------------------------------------------

def test_a_file_name_with_a_newline_is_one_escaped_error_line(tmp_path):
    line = one_error_line(run("nlp.tag", tmp_path / "two\nlines\x1b.txt"))
    assert "two\\nlines\\x1b.txt: no such file" in line


def test_conll_and_the_text_outline_escape_control_characters():
    doc = tag_text("一、职能\n负责\x1b[2J工作，收入5万元。\x07\n", doc_id="a\nb")
    conll = writers.to_conll(doc)
    assert conll.splitlines()[0] == "# doc_id = a\\nb"
    text = writers.to_text(doc)
    assert "\x1b" not in text and "\x07" not in text and "␛[2J" in text
    assert text.splitlines()[0].startswith("# a\\nb ")


# --- 15. Unicode line breaks in JSON ------------------------------------------------------------

def test_json_escapes_unicode_line_breaks_and_keeps_the_value():
    text = "一、职能\u2028\n负责\u2028工作\u2029收入\x855万元。\n"
    doc = tag_text(text)
    for indent in (None, 1):
        out = writers.to_json(doc, indent=indent)
        assert not set(out) & {"\u2028", "\u2029", "\x85"}
        assert json.loads(out) == writers.to_record(doc)
    assert len(writers.to_json(doc).splitlines()) == 1


# --- 17. library --------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [None, b"\xe9\xa2\x84", 3])
def test_tag_text_of_a_non_string_is_the_packages_own_error(value):
    with pytest.raises(NotText, match=f"text must be str, got {type(value).__name__}"):
        tag_text(value)
    assert issubclass(NotText, TypeError)


def test_tag_batch_reports_a_lone_surrogate_in_the_rows_error():
    table = tag_batch({"text": ["收入5万元。", "a\ud800b"]})
    errors = table.column("error").to_pylist()
    assert errors[0] is None
    assert "lone surrogate U+D800 at offset 1" in errors[1]
    assert table.column("entity_label").to_pylist()[1] == []


# --- python -m nlp.facts under the same rules -----------------------------------------------------

FACTS_TABLE = "部门支出预算总表\n单位：元\n科目编码 科目名称 合计\n201 一般公共服务支出 1,234,567\n"


@pytest.fixture
def table_file(tmp_path):
    path = tmp_path / "table.txt"
    path.write_text(FACTS_TABLE, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", ["directory", "device", "symlink", "inside an input directory", "no folder"])
def test_facts_refuses_an_unfit_output_and_leaves_it_as_it_was(table_file, tmp_path, case):
    folder = tmp_path / "docs"
    folder.mkdir()
    (tmp_path / "mine.csv").write_text("mine", encoding="utf-8")
    inputs = [table_file]
    target, reason = {
        "directory": (folder, "is a directory"),
        "device": ("/dev/full", "not a regular file"),
        "symlink": (tmp_path / "link.csv", "symbolic link"),
        "inside an input directory": (folder / "facts.csv", "inside the input directory"),
        "no folder": (tmp_path / "absent" / "facts.csv", "No such file or directory"),
    }[case]
    if case == "symlink":
        target.symlink_to(tmp_path / "mine.csv")
    if case == "inside an input directory":
        (folder / "a.txt").write_text(FACTS_TABLE, encoding="utf-8")
        inputs = [folder]
    line = one_error_line(run("nlp.facts", *inputs, "--output", target), prog="nlp.facts")
    assert reason in line
    assert (tmp_path / "mine.csv").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in folder.iterdir()) == (["a.txt"] if case == "inside an input directory" else [])
    assert not [p for p in tmp_path.rglob("*") if ".part" in p.name or p.name.startswith(".")]


@pytest.mark.parametrize("form", ["csv", "parquet"])
def test_facts_on_a_full_disk_is_one_error_line(table_file, form):
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "nlp.facts", str(table_file), "--format", form],
                                stdout=full, stderr=subprocess.PIPE, cwd=ROOT, timeout=120)
    assert "No space left on device" in one_error_line(result, prog="nlp.facts")


def test_facts_with_stdout_closed_is_one_error_line(table_file):
    result = subprocess.run([sys.executable, "-m", "nlp.facts", str(table_file)], stderr=subprocess.PIPE,
                            cwd=ROOT, timeout=120, preexec_fn=lambda: os.close(1))
    assert "standard output is closed" in one_error_line(result, prog="nlp.facts")


def test_facts_keeps_an_existing_output_when_every_input_is_bad(tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01binary\x00" * 10)
    out = tmp_path / "facts.csv"
    out.write_text("the facts of yesterday", encoding="utf-8")
    result = run("nlp.facts", binary, tmp_path / "missing.txt", "--output", out)
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 2 and len(lines) == 2 and all(l.startswith("nlp.facts: error: ") for l in lines)
    assert out.read_text(encoding="utf-8") == "the facts of yesterday"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.csv", "scan.txt"]


def test_facts_writes_the_good_inputs_beside_a_binary_one(table_file, tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01binary\x00" * 10)
    result = run("nlp.facts", binary, table_file, "--format", "jsonl")
    assert "scan.txt: binary data" in one_error_line(result, prog="nlp.facts")
    [fact] = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert (fact["code"], fact["value"], fact["written"]) == ("201", "1234567", "1,234,567")
