"""Attachment payloads: base64 decoding, single-entry ZIPs and safe file names.

The functions return what they found plus problems described as data; the parser turns the
problems into findings with a location. Nothing here raises on bad input, and every read is
bounded by the limits it is given.
"""

from __future__ import annotations

import binascii
import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from conformance.edxml.limits import Limits

_WHITESPACE_CHARS = (" ", "\t", "\r", "\n")
_BASE64_ALPHABET = re.compile(r"[^A-Za-z0-9+/=]")
_DRIVE = re.compile(r"^[A-Za-z]:")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(frozen=True)
class Problem:
    rule_id: str
    vi: str
    en: str
    expected: str
    found: str


def decode_base64(text: str) -> tuple[bytes | None, Problem | None]:
    """Decode base64 text, ignoring line breaks and spaces; a problem when it is not base64.

    binascii decodes an ASCII str directly: no intermediate copy of a megabyte attachment."""
    if not text.isascii():
        pos = next(i for i, c in enumerate(text) if not c.isascii())
        return None, Problem(
            "QCVN102-BASE64",
            f"Nội dung tệp đính kèm có ký tự không thuộc base64 (vị trí {pos})",
            f"Attachment content has a non-base64 character (offset {pos})",
            "base64 (A–Z a–z 0–9 + / =)", repr(text[pos:pos + 8]))
    # producers write one line (VNPT) or 76-character MIME lines: strip only when needed
    compact = "".join(text.split()) if any(c in text for c in _WHITESPACE_CHARS) else text
    if not compact:
        return None, Problem(
            "QCVN102-BASE64", "Tệp đính kèm không có nội dung (ContentTransferEncoded rỗng)",
            "Attachment has no content (empty ContentTransferEncoded)",
            "nội dung base64 của tệp / the file's base64 content", "rỗng / empty")
    try:
        return binascii.a2b_base64(compact, strict_mode=True), None
    except binascii.Error as exc:
        bad = _BASE64_ALPHABET.search(compact)
        if len(compact) % 4:
            found = f"{len(compact)} ký tự, không chia hết cho 4 (bị cắt cụt?) / " \
                    f"{len(compact)} characters, not a multiple of 4 (truncated?)"
        elif bad:
            found = f"ký tự {bad.group(0)!r} tại vị trí {bad.start()} / " \
                    f"character {bad.group(0)!r} at offset {bad.start()}"
        else:
            found = str(exc)
        return None, Problem(
            "QCVN102-BASE64", "Nội dung tệp đính kèm không phải base64 hợp lệ",
            "Attachment content is not valid base64", "base64 hợp lệ / valid base64", found)


def looks_like_zip(payload: bytes) -> bool:
    return payload[:4] in _ZIP_MAGIC


def unsafe_name(name: str) -> str | None:
    """Why a file name could escape the receiver's storage folder, or None when it is safe."""
    if "\x00" in name:
        return "chứa ký tự NUL / contains a NUL character"
    if any(ord(c) < 0x20 for c in name):
        return "chứa ký tự điều khiển / contains a control character"
    if "\\" in name:
        return "chứa dấu gạch chéo ngược \\ / contains a backslash"
    if name.startswith("/") or _DRIVE.match(name):
        return "là đường dẫn tuyệt đối / is an absolute path"
    if any(part == ".." for part in name.split("/")):
        return "chứa thành phần '..' (path traversal)"
    if "/" in name:
        return "chứa thư mục (dấu /) / contains a directory (a slash)"
    if name.strip() in ("", ".", ".."):
        return "rỗng hoặc chỉ là '.' / empty or just '.'"
    return None


@dataclass(frozen=True)
class Unzipped:
    data: bytes | None
    entry: str | None
    problems: tuple[Problem, ...]


def _zip_problem(vi: str, en: str, found: str) -> Problem:
    return Problem("QCVN102-ZIP", vi, en,
                   "một tệp ZIP hợp lệ chứa đúng một tệp / a valid ZIP with exactly one entry",
                   found)


