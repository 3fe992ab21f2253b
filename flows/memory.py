"""Giving freed memory back to the system between documents (glibc's allocator).

A scan's page images are large numpy buffers (a 300-dpi A4 page is ≈ 9 MB per 8-bit copy,
and the clean-up makes several).  glibc serves a block that large with its own ``mmap`` —
returned to the system on ``free`` — only until the first such block is freed: then it
raises its threshold to that size, and later page buffers come from the heap of whichever
thread's arena asked, where freed space is kept for reuse.  Measured on 40 scans in one
ingest (two worker threads), the process's RSS after the first few documents: ≈ 467 MB as
is, ≈ 395 MB with ``malloc_trim(0)`` after each document; over 100 scans, without the trim,
it stepped 460 → 545 → 585 MB.  So documents end with a trim, but only once the heap holds
more than :data:`TRIM_ABOVE` of free memory: a trim after *every* document made each next
document's page buffers fresh pages again, which the kernel zeroes and faults in (measured on
50 pages, two threads, three interleaved pairs: 3.3–3.7 system CPU-s and 33.9–34.9 s with a
trim after every document, 2.3–2.5 and 32.1–33.9 s with one after every fourth).  Between two
documents the heap holds 115–245 MiB free (the same run); the threshold keeps what is held
bounded, and the trim is not paid for memory the next pages take again.

The threshold is *not* pinned any more (it was, at 1 MiB, until Tesseract ran in-process):
then every page buffer, Tesseract's included, is a fresh mapping that the kernel zeroes and
faults in page by page.  Measured on the 20 sample pages, two threads, four rounds: 2.0–2.7
system CPU-s per round pinned against 0.8–0.9 with the trim alone (≈ 6 % of the whole
work), for a steady RSS of 252 against 267 MB and a peak of 410 against 480 MB.  An office
that prefers the smaller peak sets ``MALLOC_MMAP_THRESHOLD_=1048576`` in the environment
(glibc reads it at start-up; Dask workers inherit it).  No-ops where the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform
from functools import lru_cache


@lru_cache(maxsize=1)
def _glibc() -> ctypes.CDLL | None:
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name) if name else None


#: free heap (all arenas) above which the end of a document hands it back to the system
TRIM_ABOVE = 256 * 2**20


def trim_threshold(worker_memory_mb: int) -> int:
    """:data:`TRIM_ABOVE`, or a quarter of the worker's memory budget when that is smaller
    (at the smallest budget, 512 MB, free memory held must not push a Dask worker over it)."""
    return min(TRIM_ABOVE, worker_memory_mb * 2**20 // 4)


class _MallInfo2(ctypes.Structure):
    """glibc's ``struct mallinfo2`` (2.33+): byte counts summed over every arena."""

    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


def free_heap_bytes() -> int | None:
    """Bytes the allocator holds free (``mallinfo2().fordblks``); None where it cannot tell."""
    libc = _glibc()
    mallinfo2 = getattr(libc, "mallinfo2", None) if libc is not None else None
    if mallinfo2 is None:
        return None
    mallinfo2.restype = _MallInfo2
    return int(mallinfo2().fordblks)


def release_free_memory(above: int = TRIM_ABOVE) -> bool:
    """Return the heap's free pages to the system (every arena) once more than ``above``
    bytes are free, or always when the C library cannot say; True when it trimmed."""
    libc = _glibc()
    if libc is None:
        return False
    free = free_heap_bytes()
    if free is not None and free <= above:
        return False
    libc.malloc_trim(0)
    return True
