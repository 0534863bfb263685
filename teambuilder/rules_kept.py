"""Rules kept with a scenario: which catalogue scores it, and how its rules differ from today's.

A scenario version keeps the text of data/rules.toml as it was when it was saved
(``rules_toml``). Opened again, it is scored with those rules until the user asks for
today's; :func:`rule_differences` says in words what would change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from teambuilder.catalogue import Catalogue, DataFileError, catalogue, catalogue_with_rules

__all__ = ["MAX_DIFFERENCES", "DataFileError", "kept_catalogue", "rule_differences"]

MAX_DIFFERENCES = 6  # said one by one; the rest are counted


def kept_catalogue(rules_toml: str | None) -> Catalogue:
    """The catalogue of a saved version: its own rules, else today's (None: saved before
    rules were kept). Raises DataFileError when the kept rules cannot be read."""
    return catalogue() if rules_toml is None else catalogue_with_rules(rules_toml)


def _comparable(cat: Catalogue) -> dict[str, Any]:
    """What scores a roster, keyed so that a tier or a rule is found by its id."""
    return {
        "thresholds": cat.thresholds.model_dump(mode="json"),
        "health": cat.health.model_dump(mode="json"),
        "tier": {tier.id: tier.model_dump(mode="json", exclude={"id"}) for tier in cat.tiers},
        "rule": {  # severities score; titles and advice are words, not rules
            rule.code: {
                key: value
                for key, value in rule.model_dump(mode="json").items()
                if key.startswith("severity")
            }
            for rule in cat.rules
        },
    }


def _leaves(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}" if path else str(key))
    else:
        yield path, value


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return str(value)


def _words(key: str) -> str:
    """'thresholds.too_many_hats' as 'thresholds › too many hats' (rule codes stay)."""
    return " › ".join(part if part.isupper() else part.replace("_", " ") for part in key.split("."))


def rule_differences(saved: Catalogue, today: Catalogue | None = None) -> list[str]:
    """What differs between the saved rules and today's, one short phrase each:
    'thresholds › too many hats: 4 when saved, 3 today'. At most MAX_DIFFERENCES phrases,
    then 'and N more'."""
    now = dict(_leaves(_comparable(today or catalogue()), ""))
    then = dict(_leaves(_comparable(saved), ""))
    found = [
        f"{_words(key)}: {_shown(then.get(key))} when saved, {_shown(now.get(key))} today"
        for key in dict.fromkeys([*then, *now])
        if then.get(key) != now.get(key)
    ]
    if len(found) > MAX_DIFFERENCES:
        rest = len(found) - MAX_DIFFERENCES
        found = [*found[:MAX_DIFFERENCES], f"and {rest} more"]
    return found
