"""A dask.distributed client: a local cluster of N worker processes, or a scheduler that already runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tixi.errors import InputError

INSTALL_HINT = "install the Dask extra: pip install 'tixi[dask]' (dask and distributed)"


@contextmanager
def dask_client(workers: int = 0, scheduler: str | None = None, *, memory_limit: str = "2GiB",
                processes: bool = True) -> Iterator[Any]:
    """Yield a ``distributed.Client``: joined to ``scheduler`` if given, else on a local cluster of ``workers``.

    A local cluster runs one thread per worker process and bounds each worker's memory at
    ``memory_limit`` (Dask spills, then pauses, then restarts a worker past it); ``processes=False``
    keeps the workers in this process (tests, small machines).
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise InputError(f"running on Dask needs dask.distributed: {INSTALL_HINT}") from error
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as error:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler!r}: {error}; start one (docs/dask.md) or use --workers N") from error
        try:
            yield client
        finally:
            client.close()
        return
    if workers < 1:
        raise InputError("give --workers N (N >= 1) for a local Dask cluster, or --scheduler ADDRESS to join one")
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes, memory_limit=memory_limit,
                           dashboard_address=None)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
