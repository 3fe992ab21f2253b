"""The exception tree: every failure congvan can explain, with an exit code and a fix.

Only the CLI turns these into exit codes (``pipeline.cli``); the flows store ``code`` and
``message`` in the database when they quarantine a file.  README.md's exit-code table is
checked against :data:`EXIT_CODES` by ``tests/test_docs.py``.
"""

from __future__ import annotations


class CongvanError(Exception):
    """Base class. ``code`` names the failure, ``exit_code`` is the CLI's, ``hint`` says how to fix it."""

    code = "error"
    exit_code = 1
    hint = ""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    @property
    def message(self) -> str:
        text = str(self)
        return f"{text} — {self.hint}" if self.hint else text

    @property
    def one_line(self) -> str:
        """:attr:`message` on one line (tool output quoted in it may hold newlines)."""
        return " ".join(self.message.split())


class InputFileError(CongvanError):
    """The file cannot be read as a letter (missing, empty, corrupt, unknown format)."""

    code = "input"
    exit_code = 3
    hint = "check the file; congvan reads PDF, TIFF, PNG, JPEG and UTF-8 .txt"


class EncryptedPDFError(InputFileError):
    code = "encrypted"
    exit_code = 4
    hint = "ask the sender for an unprotected copy, or remove the password with `qpdf --decrypt`"


class LimitExceededError(InputFileError):
    """Too many pages, too many pixels, too slow: a configured safety limit was hit."""

    code = "limit"
    exit_code = 5
    hint = ("raise the limit (CONGVAN_MAX_PAGES, CONGVAN_MAX_PIXELS, CONGVAN_MAX_FILE_MB, "
            "CONGVAN_WORKER_MEMORY_MB, CONGVAN_OCR_TIMEOUT) if the file is genuine")


class NotALetterError(InputFileError):
    code = "not-a-letter"
    exit_code = 6
    hint = "the file holds no Vietnamese text congvan can use; review it by hand"


class MissingDependencyError(CongvanError):
    code = "dependency"
    exit_code = 7
    hint = "sudo apt-get install -y tesseract-ocr tesseract-ocr-vie poppler-utils"


class OCREngineError(CongvanError):
    code = "ocr"
    exit_code = 8
    hint = "Tesseract failed on this page; run `congvan ocr FILE` to see its message"


class StoreError(CongvanError):
    code = "database"
    exit_code = 9
    hint = "check CONGVAN_DATABASE_URL and that the database server is running"


class ConfigError(CongvanError):
    code = "config"
    exit_code = 2
    hint = "see `congvan --help` and README.md › Settings"


#: exit code → meaning, for the README table and ``congvan --help``.
EXIT_CODES: dict[int, str] = {
    0: "success",
    1: "unexpected internal error (a bug: please report it with the log)",
    2: "bad usage or settings",
    3: "input file unreadable (missing, empty, corrupt or unsupported format)",
    4: "encrypted PDF",
    5: "a safety limit was exceeded (pages, pixels, OCR time)",
    6: "not a letter (no usable Vietnamese text)",
    7: "missing dependency (Tesseract, its vie data, poppler)",
    8: "OCR engine failure",
    9: "database unavailable or failing",
}
