"""ErrorCodes of the reference axis: each failure reply names one, in both languages.

`ErrorCode` "0" is success. The official SDK reports client-side failures with 100, so the axis
never uses 100. The codes are the simulator's own (the national axis publishes none).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AxisError:
    code: str
    vi: str
    en: str

    def desc(self, detail_vi: str = "", detail_en: str = "") -> str:
        vi = f"{self.vi}: {detail_vi}" if detail_vi else self.vi
        en = f"{self.en}: {detail_en}" if detail_en else self.en
        return f"{vi} / {en}"


AUTH_MISSING = AxisError("10", "Thiếu thông tin xác thực (XroadVnpt-sign-header, "
                         "sign-header-key, hash-header, systemid)",
                         "Missing authentication headers")
AUTH_UNKNOWN_SYSTEM = AxisError("11", "systemId không được đăng ký trên trục",
                                "Unknown systemId")
AUTH_BAD_SIGNATURE = AxisError("12", "Chữ ký HMAC của yêu cầu không đúng",
                               "Request HMAC signature does not verify")
AUTH_HEADER_MISMATCH = AxisError("13", "Tham số ký không khớp với tiêu đề đã gửi",
                                 "Signed parameters do not match the headers sent")
AUTH_TIMESTAMP = AxisError("14", "Dấu thời gian của yêu cầu không hợp lệ hoặc đã cũ",
                           "Request timestamp invalid or stale")
AUTH_UNVERIFIABLE = AxisError("15", "Không kiểm tra được chữ ký (giá trị tiêu đề không phải ASCII)",
                              "Signature cannot be verified (non-ASCII header value)")
AUTH_CLIENT_CERT = AxisError("16", "Chứng thư số máy khách TLS không hợp lệ cho hệ thống này",
                             "TLS client certificate missing or not bound to this system")
MISSING_PARAM = AxisError("20", "Thiếu tham số bắt buộc", "Missing required parameter")
BAD_PARAM = AxisError("21", "Giá trị tham số không hợp lệ", "Invalid parameter value")
NOT_YOUR_AGENCY = AxisError("22", "Hệ thống không được phép gửi thay cơ quan này",
                            "This system may not act for that agency")
UNKNOWN_RECIPIENT = AxisError("23", "Cơ quan nhận không có trên trục",
                              "Recipient agency not connected to the axis")
NO_RECIPIENT = AxisError("24", "Không xác định được cơ quan nhận",
                         "No recipient could be determined")
HASH_MISMATCH = AxisError("25", "Mã băm hash-file không khớp với nội dung gói tin",
                          "hash-file does not match the package")
PACKAGE_REFUSED = AxisError("26", "Gói tin bị từ chối (không an toàn hoặc không đọc được)",
                            "Package refused (unsafe or unreadable)")
PACKAGE_TOO_LARGE = AxisError("27", "Gói tin vượt quá kích thước cho phép",
                              "Package exceeds the size limit")
NOT_FOUND = AxisError("30", "Không tìm thấy văn bản hoặc không có quyền truy cập",
                      "Document not found or not accessible")
BAD_AGENCY_DATA = AxisError("40", "Thông tin đăng ký cơ quan không hợp lệ",
                            "Invalid agency registration data")
AGENCY_NOT_OWNED = AxisError("41", "Cơ quan thuộc hệ thống khác hoặc không tồn tại",
                             "Agency belongs to another system or does not exist")
INJECTED = AxisError("50", "Lỗi giả lập", "Simulated failure")
UNKNOWN_CALL = AxisError("404", "Không có dịch vụ này trên trục", "No such call on the axis")
BAD_METHOD = AxisError("405", "Phương thức HTTP không đúng cho dịch vụ này",
                       "Wrong HTTP method for this call")
INTERNAL = AxisError("99", "Lỗi nội bộ của trục", "Internal axis error")

ALL = [v for v in list(globals().values()) if isinstance(v, AxisError)]
