import codecs

import pytest

from nlp.errors import BadInput
from nlp.read import decode, read_path

SAMPLE = "一、基本职能\r\n２０２４年预算２６９２．３６万元，占１００％。\u3000\u00a0\n"


@pytest.mark.parametrize("data, encoding", [
    (SAMPLE.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
    (SAMPLE.encode("gb18030"), "gb18030"),
    (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
])
def test_decodes_every_encoding_seen_in_the_wild_exactly(data, encoding):
    text, found = decode(data)
    assert found == encoding
    assert text == SAMPLE          # CRLF, full width, U+3000 and U+00A0 all kept
    assert data.decode(found).removeprefix("\ufeff") == text


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (codecs.BOM_UTF8, "empty"),
    (b"  \n\t\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(1, 32)) * 20, "binary"),
    (b"abc\x80\xff\x80", "undecodable"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "undecodable"),
])
def test_bad_input_is_refused_with_a_reason(data, reason):
    with pytest.raises(BadInput) as err:
        decode(data, "f.txt")
    assert err.value.source == "f.txt"
    assert reason in err.value.reason
    assert "\n" not in str(err.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(BadInput, match="no such file"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(BadInput, match="directory"):
        read_path(tmp_path)


def test_bad_input_survives_pickling():
    import pickle

    error = pickle.loads(pickle.dumps(BadInput("a.txt", "empty file")))
    assert (error.source, error.reason, str(error)) == ("a.txt", "empty file", "a.txt: empty file")
