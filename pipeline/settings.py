"""All settings in one typed object, read from ``CONGVAN_*`` environment variables.

Validated once, before any work starts, so a typo fails at start-up and not on file 312.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONGVAN_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///congvan.db",
        description="SQLAlchemy URL; postgresql+psycopg://user@host/db for production",
    )
    dpi: int = Field(default=300, ge=72, le=600, description="rasterisation dpi for PDFs")
    ocr_lang: str = Field(default="vie", description="Tesseract language(s)")
    ocr_engine: Literal["auto", "api", "cli"] = Field(
        default="auto",
        description="Tesseract in this process (api: models loaded once per worker) or the "
        "tesseract command per page (cli: a crash loses one page, not the worker); auto: api when usable",
    )
    ocr_timeout: float = Field(default=120.0, gt=0, description="seconds of OCR per page")
    max_pages: int = Field(default=500, ge=1, description="pages per document")
    max_pixels: int = Field(default=60_000_000, ge=1, description="pixels per page")
    max_file_mb: float = Field(default=200.0, gt=0, description="size of one input file")
    worker_memory_mb: int = Field(
        default=2048, ge=512, description="memory per worker: pages that would not fit are refused; "
        "Dask workers are restarted above it"
    )
    models_dir: Path = Field(
        default=Path(__file__).resolve().parent.parent / "models",
        description="trained artifacts (diacritic model, calibrator)",
    )
    restore: bool = Field(default=True, description="restore diacritics of damaged text")
    spelling: bool = Field(
        default=True, description="repair OCR letter slips and specks on scans before extraction"
    )
    lease_seconds: float = Field(
        default=7200.0, gt=0, description="how long an ingest may hold a document before another may retry it"
    )
    max_attempts: int = Field(
        default=5, ge=1, description="crashes or transient failures before a file is quarantined"
    )
    low_confidence: float = Field(
        default=0.6, ge=0, le=1, description="fields below this confidence are listed for review"
    )
    imap_password: str | None = Field(
        default=None, description="password for `congvan ingest --imap` (never on the command line)"
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def settings_for(database_url: str | None) -> Settings:
    """The process settings with this run's database (``--db``), when one is given."""
    base = get_settings()
    return base.model_copy(update={"database_url": database_url or base.database_url})
