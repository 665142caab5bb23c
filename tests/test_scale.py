"""EscalationScale: the default ladder, TOML loading and its errors."""

from __future__ import annotations

import re

import pytest

import escalation as esc
from escalation.errors import ScaleError

#: DESIGN section 4, typed by hand.
DEFAULT_LEVELS = {
    "ceasefire": -2, "talks": -1, "rhetoric": 1, "coercion": 2, "exchange_of_fire": 3,
    "border_clash": 4, "militant_attack": 4, "cross_border_attack": 5, "airstrike_border": 6,
    "airstrike_interior": 7, "airstrike_capital": 8, "open_war": 9, "interstate_war": 10,
}


def test_default_ladder_levels_and_kinetic_flags():
    scale = esc.EscalationScale.default()
    assert {r.key: r.level for r in scale.rungs} == DEFAULT_LEVELS
    kinetic = {r.key for r in scale.rungs if r.is_kinetic}
    assert "open_war" not in kinetic and "airstrike_capital" in kinetic
    assert not scale["militant_attack"].is_dyadic
    assert scale.kind_map["mediation"] == "talks"
    assert scale.kind_map["shelling"] == scale.kind_map["cross_border_ground_attack"] == \
        "cross_border_attack"
    assert scale.kind_map["border_closure"] == "coercion"


def write(tmp_path, text):
    path = tmp_path / "ladder.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("text,needle", [
    ("name = 'x'", "no [[rungs]]"),
    ("[[rungs]]\nlevel = 1", "'key' and 'level'"),
    ("[[rungs]]\nkey='a'\nlevel=1\n[[rungs]]\nkey='a'\nlevel=2", "defined twice"),
    ("[[rungs]]\nkey='a'\nlevel=1\n[[rungs]]\nkey='b'\nlevel=1", "share a level"),
    ("[[rungs]]\nkey='uncoded'\nlevel=1", "reserved"),
    ("[[rungs]]\nkey='a'\nlevel=1\n[kinds]\nx='b'", "not a rung"),
    ("[[rungs]]\nkey='a'\nlevel=1\n[kinds]\nairstrike='@depth'", "lacks"),
    ("[[rungs]]\nkey = 'a'\nlevel = = 1", "not valid TOML"),
])
def test_malformed_ladders_say_what_is_wrong(tmp_path, text, needle):
    path = write(tmp_path, text)
    with pytest.raises(ScaleError, match=re.escape(needle)) as info:
        esc.EscalationScale.from_toml(path)
    assert str(path) in str(info.value)
