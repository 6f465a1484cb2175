"""The wire protocol pieces without a server: the HMAC test vector of vxp-wire.md §2.1 through
the client's signer and the server's verifier, timestamps, hash-file, header order, replies."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from conformance.findings import Severity, Status
from reference_axis import protocol
from reference_axis.auth import Verifier, recover_low_byte_hmac
from reference_axis.client import SdkQuirks, Signer
from reference_axis.store import System

VECTOR_SECRET = "test-secret-AwyOIW"
VECTOR_SIGN_HEADER = (
    '{"XroadVnpt-systemid":"vxp.test.01",'
    '"XroadVnpt-docId":"edoc-1-5edcf706-f8c8-4813-aa10-53f9d32bcc61",'
    '"XroadVnpt-filePath":"/var/lib/qlvb/store",'
    '"XroadVnpt-timestamp":"22112026T064350+0317",'
    '"XroadVnpt-Content-Type":"application/json"}')
VECTOR_HMAC = "71e6cfa19a927bf943119838d7f3055e23dfa962914e1df26a1178c069121762"
VECTOR_MOMENT = dt.datetime(2026, 11, 22, 6, 43, 50, 317000, tzinfo=protocol.VN_TZ)
SYSTEMS = {"vxp.test.01": System("vxp.test.01", VECTOR_SECRET, agencies=("000.00.00.G22",))}


def vector_headers() -> list[tuple[bytes, bytes]]:
    """The observed getEdoc request of vxp-wire.md §2.1, header names lower-cased as ASGI has
    them."""
    pairs = [
        ("XroadVnpt-systemid", "vxp.test.01"),
        ("XroadVnpt-docId", "edoc-1-5edcf706-f8c8-4813-aa10-53f9d32bcc61"),
        ("XroadVnpt-filePath", "/var/lib/qlvb/store"),
        ("XroadVnpt-timestamp", "22112026T064350+0317"),
        ("Content-Type", "application/json"),
        ("XroadVnpt-Content-Type", "application/json"),
        ("XroadVnpt-sign-header-key", "systemid;docId;filePath;timestamp;Content-Type"),
        ("XroadVnpt-sign-header", VECTOR_SIGN_HEADER),
        ("XroadVnpt-hash-header", VECTOR_HMAC),
        ("User-Agent", "JAVASDKAgent/1.0.0 XRoad/VPCP"),
        ("XroadVnpt-version", "3.0.201608"),
        ("Expect", "100-continue"),
    ]
    return [(k.lower().encode(), v.encode()) for k, v in pairs]


def test_hmac_recipe_reproduces_the_test_vector() -> None:
    assert protocol.hmac_hex(VECTOR_SECRET, VECTOR_SIGN_HEADER.encode()) == VECTOR_HMAC


def test_client_signer_reproduces_the_test_vector_byte_for_byte() -> None:
    signer = Signer("vxp.test.01", VECTOR_SECRET, SdkQuirks(), clock=lambda: VECTOR_MOMENT)
    call = signer.prepare("getEdoc", {"docId": "edoc-1-5edcf706-f8c8-4813-aa10-53f9d32bcc61",
                                      "filePath": "/var/lib/qlvb/store"}, b"{}")
    assert call.header("XroadVnpt-sign-header") == VECTOR_SIGN_HEADER.encode()
    assert call.header("XroadVnpt-hash-header") == VECTOR_HMAC.encode()
    assert call.header("XroadVnpt-sign-header-key") == \
        b"systemid;docId;filePath;timestamp;Content-Type"
    assert call.header("XroadVnpt-timestamp") == b"22112026T064350+0317"
    assert call.header("User-Agent") == b"JAVASDKAgent/1.0.0 XRoad/VPCP"
    assert call.header("Expect") == b"100-continue"
    assert [k for k, _ in call.headers].count(b"Content-Type") == 1
    assert call.path == "/getEdoc" and call.body == b"{}"


def test_server_verifier_accepts_the_test_vector() -> None:
    now = VECTOR_MOMENT.timestamp() + 1
    result = Verifier().verify(vector_headers(), "getEdoc", SYSTEMS, now=now, exchange_id="x")
    assert result.ok and result.verified == "hmac"
    assert result.params["docId"] == "edoc-1-5edcf706-f8c8-4813-aa10-53f9d32bcc61"
    assert result.system is not None and result.system.system_id == "vxp.test.01"
    assert not [f for f in result.findings if f.severity is Severity.ERROR]


def test_server_verifier_refuses_a_wrong_secret_a_changed_header_and_missing_headers() -> None:
    now = VECTOR_MOMENT.timestamp()
    wrong = {"vxp.test.01": System("vxp.test.01", "other-secret")}
    r = Verifier().verify(vector_headers(), "getEdoc", wrong, now=now, exchange_id="x")
    assert r.error is not None and r.error.code == "12"
    assert r.findings[-1].rule_id == "QD28-13.2" and r.findings[-1].status is Status.FAIL
    tampered = [(k, b"edoc-2" if k == b"xroadvnpt-docid" else v) for k, v in vector_headers()]
    r = Verifier().verify(tampered, "getEdoc", SYSTEMS, now=now, exchange_id="x")
    assert r.error is not None and r.error.code == "13"
    bare = [(k, v) for k, v in vector_headers() if k != b"xroadvnpt-hash-header"]
    r = Verifier().verify(bare, "getEdoc", SYSTEMS, now=now, exchange_id="x")
    assert r.error is not None and r.error.code == "10"
    r = Verifier().verify(vector_headers(), "getEdoc", {}, now=now, exchange_id="x")
    assert r.error is not None and r.error.code == "11"


def test_stale_timestamp_is_a_finding_unless_strict() -> None:
    later = VECTOR_MOMENT.timestamp() + 86400
    r = Verifier().verify(vector_headers(), "getEdoc", SYSTEMS, now=later, exchange_id="x")
    assert r.ok
    assert any("off the axis clock" in f.message.en and f.severity is Severity.WARNING
               for f in r.findings)
    r = Verifier(strict=True).verify(vector_headers(), "getEdoc", SYSTEMS, now=later,
                                     exchange_id="x")
    assert r.error is not None and r.error.code == "14"


def test_leftover_sticky_keys_are_recorded_not_refused() -> None:
    signer = Signer("vxp.test.01", VECTOR_SECRET, SdkQuirks())
    signer.prepare("getEdoc", {"docId": "d1", "filePath": "/x"}, b"{}")
    signer.prepare("updateStatus", {"docId": "d1", "status": "fail"}, b"{}")
    call = signer.prepare("countReceiveEdoc", {}, b"{}")
    keys = call.header("XroadVnpt-sign-header-key").decode().split(";")
    assert {"docId", "filePath", "status"} <= set(keys)
    headers = [(k.lower(), v) for k, v in call.headers]
    r = Verifier().verify(headers, "countReceiveEdoc", SYSTEMS,
                          now=dt.datetime.now(protocol.VN_TZ).timestamp(), exchange_id="x")
    assert r.ok
    sticky = [f for f in r.findings if f.rule_id == "QD28-14.2"]
    assert sticky and set(sticky[0].evidence["extra"]) == {"docId", "filePath", "status"}


def test_low_byte_non_ascii_headers_are_recovered_or_recorded() -> None:
    signer = Signer("vxp.test.01", VECTOR_SECRET, SdkQuirks())
    call = signer.prepare("getEdoc", {"docId": "tài-liệu-1"}, b"{}")
    assert call.header("XroadVnpt-docId") == bytes([0x74, 0xE0, 0x69, 0x2D, 0x6C, 0x69, 0xC7,
                                                    0x75, 0x2D, 0x31])
    headers = [(k.lower(), v) for k, v in call.headers]
    now = dt.datetime.now(protocol.VN_TZ).timestamp()
    r = Verifier().verify(headers, "getEdoc", SYSTEMS, now=now, exchange_id="x")
    assert r.ok and r.verified == "hmac-recovered" and r.params["docId"] == "tài-liệu-1"
    # sendEdoc writes UTF-8: verifiable as it is
    utf8 = signer.send_edoc(b"<x/>", from_="Sở TT&TT")
    assert utf8.header("XroadVnpt-from") == "Sở TT&TT".encode()
    r = Verifier().verify([(k.lower(), v) for k, v in utf8.headers], "sendEdoc", SYSTEMS,
                          now=now, exchange_id="x")
    assert r.ok and r.verified == "hmac"
    assert recover_low_byte_hmac(b'{"a":"\xe0"}', VECTOR_SECRET, "0" * 64) is None


def test_timestamp_format_is_day_first_with_a_literal_plus_and_milliseconds() -> None:
    assert protocol.format_timestamp(VECTOR_MOMENT) == "22112026T064350+0317"
    assert protocol.parse_timestamp("22112026T064350+0317") == VECTOR_MOMENT
    assert protocol.parse_timestamp("2026-11-22T06:43:50+07:00") is None
    assert protocol.parse_timestamp("32132026T064350+0317") is None


def test_hash_file_is_unpadded_hex_of_the_file_without_the_crlf() -> None:
    data = b"edXML bytes"
    digest = hashlib.sha256(data).digest()
    assert protocol.hash_file(data) == "".join(format(b, "x") for b in digest)
    assert protocol.hash_file(data, unpadded=False) == digest.hex()
    signer = Signer("s", "k", SdkQuirks())
    call = signer.send_edoc(data, from_="000.00.00.G22", to=["000.00.00.H41", "000.00.00.H14"])
    assert call.body == data + b"\r\n"
    assert call.header("XroadVnpt-to") == b'["000.00.00.H41","000.00.00.H14"]'
    assert call.header("XroadVnpt-sign-header-key") == \
        b"systemid;servicetype;messagetype;hash-file;from;to;timestamp;Content-Type"
    assert call.header("Content-Type") == b"application/octet-stream"
    single = signer.send_edoc(data, from_="000.00.00.G22", to="000.00.00.H41")
    assert single.header("XroadVnpt-to") == b'"000.00.00.H41"'


def test_java_hashmap_order_matches_the_observed_sdk_orders() -> None:
    order = protocol.java_hashmap_order
    assert order(["timestamp", "systemid", "Content-Type", "docId", "filePath"]) == \
        ["systemid", "docId", "filePath", "timestamp", "Content-Type"]
    assert order(["timestamp", "systemid", "Content-Type", "status", "docId"]) == \
        ["systemid", "docId", "timestamp", "Content-Type", "status"]


def test_gson_escaping_keeps_slashes_and_vietnamese_raw() -> None:
    text = protocol.sign_header_json([("from", 'Sở "TT&TT" / <a=b>\\')])
    assert text == '{"XroadVnpt-from":"Sở \\"TT&TT\\" / <a=b>\\\\"}'
    assert json.loads(text)["XroadVnpt-from"] == 'Sở "TT&TT" / <a=b>\\'


def test_replies_are_pure_ascii_with_the_three_keys() -> None:
    body = protocol.encode_reply(protocol.fail_reply("12", "Chữ ký sai", DocId=""))
    body.decode("ascii")
    assert b"\\u1eef" in body
    parsed = json.loads(body)
    assert set(parsed) == {"status", "ErrorCode", "ErrorDesc", "DocId"}
    assert parsed["ErrorDesc"] == "Chữ ký sai"


def test_reply_package_decodes_leniently_like_commons_codec() -> None:
    import base64

    from reference_axis.client import Reply

    raw = bytes(range(256)) * 3
    encoded = base64.b64encode(raw).decode("ascii")
    noisy = "\r\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76)) + " ẞ\t=="
    reply = Reply("getEdoc", http_status=200, json={"status": "OK", "ErrorCode": "0",
                                                    "data": noisy})
    assert reply.package == raw
    assert Reply("getEdoc", http_status=200, json={"status": "FAIL", "data": encoded}).package \
        is None
