"""Bytes to text: size cap, decompression, binary detection, declared and detected encodings."""

from __future__ import annotations

import codecs
import re
import unicodedata
import zlib

from charset_normalizer import from_bytes

from parallax.errors import (
    SUPPORTED_FORMATS,
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    MalformedInputError,
    TooLargeError,
)

_BINARY_MAGIC: dict[bytes, str] = {
    b"%PDF-": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"\x7fELF": "an executable",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ": "an xz archive",
    b"RIFF": "a RIFF media file",
}
_FIXES = {
    "a PDF": "convert it to text first (for example with pdftotext)",
}
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w-]+)""",
    re.IGNORECASE,
)


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def check_size(source: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise TooLargeError(
            source,
            f"input is {_size(size)}, above the {_size(max_bytes)} cap",
            fix="raise it with --max-bytes or PARALLAX_MAX_BYTES if this is intended",
        )


def gunzip_prefix(
    source: str, data: bytes, max_bytes: int
) -> tuple[bytes, MalformedInputError | None]:
    """Decompress gzip data (all members) until it ends, breaks off or turns corrupt.

    Returns what was decompressed and, if the data did not end cleanly, the error saying
    how it broke (a WARC reader can still use the records before the break). Output above
    ``max_bytes`` is refused.
    """
    out = bytearray()
    while data:
        decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += decomp.decompress(data, max_bytes + 1 - len(out))
        except zlib.error as exc:
            return bytes(out), MalformedInputError(
                source,
                f"gzip data turns corrupt after {len(out):,} decompressed bytes ({exc})"
                if out
                else f"gzip data is corrupt ({exc})",
                fix="download or copy the file again",
            )
        if len(out) > max_bytes or decomp.unconsumed_tail:
            raise TooLargeError(
                source,
                f"gzip data decompresses to more than the {_size(max_bytes)} cap",
                fix="raise it with --max-bytes or PARALLAX_MAX_BYTES if this is intended",
            )
        if not decomp.eof:
            return bytes(out), MalformedInputError(
                source, "gzip data is truncated", fix="download or copy the file again"
            )
        data = decomp.unused_data.lstrip(b"\x00")
    return bytes(out), None


def gunzip(source: str, data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip data (all members), refusing truncated or corrupt data and output
    above ``max_bytes``."""
    out, problem = gunzip_prefix(source, data, max_bytes)
    if problem is not None:
        raise problem
    return out


def check_binary(source: str, data: bytes) -> None:
    """Refuse PDFs, images, archives and other binary data with a message that says so."""
    head = data[:8]
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise BinaryInputError(
                source,
                f"file is {what}; parallax reads {SUPPORTED_FORMATS}",
                fix=_FIXES.get(what),
            )
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(sample):
        return
    nuls = sample.count(b"\x00")
    if not nuls:
        return
    controls = sum(sample.count(bytes([c])) for c in (*range(1, 9), *range(14, 32)))
    if nuls + controls <= max(2, len(sample) // 200):  # text with a few stray NULs
        raise DecodeError(
            source,
            f"text holds NUL bytes (the first at byte {data.index(0)}), which no text file has",
            fix="remove them (for example with tr -d '\\000') if the rest is the article",
        )
    raise BinaryInputError(source, f"file is binary, not text; parallax reads {SUPPORTED_FORMATS}")


def utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text with no byte-order mark (mostly Latin
    letters: every other byte is NUL), else None."""
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    even = sample[0 : pairs * 2 : 2].count(0)
    odd = sample[1 : pairs * 2 : 2].count(0)
    if odd >= pairs * 0.7 and even <= pairs * 0.05:
        return "utf-16-le"
    if even >= pairs * 0.7 and odd <= pairs * 0.05:
        return "utf-16-be"
    return None


def _mixed_lines(data: bytes) -> str | None:
    """Text whose lines are partly UTF-8 and partly a legacy encoding (files pasted together):
    each line decoded as UTF-8 where it is, else as the legacy encoding; None if not mixed."""
    lines = data.split(b"\n")
    utf8: list[bool] = []
    for line in lines:
        try:
            line.decode("utf-8")
            utf8.append(True)
        except UnicodeDecodeError:
            utf8.append(False)
    if not any(ok and not line.isascii() for ok, line in zip(utf8, lines, strict=True)):
        return None  # no line is UTF-8 beyond ASCII: one legacy encoding, not a mix
    legacy = b"\n".join(line for ok, line in zip(utf8, lines, strict=True) if not ok)
    options = ["cp1252"]
    best = from_bytes(legacy[:200_000]).best()
    if best is not None and best.encoding and best.encoding not in ("utf_8", "ascii"):
        options.insert(0, best.encoding)
    codec = min(options, key=lambda name: _oddness(legacy.decode(name, errors="replace")))
    return "\n".join(
        line.decode("utf-8") if ok else line.decode(codec, errors="replace")
        for ok, line in zip(utf8, lines, strict=True)
    )


def _oddness(text: str) -> int:
    """How unlikely a decoding is: symbols inside words and letters from far-off scripts.

    Western text read as cp1250 shows "Crčme"; Polish read as cp1252 shows "³" in words.
    """
    odd = 0
    for ch in text:
        if ord(ch) < 128:
            continue
        if not unicodedata.category(ch).startswith("L") or ord(ch) > 0x17F or ord(ch) > 0xFF:
            odd += 1
    return odd


def decode(source: str, data: bytes, *, declared: str | None = None) -> str:
    """Decode with the BOM, the declared encoding, UTF-8, then a detected encoding."""
    if not data.strip():
        raise EmptyInputError(source, "input is empty", fix="check that the file has text in it")
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(source, f"text has a {codec} mark but is not {codec}") from exc
    utf16 = utf16_without_bom(data[:8192])
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError as exc:
            raise DecodeError(
                source,
                f"text looks like {utf16.upper()} without a byte-order mark but is not",
                fix="convert it to UTF-8 (for example with iconv)",
            ) from exc
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    found = _DECLARED.search(data[:4096])
    if found:
        candidates.append((found.group(1) or found.group(2)).decode("ascii", "replace"))
    candidates.append("utf-8")
    for name in candidates:
        try:
            return data.decode(codecs.lookup(name).name)
        except (LookupError, UnicodeDecodeError):
            continue
    mixed = _mixed_lines(data)
    if mixed is not None:
        return mixed
    best = from_bytes(data[:200_000]).best()
    options: list[str] = []
    if best is not None and best.encoding:
        options.append(best.encoding)
    options.append("cp1252")  # the most common legacy encoding of news pages
    decoded = []
    for name in options:
        text = data.decode(name, errors="replace")
        if text.count("\ufffd") <= max(2, len(text) // 1000):
            decoded.append(text)
    if decoded:
        return min(decoded, key=_oddness)
    raise DecodeError(
        source,
        "text is not UTF-8 and its encoding could not be detected",
        fix="convert it to UTF-8 (for example with iconv) or declare its charset",
    )
