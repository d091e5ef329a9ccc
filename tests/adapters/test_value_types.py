"""The value rule (README, "Value types"): a number that is money (or a percentage) is an exact
decimal in every output — Decimal in Python, decimal128 in Arrow, a decimal string where the
format has no decimal type — and a JSON number whose text is the exact decimal (SPEC §4); never
a float that changes the number. One test per adapter, on the same amounts."""
import json
from decimal import Decimal

import pytest

from nlp.adapters.writers import to_json
from nlp.pipeline import tag_text

TEXT = "一、预算\n一般公共预算支出2692.36万元，其中公务接待费0.1万元，占0.35%；总额1,234,567.89元。\n"
EXACT = [Decimal("26923600"), Decimal("1000"), Decimal("0.35"), Decimal("1234567.89")]
# 0.35 and 1234567.89 have no exact binary float: a float column would hold other numbers.


@pytest.fixture(scope="module")
def document():
    doc = tag_text(TEXT)
    assert [e.attrs["value"] for e in doc.entities] == EXACT      # the core: Decimal
    return doc


def test_json_numbers_are_the_exact_decimals(document):
    record = json.loads(to_json(document), parse_float=Decimal, parse_int=Decimal)
    assert [e["value"] for e in record["entities"]] == EXACT
    assert '"value": 26923600,' in to_json(document)          # integral: a JSON integer


def test_batch_arrow_table_is_decimal128(document):
    pa = pytest.importorskip("pyarrow")
    from nlp.adapters.batch import tag_batch

    table = tag_batch({"text": [TEXT]})
    assert table.schema.field("entity_value").type == pa.list_(pa.decimal128(38, 6))
    assert table["entity_value"].to_pylist()[0] == EXACT
    assert table["entity_value_str"].to_pylist()[0] == [str(v) for v in EXACT]


def test_frames_are_decimal128(document):
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    from nlp import frames

    e = frames.entities(document)
    assert e["value"].dtype == pd.ArrowDtype(pa.decimal128(38, 6))
    assert list(e["value"]) == EXACT and all(type(v) is Decimal for v in e["value"])


def test_spacy_span_and_docbin_keep_decimal(document):
    pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    from nlp.adapters import spacy_components

    doc = spacy_components.to_doc(document)
    assert [s._.value for s in doc.spans["budget"]] == EXACT
    data = spacy_components.to_docbin([document]).to_bytes()
    (raw,) = DocBin().from_bytes(data).get_docs(spacy_components.chinese_pipeline().vocab)
    assert [s._.value for s in raw.spans["budget"]] == [str(v) for v in EXACT]     # stored: decimal strings
    (back,) = spacy_components.from_docbin(data)
    assert [s._.value for s in back.spans["budget"]] == EXACT
    assert all(type(s._.value) is Decimal for s in back.spans["budget"])


def test_dataset_spans_are_decimal_strings():
    pytest.importorskip("datasets")
    from nlp.adapters.hf_dataset import _span
    from nlp.adapters.hf_schema import SPAN_FEATURES

    assert SPAN_FEATURES["value"].dtype == "string"

    entity = {"label": "AMOUNT", "start": 10, "end": 19, "text": "2692.36万元", "value": Decimal("26923600"),
              "annotator": "a", "method": "m"}
    assert _span(entity, 0)["value"] == "26923600"
    entity["value"] = Decimal("1234567.89")
    assert Decimal(_span(entity, 0)["value"]) == Decimal("1234567.89")
