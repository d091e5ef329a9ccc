"""The README's Ray Data snippet, run for real: Ray in local mode tags the corpus documents (the
seeds) with ``map_batches(tag_batch, batch_format="pyarrow")`` and its rows equal
``tag_batch`` run in-process. Ray is in the ``dev`` extra, so this runs in CI; it skips only
where Ray is not installed."""
import pytest

ray = pytest.importorskip("ray")
pa = pytest.importorskip("pyarrow")

from conftest import CORPUS_FILES  # noqa: E402
from nlp.adapters.batch import tag_batch  # noqa: E402


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False,
             ignore_reinit_error=True)
    yield ray
    ray.shutdown()


def test_ray_data_map_batches_gives_the_rows_of_tag_batch(local_ray, tmp_path):
    ids = [p.stem for p in CORPUS_FILES]
    texts = [p.read_text(encoding="utf-8-sig") for p in CORPUS_FILES]
    source = tmp_path / "texts.parquet"
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": ids, "text": texts}), source)
    tagged = (ray.data.read_parquet(str(source))
              .map_batches(tag_batch, batch_format="pyarrow", batch_size=2)
              .to_arrow_refs())
    rows = sorted(pa.concat_tables(ray.get(tagged)).to_pylist(), key=lambda row: row["id"])
    expected = sorted(tag_batch({"id": ids, "text": texts}).to_pylist(), key=lambda row: row["id"])
    assert [row["id"] for row in rows] == sorted(ids)
    assert rows == expected
    assert any(row["entity_value"] for row in rows)
