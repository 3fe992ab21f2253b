"""Legacy 8-bit Vietnamese encodings (TCVN3/ABC, VNI-Windows, VISCII, VPS) back to Unicode.

Old .doc/.pdf files typed with ABC or VNI fonts reach us as the font's bytes read as Windows-1252
("Uû ban nh©n d©n").  We map every character back to its byte (cp1252, or the byte itself for
C0/C1 control characters), then read the bytes with the encoding's letter table.  The tables
below were generated with GNU recode 3.7 (``recode utf-8..TCVN`` etc.), one entry per letter of
:data:`pipeline.restore.text.LETTERS` ("-" where the encoding has no code for that letter: TCVN3
keeps only Ă Â Đ Ê Ô Ơ Ư among capitals — ABC's capital fonts draw the lower-case codes as
capitals, so a TCVN3 word typed in capitals is restored in capitals).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.restore.text import LETTERS

TCVN3 = 'b5 b8 b6 b7 b9 a9 c7 ca c8 c9 cb a8 bb be bc bd c6 ae cc d0 ce cf d1 aa d2 d5 d3 d4 d6 d7 dd d8 dc de df e3 e1 e2 e4 ab e5 e8 e6 e7 e9 ac ea ed eb ec ee ef f3 f1 f2 f4 ad f5 f8 f6 f7 f9 fa fd fb fc fe - - - - - a2 c1 c4 c2 c3 - a1 af c0 ba bf - a7 - - - - - a3 c5 da cd d9 - - - - - - - - - - - a4 db ff e0 f0 - a5 - - - - - - - - - - a6 - - - - - - - - - -'
VISCII = 'e0 e1 e4 e3 d5 e2 a5 a4 a6 e7 a7 e5 a2 a1 c6 c7 a3 f0 e8 e9 eb a8 a9 ea ab aa ac ad ae ec ed ef ee b8 f2 f3 f6 f5 f7 f4 b0 af b1 b2 b5 bd b6 be b7 de fe f9 fa fc fb f8 df d7 d1 d8 e6 f1 cf fd d6 db dc c0 c1 c4 c3 80 c2 85 84 86 06 87 c5 82 81 02 05 83 d0 c8 c9 cb 88 89 ca 8b 8a 8c 8d 8e cc cd 9b ce 98 d2 d3 99 a0 9a d4 90 8f 91 92 93 b4 96 95 97 b3 94 d9 da 9c 9d 9e bf bb ba bc ff b9 9f dd 14 19 1e'
VNI = '61f8 61f9 61fb 61f5 61ef 61e2 61e0 61e1 61e5 61e3 61e4 61ea 61e8 61e9 61fa 61fc 61eb f1 65f8 65f9 65fb 65f5 65ef 65e2 65e0 65e1 65e5 65e3 65e4 ec ed e6 f3 f2 6ff8 6ff9 6ffb 6ff5 6fef 6fe2 6fe0 6fe1 6fe5 6fe3 6fe4 f4 f4f8 f4f9 f4fb f4f5 f4ef 75f8 75f9 75fb 75f5 75ef f6 f6f8 f6f9 f6fb f6f5 f6ef 79f8 79f9 79fb 79f5 ee 41d8 41d9 41db 41d5 41cf 41c2 41c0 41c1 41c5 41c3 41c4 41ca 41c9 41c8 41da 41dc 41cb d1 45d8 45d9 45db 45d5 45cf 45c2 45c0 45c1 45c5 45c3 45c4 cc cd c6 d3 d2 4fd8 4fd9 4fdb 4fd5 4fcf 4fc2 4fc0 4fc1 4fc5 4fc3 4fc4 d4 d4d8 d4d9 d4db d4d5 d4cf 55d8 55d9 55db 55d5 55cf d6 d6d8 d6d9 d6db d6d5 d6cf 59d8 59d9 59db 59d5 ce'
VPS = 'e0 e1 e4 e3 e5 e2 c0 c3 c4 c5 c6 e6 a2 a1 a3 a4 a5 c7 e8 e9 c8 eb cb ea 8a 89 8b cd 8c ec ed cc ef ce f2 f3 d5 f5 86 f4 d2 d3 b0 87 b6 d6 a9 a7 aa ab ae f9 fa fb db f8 dc d8 d9 ba bb bf ff 9a 9b cf 9c 80 c1 81 82 02 c2 84 83 85 1c 03 88 8e 8d 8f f0 04 f1 d7 c9 de fe 05 ca 93 90 94 95 06 b5 b4 b7 b8 10 bc b9 bd be 11 d4 97 96 98 - 12 f7 9e 9d 9f a6 13 a8 da d1 ac 14 d0 af ad b1 1d 15 b2 dd fd b3 19'

ENCODINGS = {"tcvn3": TCVN3, "vni": VNI, "viscii": VISCII, "vps": VPS}
# Characters that never occur in clean Unicode Vietnamese but do in mojibake of these encodings.
SUSPECT = re.compile(r"[\x01-\x08\x0e-\x1f\x80-\x9f\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce\u00cf"
                     r"\u00d1\u00d6-\u00d8\u00db\u00dc\u00de\u00df\u00e4-\u00e7\u00eb\u00ee\u00ef"
                     r"\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff\u0152\u0153\u0160\u0161\u0178"
                     r"\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022"
                     r"\u2026\u2030\u2039\u203a\u20ac\u2122]")


def _to_byte(ch: str) -> int | None:
    code = ord(ch)
    if code < 0x80 or 0x80 <= code <= 0x9F or 0xA0 <= code <= 0xFF:
        return code  # ASCII, C1 controls (bytes cp1252 leaves undefined) and Latin-1 are 1:1
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return None


@cache
def _decode_table(name: str) -> dict[bytes, str]:
    table: dict[bytes, str] = {}
    for letter, code in zip(LETTERS, ENCODINGS[name].split(), strict=True):
        if code != "-":
            table.setdefault(bytes.fromhex(code), letter)
    return table


@cache
def _encode_table(name: str) -> dict[str, bytes]:
    return {v: k for k, v in _decode_table(name).items()}


def to_bytes(text: str) -> bytes | None:
    """The 8-bit bytes behind mojibake ``text`` (None if a character has no byte)."""
    out = bytearray()
    for ch in text:
        b = _to_byte(ch)
        if b is None:
            return None
        out.append(b)
    return bytes(out)


def from_bytes(data: bytes) -> str:
    """Bytes as read by a Windows program: cp1252, undefined bytes kept as C1 characters."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


