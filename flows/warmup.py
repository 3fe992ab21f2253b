"""Loading what the first documents need while Prefect's temporary server boots.

Kept apart from :mod:`flows.ingest` (the flows) because it is plain library calls: the
restoration model, the model fingerprint and the extractors' lexicons.
"""

from __future__ import annotations

import logging

from pipeline import api
from pipeline.errors import CongvanError
from pipeline.settings import Settings

log = logging.getLogger(__name__)

_WARM_TEXT = """UY BAN NHAN DAN QUAN MOT
CONG HOA XA HOI CHU NGHIA VIET NAM
Doc lap - Tu do - Hanh phuc

So: 12/UBND-VP  V/v trien khai ke hoach phong chong thien tai nam 2026

Kinh gui: Uy ban nhan dan cac phuong.

De nghi cac don vi bao cao ket qua truoc ngay 15/12/2026.

CHU TICH
Nguyen Van An
"""


def warm_up(settings: Settings) -> None:
    """Load the models and libraries the first documents would otherwise load, now.

    ``congvan ingest`` calls it while Prefect's temporary server boots, so the time is
    spent in parallel with that instead of in the first task runs (where, with the thread
    pool, both threads would wait on the same model load).  Best effort: a failure here
    only means the first document loads them.

    No scan page is warmed here (:func:`pipeline.scan.warm_up_scan`, 0.3 CPU-s): the head
    start is reading the largest real scan on its own thread by then, and has paid OpenCV's
    first-use costs; a page's memory warms only the heap of the thread that reads it.
    """
    api.import_stages()  # under its lock: the head-start thread may be importing them too
    from pipeline.document import Document
    from pipeline.record import Source

    api.model_version(settings.models_dir)
    loaded = api.Loaded(Source(path="warm-up.txt", sha256="0" * 64), Document.from_text(_WARM_TEXT))
    try:
        api.extract_fields(api.restore(loaded, settings), settings)
    except CongvanError as exc:
        log.debug("warm-up: %s", exc)
