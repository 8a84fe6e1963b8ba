"""A Dask client for batch work: a local cluster by default, a scheduler when given its address.

Dask is an optional extra (``pip install 'parallax-news[scale]'``); every error a user can
cause here (Dask missing, an address that is not one, a scheduler that does not answer or
has no workers) is a :class:`~parallax.errors.BatchError` that names the fix.

The local cluster runs one single-threaded worker *process* per core (spaCy and the
embedding model hold the GIL), each under a nanny that restarts it if it dies; its
tasks are then run again elsewhere. Workers get one math thread each (Dask's default
``OMP_NUM_THREADS=1``), as the process pool of :mod:`parallax.analysis.run` does.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from parallax.errors import BatchError

if TYPE_CHECKING:
    from distributed import Client

SCALE_EXTRA = "pip install 'parallax-news[scale]'"
SCHEMES = ("tcp", "tls", "ws", "wss", "inproc", "ucx")
CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler and to wait for its first worker


# Settings of the local cluster, for CPU-bound tasks on a few cores:
LOCAL_CONFIG = {
    # the workers' statistical profiler walks the running task's stack every 10 ms, for a
    # dashboard the local cluster does not serve
    "distributed.worker.profile.enabled": False,
    # Dask's default MALLOC_TRIM_THRESHOLD_=65536 makes glibc give memory back at once (and
    # stops it adapting its mmap threshold): spaCy then maps and unmaps its arrays on every
    # call. One math thread per worker process, as Dask's defaults and the process pool.
    "distributed.nanny.pre-spawn-environ": {
        "OMP_NUM_THREADS": 1,
        "MKL_NUM_THREADS": 1,
        "OPENBLAS_NUM_THREADS": 1,
    },
    # memory and system monitors every second instead of every 0.1 / 0.5 s
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "1s",
    # a busy machine can take longer than Dask's 30 s to start a worker and connect it
    "distributed.comm.timeouts.connect": "120s",
}


def require_dask() -> None:
    """Raise a :class:`BatchError` naming the extra to install when Dask is missing."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise BatchError(
            f"Dask is not installed ({exc.name} is missing)", fix=SCALE_EXTRA
        ) from None


def check_address(address: str) -> str:
    """``address`` if it names a Dask scheduler (``tcp://host:port``), else a clear error."""
    example = "give it like tcp://10.0.0.5:8786 (the address 'dask scheduler' prints)"
    text = address.strip()
    if "://" not in text:
        raise BatchError(f"{address!r} is not a Dask scheduler address", fix=example)
    parts = urlsplit(text)
    if parts.scheme not in SCHEMES:
        raise BatchError(
            f"{address!r} is not a Dask scheduler address (scheme {parts.scheme!r})",
            fix=f"use one of {', '.join(s + '://' for s in SCHEMES)}; {example}",
        )
    if parts.scheme != "inproc":
        try:
            port = parts.port
        except ValueError:
            port = None
        if not parts.hostname or port is None or parts.path not in ("", "/"):
            raise BatchError(
                f"{address!r} is not a Dask scheduler address (it needs a host and a port)",
                fix=example,
            )
    return text


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    log = logging.getLogger(name)
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


@contextmanager
def dask_client(
    address: str | None = None,
    *,
    workers: int | None = None,
    timeout: float = CONNECT_TIMEOUT,
) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a local cluster of ``workers``
    processes (default: up to 2, one per core) that is shut down on exit."""
    require_dask()
    from distributed import Client, LocalCluster

    if address is None:
        import dask

        with dask.config.set(LOCAL_CONFIG):
            cluster = LocalCluster(
                n_workers=workers or default_workers(),
                threads_per_worker=1,
                processes=True,
                dashboard_address="127.0.0.1:0",  # any free port: never 8787 taken by another
                scheduler_port=0,
            )
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            with _quiet("distributed.nanny"):  # a worker slow to exit is killed: say nothing
                cluster.close()
        return
    target = check_address(address)
    try:
        client = Client(target, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise BatchError(
            f"cannot reach the Dask scheduler at {target} ({type(exc).__name__}: {exc})",
            fix="start it with 'dask scheduler' and workers with 'dask worker ADDRESS', or "
            "leave --address out to use a local cluster",
        ) from None
    try:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError):
            raise BatchError(
                f"the Dask scheduler at {target} has no workers (waited {timeout:g} s)",
                fix=f"start one or more with 'dask worker {target}' on machines that have "
                "parallax-news installed",
            ) from None
        yield client
    finally:
        client.close()


def worker_count(client: Client) -> int:
    """The threads the cluster's workers run tasks on (at least 1)."""
    info = client.scheduler_info()
    return max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))
