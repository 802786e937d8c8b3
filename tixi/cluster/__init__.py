"""Running the per-document stages on Dask: a local cluster (``--workers N``) or one that exists (``--scheduler``).

Each stage's per-document work (reading a table corpus and normalising and segmenting its rows,
coding, flows, reuse keys) runs on workers over partitions of documents; each partition's
results are written as a Parquet file under the project's ``.cluster/`` folder, then merged
into the project store by the same code that stores local results, so the store ends the same.
"""
