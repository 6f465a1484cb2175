"""What covers each rule: validator functions (from `@covers`) and feature scenarios (from tags).

Both are read from the code and the feature files, so the catalog and the coverage matrix can
never drift from what is really tested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from conformance.checks import coverage as validator_coverage
from conformance.profiles import Profile, load_profile, shipped_profiles
from conformance.resources import bundled_dir
from conformance.rules import Catalog, Rule, catalog

_SCENARIO = re.compile(
    r"^\s*(Kịch bản|Khung kịch bản|Khung tình huống|Tình huống|Scenario Outline|Scenario"
    r"|Example|Dàn ý kịch bản)\s*:\s*(.*)$"
)
_FEATURE = re.compile(r"^\s*(Tính năng|Feature)\s*:")


@dataclass(frozen=True)
class RuleCoverage:
    rule: Rule
    profiles: list[str]
    validators: list[str]
    scenarios: list[str]


def scenario_tags(features_dir: Path | None = None) -> dict[str, list[str]]:
    """Rule ID -> ["file.feature: scenario name", ...] from the tags of every scenario."""
    root = features_dir or bundled_dir("features")
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.feature")):
        feature_tags: list[str] = []
        pending: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith("@"):
                pending.extend(t[1:] for t in stripped.split() if t.startswith("@"))
            elif _FEATURE.match(line):
                feature_tags, pending = pending, []
            elif m := _SCENARIO.match(line):
                for tag in {*feature_tags, *pending}:
                    found.setdefault(tag, []).append(f"{path.name}: {m.group(2).strip()}")
                pending = []
    return found


def rule_coverage(
    cat: Catalog | None = None, profiles: list[Profile] | None = None
) -> list[RuleCoverage]:
    cat = cat or catalog()
    profiles = profiles if profiles is not None else [load_profile(p) for p in shipped_profiles()]
    validators = validator_coverage()
    scenarios = scenario_tags()
    return [
        RuleCoverage(
            rule=rule,
            profiles=[p.id for p in profiles if p.includes(rule.id)],
            validators=validators.get(rule.id, []),
            scenarios=scenarios.get(rule.id, []),
        )
        for rule in cat.values()
    ]