def _inflate(payload: bytes, info: zipfile.ZipInfo, cap: int) -> tuple[bytes | None, str | None]:
    """The entry's bytes, read straight from its local header and inflated with zlib under a
    hard output cap (at most cap + 1 bytes, whatever the headers claim), then checked against
    the declared size and CRC-32. Several times faster than zipfile's chunked reader."""
    start = info.header_offset
    if payload[start:start + 4] != b"PK\x03\x04" or len(payload) < start + 30:
        return None, "local file header not found"
    name_len = int.from_bytes(payload[start + 26:start + 28], "little")
    extra_len = int.from_bytes(payload[start + 28:start + 30], "little")
    begin = start + 30 + name_len + extra_len
    compressed = memoryview(payload)[begin:begin + info.compress_size]
    if len(compressed) != info.compress_size:
        return None, "truncated entry"
    if info.compress_type == zipfile.ZIP_STORED:
        data = bytes(compressed[: cap + 1])
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        try:
            data = inflater.decompress(compressed, cap + 1)
        except zlib.error as exc:
            return None, str(exc)
        if len(data) <= cap and not inflater.eof:
            return None, "incomplete deflate stream"
    else:
        return None, f"unsupported compression method {info.compress_type}"
    if len(data) > cap:
        return data, None  # the caller reports the size
    if len(data) != info.file_size:
        return None, f"size {len(data)} differs from the declared {info.file_size}"
    if zlib.crc32(data) != info.CRC:
        return None, "CRC-32 mismatch"
    return data, None


def unzip_single(payload: bytes, limits: Limits, budget: int) -> Unzipped:
    """The one entry of a ZIP attachment, read with a hard cap: never more than
    min(limits.max_unzipped, budget) bytes are inflated, whatever the headers claim."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, NotImplementedError) as exc:
        return Unzipped(None, None, (_zip_problem(
            "Tệp đính kèm được đánh dấu là ZIP nhưng không đọc được",
            "Attachment marked as ZIP cannot be read", str(exc)),))
    if len(infos) != 1:
        return Unzipped(None, None, (_zip_problem(
            "Tệp ZIP đính kèm phải chứa đúng một tệp",
            "A zipped attachment must hold exactly one entry", f"{len(infos)} tệp / entries"),))
    info = infos[0]
    problems: list[Problem] = []
    reason = unsafe_name(info.filename)
    if reason:
        problems.append(Problem(
            "QCVN102-ATTACHMENT-NAME", f"Tên tệp trong ZIP không an toàn: {reason}",
            f"Unsafe file name inside the ZIP: {reason}",
            "tên tệp đơn, không có thư mục / a plain file name", repr(info.filename)))
    cap = min(limits.max_unzipped, budget)
    if info.file_size > cap:
        problems.append(Problem(
            "QCVN102-LIMITS", "Tệp ZIP đính kèm giải nén vượt giới hạn kích thước",
            "Zipped attachment inflates beyond the size limit", f"≤ {cap} byte",
            f"{info.file_size} byte (khai báo trong ZIP / declared in the ZIP)"))
        return Unzipped(None, info.filename, tuple(problems))
    ratio_of = max(info.compress_size, 1)
    ratio = info.file_size / ratio_of
    if info.file_size >= limits.min_ratio_bytes and ratio > limits.max_zip_ratio:
        problems.append(Problem(
            "QCVN102-LIMITS", "Tỷ lệ nén bất thường (nghi bom ZIP)",
            "Abnormal compression ratio (suspected ZIP bomb)",
            f"tỷ lệ ≤ {limits.max_zip_ratio:g}",
            f"{info.file_size} / {info.compress_size} = {info.file_size / ratio_of:.0f}"))
        return Unzipped(None, info.filename, tuple(problems))
    if info.flag_bits & 0x1:
        return Unzipped(None, info.filename, (*problems, _zip_problem(
            "Tệp ZIP đính kèm bị mã hóa", "Zipped attachment is encrypted", "encrypted entry")))
    data, problem = _inflate(payload, info, cap)
    if problem is not None:
        return Unzipped(None, info.filename, (*problems, _zip_problem(
            "Tệp ZIP đính kèm bị hỏng", "Zipped attachment is corrupt", problem)))
    assert data is not None
    if len(data) > cap:
        return Unzipped(None, info.filename, (*problems, Problem(
            "QCVN102-LIMITS", "Tệp ZIP đính kèm giải nén vượt giới hạn kích thước",
            "Zipped attachment inflates beyond the size limit", f"≤ {cap} byte",
            f"> {cap} byte")))
    return Unzipped(data, info.filename, tuple(problems))
