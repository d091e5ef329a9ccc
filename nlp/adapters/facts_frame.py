"""Fact rows as a pandas DataFrame, CSV, JSON lines or Parquet (SPEC §9). Values stay exact:
the DataFrame's ``value`` column holds :class:`~decimal.Decimal` objects, CSV and JSON lines
write the decimal string, Parquet a ``decimal128(38, 4)`` column (yuan to 1/10000, more than any
disclosure writes). pandas and pyarrow are imported here only, when asked for."""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, TextIO

from nlp.tables.facts import FACT_FIELDS, Fact


def to_frame(facts: Iterable[Fact]) -> Any:
    import pandas as pd

    frame = pd.DataFrame.from_records(list(facts), columns=list(FACT_FIELDS))
    for column in ("fiscal_year", "page"):
        frame[column] = frame[column].astype("Int64")
    return frame


def csv_header() -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(FACT_FIELDS)
    return buffer.getvalue()


def to_csv_rows(facts: Iterable[Fact]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for fact in facts:
        writer.writerow(["" if v is None else str(v) for v in fact])
    return buffer.getvalue()


def to_jsonl(facts: Iterable[Fact]) -> str:
    return "".join(json.dumps({k: (str(v) if k == "value" else v) for k, v in fact._asdict().items()},
                              ensure_ascii=False) + "\n" for fact in facts)


def write_parquet(facts: Iterable[Fact], handle: Any) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(facts)
    value_type = pa.decimal128(38, 4)
    schema = pa.schema([(name, value_type if name == "value" else
                         pa.int64() if name in ("fiscal_year", "start", "end", "page") else
                         pa.bool_() if name == "inferred" else pa.string())
                        for name in FACT_FIELDS])
    columns = {name: [getattr(f, name) for f in rows] for name in FACT_FIELDS}
    pq.write_table(pa.table(columns, schema=schema), handle)


def write_text(facts: Iterable[Fact], out: TextIO, fmt: str, first: bool) -> None:
    if fmt == "csv":
        out.write((csv_header() if first else "") + to_csv_rows(facts))
    else:
        out.write(to_jsonl(facts))
