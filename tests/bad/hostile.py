"""Generators of hostile input files, made at test time (nothing big is committed).

Every generator writes into a directory and returns the path.  The big ones (a 2,000-page
PDF, a 20,000 x 20,000 TIFF, a decompression-bomb PNG) are *small on disk* — that is the
point of the attack — and cheap to make: they are built from their headers and compressed
runs, never from full rasters.
"""

from __future__ import annotations

import io
import struct
import subprocess
import zlib
from pathlib import Path

from PIL import Image

#: the most bytes a file name may have on Linux (NAME_MAX)
NAME_MAX = 255


def text_letter(seed: int = 70_001) -> str:
    """A generated Decree-30 letter as reading text (UTF-8, accented)."""
    from pipeline.samples.generate import generate

    return generate(seed).letter.reading_text()


def zero_byte(d: Path) -> Path:
    path = d / "empty.pdf"
    path.write_bytes(b"")
    return path


def _text_pdf(n_pages: int, text: str = "Kinh gui") -> bytes:
    """A minimal valid PDF of ``n_pages`` A4 pages (one shared content stream), xref and all."""
    stream = f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode()
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # pages tree, filled below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    first_page = len(objects) + 1
    kids = " ".join(f"{first_page + i} 0 R" for i in range(n_pages))
    objects[1] = f"<< /Type /Pages /Count {n_pages} /Kids [{kids}] >>".encode()
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
    objects += [page] * n_pages
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % off for off in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def many_pages_pdf(d: Path, pages: int = 2000) -> Path:
    path = d / f"pages-{pages}.pdf"
    path.write_bytes(_text_pdf(pages))
    return path


def truncated_pdf(d: Path, source: Path | None = None) -> Path:
    """The first third of a real scan PDF (as a transfer cut short leaves it)."""
    data = source.read_bytes() if source else _text_pdf(3)
    path = d / "truncated.pdf"
    path.write_bytes(data[: max(len(data) // 3, 64)])
    return path


def encrypted_pdf(d: Path) -> Path:
    """A PDF that needs a user password to open (qpdf, AES-256)."""
    plain = d / "plain-for-encryption.pdf"
    plain.write_bytes(_text_pdf(1))
    path = d / "encrypted.pdf"
    subprocess.run(["qpdf", "--encrypt", "secret", "owner", "256", "--", str(plain), str(path)],
                   check=True, capture_output=True)
    plain.unlink()
    return path


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(d: Path, side: int = 50_000) -> Path:
    """A 1-bit ``side`` x ``side`` PNG of zeros: ~300 KB on disk, 2.5 Gpx (312 MB) unpacked."""
    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte + packed bits
    z = zlib.compressobj(9)
    block = row * 1000
    chunks = [z.compress(block) for _ in range(side // 1000)]
    chunks += [z.compress(row * (side % 1000)), z.flush()]
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path = d / "bomb.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
                     + _png_chunk(b"IDAT", b"".join(chunks)) + _png_chunk(b"IEND", b""))
    return path


def huge_tiff(d: Path, side: int = 20_000) -> Path:
    """A valid 1-bit ``side`` x ``side`` TIFF (PackBits): ~0.8 MB on disk, 400 Mpx."""
    row_bytes = (side + 7) // 8
    row = b""
    left = row_bytes
    while left:  # PackBits: a run of n (<=128) equal bytes is (257 - n, byte)
        n = min(left, 128)
        row += bytes([257 - n if n > 1 else 0, 0])
        left -= n
    data = row * side
    entries = [  # tag, type (3 SHORT, 4 LONG), value
        (256, 4, side), (257, 4, side), (258, 3, 1), (259, 3, 32773), (262, 3, 0),
        (273, 4, 8), (277, 3, 1), (278, 4, side), (279, 4, len(data)),
    ]
    ifd_offset = 8 + len(data)
    ifd = struct.pack("<H", len(entries))
    for tag, typ, value in entries:
        ifd += struct.pack("<HHI", tag, typ, 1) + (struct.pack("<HH", value, 0) if typ == 3 else struct.pack("<I", value))
    ifd += struct.pack("<I", 0)
    path = d / "huge.tif"
    path.write_bytes(b"II*\x00" + struct.pack("<I", ifd_offset) + data + ifd)
    return path


def not_an_image_pdf(d: Path) -> Path:
    """A ZIP archive (what a .docx is) named .pdf."""
    import zipfile

    path = d / "report.pdf"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return path


def blank_page(d: Path) -> Path:
    """A white A4 page at 200 dpi with faint scanner noise, and nothing written on it."""
    import numpy as np

    rng = np.random.default_rng(7)
    page = np.full((2339, 1654), 246, np.uint8)
    page = np.clip(page.astype(np.int16) + rng.normal(0, 3, page.shape), 0, 255).astype(np.uint8)
    path = d / "blank.png"
    Image.fromarray(page).save(path, dpi=(200, 200))
    return path


def upside_down_scan(d: Path, seed: int = 70_002) -> Path:
    """A clean 200-dpi scan of a generated letter's first page, fed upside down."""
    from dataclasses import replace

    from pipeline.samples.build import scan
    from pipeline.samples.degrade import CLEAN
    from pipeline.samples.generate import generate

    lab = generate(seed)
    pages = scan(lab.letter, replace(CLEAN, dpi=200, rotate=180, jpeg_quality=None), seed)
    path = d / "upside-down.png"
    pages[0].convert("L").save(path, dpi=(200, 200))
    return path


ENGLISH_LETTER = """\
MINISTRY OF FOREIGN AFFAIRS
No. 1234/MFA-CONS
Hanoi, 12 March 2024

To: The Embassy of the United Kingdom

Subject: Renewal of diplomatic visas for the year 2024

The Ministry of Foreign Affairs presents its compliments to the Embassy and has the honour
to inform that applications for the renewal of diplomatic visas should be submitted before
30 April 2024, together with the passports of the applicants and two photographs each.
The Ministry would be grateful if the Embassy could confirm the number of staff concerned.

The Ministry avails itself of this opportunity to renew to the Embassy the assurances of
its highest consideration.

Head of Consular Department
John Smith
"""


def english_letter(d: Path) -> Path:
    path = d / "english.txt"
    path.write_text(ENGLISH_LETTER, encoding="utf-8")
    return path


def legacy_letter(d: Path, encoding: str, seed: int = 70_003) -> Path:
    """The generated letter in a legacy 8-bit Vietnamese font encoding (TCVN3, VNI, VISCII)."""
    from pipeline.restore.legacy import encode, to_bytes

    data = to_bytes(encode(text_letter(seed), encoding))
    assert data is not None
    path = d / f"legacy-{encoding}.txt"
    path.write_bytes(data)
    return path


def named(d: Path, name: str | bytes, content: bytes) -> Path:
    """``content`` under an awkward file name (bytes names may be invalid UTF-8)."""
    import os

    path = d / (os.fsdecode(name) if isinstance(name, bytes) else name)
    path.write_bytes(content)
    return path


def long_name(suffix: str = ".txt", fill: str = "công văn ") -> str:
    """A file name of exactly :data:`NAME_MAX` UTF-8 bytes ending in ``suffix``."""
    name = ""
    while len((name + fill + suffix).encode()) <= NAME_MAX:
        name += fill
    name = name.strip()
    while len((name + "x" + suffix).encode()) <= NAME_MAX:
        name += "x"
    return name + suffix