def _caps_fix(text: str) -> str:
    """ABC capital fonts draw lower-case codes as capitals: a word whose plain letters are all
    capitals (or a one-plain-letter word in a capitals line) was typed in capitals."""
    mixed = [w for w in re.findall(r"[^\W\d_]+", text)
             if not w.isascii() and sum(c.isascii() for c in w) >= 2]
    caps_line = bool(mixed) and all(c.isupper() for w in mixed for c in w if c.isascii())

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        letters = [c for c in word if c.isascii() and c.isalpha()]
        if letters and all(c.isupper() for c in letters) and (len(letters) >= 2 or caps_line):
            return word.upper()
        return word

    return re.sub(r"[^\W\d_]+", fix, text)


def decode(text: str, name: str) -> str | None:
    """``text`` (mojibake) read as encoding ``name``; None if it cannot be one."""
    data = to_bytes(text)
    if data is None:
        return None
    table = _decode_table(name)
    out: list[str] = []
    i = 0
    while i < len(data):
        pair = data[i:i + 2]
        if len(pair) == 2 and pair in table:
            out.append(table[pair])
            i += 2
            continue
        one = data[i:i + 1]
        out.append(table.get(one) or from_bytes(one))
        i += 1
    result = "".join(out)
    if name == "tcvn3":
        result = _caps_fix(result)
    return result


def encode(text: str, name: str) -> str:
    """Unicode Vietnamese → mojibake of encoding ``name`` (for tests and benchmarks)."""
    table = _encode_table(name)
    out = bytearray()
    for ch in text:
        code = table.get(ch)
        if code is None and name == "tcvn3" and ch.lower() in table:
            code = table[ch.lower()]
        if code is None:
            code = ch.encode("cp1252", errors="replace")
        out += code
    return from_bytes(bytes(out))


def suspicious(text: str) -> bool:
    """Does ``text`` hold characters that only legacy-encoding mojibake has?"""
    return SUSPECT.search(text) is not None
