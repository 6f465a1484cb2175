"""Resource limits for reading packages: every hostile input ends with a finding, not with an
exhausted machine. All sizes are in bytes."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024



@dataclass(frozen=True)
class Limits:
    """max_document: the .edxml file itself.
    max_attachment: one decoded attachment (before unzipping).
    max_unzipped: the content of one zipped attachment after unzipping.
    max_total_unzipped: all unzipped contents of a package together.
    max_zip_ratio: unzipped / zipped size above which a ZIP is treated as a bomb (checked from
        min_ratio_bytes of unzipped size on, where the ratio starts to matter).
    max_attachments: number of Attachment elements.
    """

    max_document: int = 48 * MiB  # room for one 32 MiB attachment in base64 (≈ 43 MiB)
    max_attachment: int = 32 * MiB  # a long colour scan at 200+ dpi; a 50 MB base64 is refused
    max_unzipped: int = 64 * MiB
    max_total_unzipped: int = 256 * MiB
    max_zip_ratio: float = 100.0
    min_ratio_bytes: int = 1 * MiB
    max_attachments: int = 200


DEFAULT_LIMITS = Limits()
