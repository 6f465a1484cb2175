from pathlib import Path

import pytest

from conformance.datafiles import DataFileError
from conformance.findings import Severity, Status, finding
from conformance.profiles import PARAMETERS, load_profile, shipped_profiles


def test_shipped_profiles_load_with_every_parameter():
    assert {"nd30", "tt01-2019"} <= set(shipped_profiles())
    for name in shipped_profiles():
        profile = load_profile(name)
        assert set(PARAMETERS) <= set(profile.parameters)
        assert profile.rules()


def test_profiles_differ_where_tt01_2019_adds_provincial_rules():
    nd30, tt01 = load_profile("nd30"), load_profile("tt01-2019")
    assert nd30["dispatch_rule"] == "QD28-6.2"
    assert tt01["dispatch_rule"] == "LC2019-6.1b"
    assert not nd30.includes("LC2019-6.1b") and tt01.includes("LC2019-6.1b")
    assert not nd30["org_signature_text_required"] and tt01["org_signature_text_required"]
    assert tt01["urgency_stamp_signature"] and tt01["digitised_seal_image"]
    # inherited from nd30
    assert tt01["min_scan_dpi"] == nd30["min_scan_dpi"] == 200
    assert set(nd30.rules()) < set(tt01.rules())


def write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "mine.toml"
    p.write_text(body, encoding="utf-8")
    return p


HEAD = '[profile]\nid = "mine"\nname_vi = "Của tôi"\nname_en = "Mine"\nextends = "nd30"\n'


def test_user_profile_extends_a_shipped_one(tmp_path):
    p = load_profile(write(tmp_path, HEAD + '\n[parameters]\nurgent_max_delay_minutes = 15\n'
                                     '\n[severity]\n"QD20-4.1" = "error"\n'))
    assert p["urgent_max_delay_minutes"] == 15
    assert p["dispatch_rule"] == "QD28-6.2"
    assert p.severity_of("QD20-4.1") is Severity.ERROR
    f = finding("QD20-4.1", Status.FAIL, "x", "x")
    assert f.severity is Severity.WARNING and p.apply([f])[0].severity is Severity.ERROR
    # a severity the validator chose on purpose survives a profile that does not override it
    lowered = finding("QD28-10.2a", Status.FAIL, "x", "x", severity=Severity.WARNING)
    assert p.apply([lowered])[0].severity is Severity.WARNING
    # rules outside the profile are dropped
    assert load_profile("nd30").apply([finding("LC2019-6.1b", Status.FAIL, "x", "x")]) == []


def test_user_profile_can_extend_another_user_file(tmp_path):
    write(tmp_path, HEAD + '\n[parameters]\nurgent_max_delay_minutes = 15\n')
    child = tmp_path / "child.toml"
    child.write_text('[profile]\nid = "child"\nname_vi = "c"\nname_en = "c"\n'
                     'extends = "mine.toml"\n', encoding="utf-8")
    p = load_profile(child)
    assert p["urgent_max_delay_minutes"] == 15 and p["dispatch_cutoff"] == "12:00"


@pytest.mark.parametrize(
    ("body", "line", "key"),
    [
        (HEAD + "\n[parameters]\nurgent_max_delay_minutes = \"soon\"\n", 8,
         "parameters.urgent_max_delay_minutes"),
        (HEAD + "\n[parameters]\ndispatch_cutoff = \"25:00\"\n", 8, "parameters.dispatch_cutoff"),
        (HEAD + "\n[parameters]\nno_such_param = 1\n", 8, "parameters.no_such_param"),
        (HEAD + "\n[rules]\ninclude = [\"XX99-*\"]\n", 8, "rules.include"),
        (HEAD + "\n[severity]\n\"QD28-10.2a\" = \"fatal\"\n", 8, "severity.QD28-10.2a"),
        (HEAD + "\n[parameters]\ndispatch_rule = \"NOPE-1\"\n", 8, "parameters.dispatch_rule"),
        (HEAD + "\n[parameters\nx = 1\n", 7, None),
    ],
)
def test_malformed_profile_names_line_and_key(tmp_path, body, line, key):
    with pytest.raises(DataFileError) as err:
        load_profile(write(tmp_path, body))
    assert err.value.line == line
    assert err.value.key == key
    assert "mine.toml" in err.value.message("vi")


def test_profile_without_parameters_lists_what_is_missing(tmp_path):
    body = '[profile]\nid = "x"\nname_vi = "x"\nname_en = "x"\n[rules]\ninclude = ["QD28-*"]\n'
    with pytest.raises(DataFileError, match=r"missing parameters: .*dispatch_rule"):
        load_profile(write(tmp_path, body))


def test_unknown_profile_name_lists_the_shipped_ones():
    with pytest.raises(DataFileError, match="nd30"):
        load_profile("nd31")
