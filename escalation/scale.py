"""Escalation ladders: ordered rungs, loaded from TOML so users can define their own.

A ladder (an :class:`EscalationScale`) is a list of rungs ``key, level, name,
description, is_kinetic`` plus the tables that code events onto it:

``kinds``
    event ``kind`` -> rung key, or one of the derivations ``"@depth"`` (strikes placed by
    target depth) and ``"@text"`` (statements placed from their words), or
    ``"out_of_scope"``.  A kind that is itself a rung key maps to that rung.
``depth``
    where ``@depth`` puts a strike on the ``capital``, in the ``interior`` or on the
    ``border``.
``text``
    where ``@text`` puts an ``open_war`` declaration, a ``coercion`` threat, other
    ``rhetoric`` and ``talks``.

Two ladders ship with the package: ``default`` (de-escalation at -2 to an unconditional
declaration of open war at 9, and ``interstate_war`` at 10 for users' data) and
``mid_hostility`` (the Correlates of War MID hostility levels 1-5; Palmer et al. 2022,
*The MID5 dataset, 2011-2014*, Conflict Management and Peace Science 39(4)).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from .errors import ScaleError

#: Codes that are not rungs: umbrella rows, rows outside the ladder's scope, unknown kinds.
AGGREGATE, OUT_OF_SCOPE, UNCODED = "aggregate", "out_of_scope", "uncoded"
RESERVED = (AGGREGATE, OUT_OF_SCOPE, UNCODED)
DERIVE_DEPTH, DERIVE_TEXT = "@depth", "@text"
DEPTH_KEYS = ("capital", "interior", "border")
TEXT_KEYS = ("open_war", "coercion", "rhetoric", "talks")


@dataclass(frozen=True)
class Rung:
    """One rung of a ladder."""

    key: str
    level: int
    name: str
    description: str = ""
    is_kinetic: bool = False
    is_dyadic: bool = True


@dataclass(frozen=True)
class EscalationScale:
    """An ordered escalation ladder and the tables that code events onto it.

    Build one with :meth:`from_toml`, or take a shipped one with :meth:`default` or
    :meth:`mid_hostility`.

    Examples
    --------
    >>> from escalation import EscalationScale
    >>> scale = EscalationScale.default()
    >>> scale["airstrike_capital"].level
    8
    >>> scale.kind_map["shelling"]
    'cross_border_attack'
    """

    name: str
    rungs: tuple[Rung, ...]
    kind_map: Mapping[str, str] = field(default_factory=dict)
    depth: Mapping[str, str] = field(default_factory=dict)
    text: Mapping[str, str] = field(default_factory=dict)
    version: str = ""
    description: str = ""
    reference: str = ""

    def __deepcopy__(self, memo):
        # immutable: pandas deep-copies a frame's attrs on every operation, and the ladder
        # travels in ``attrs["ladder"]`` of coded events and series
        return self

    def __post_init__(self) -> None:
        rungs = tuple(sorted(self.rungs, key=lambda r: (r.level, not r.is_dyadic)))
        object.__setattr__(self, "rungs", rungs)
        keys = [r.key for r in rungs]
        where = f"ladder '{self.name}'"
        if not rungs:
            raise ScaleError(f"{where}: no rungs")
        dup = {k for k in keys if keys.count(k) > 1}
        if dup:
            raise ScaleError(f"{where}: rung key(s) {sorted(dup)} defined twice")
        # Dyadic rungs must be strictly ordered; a context rung (is_dyadic=false, such as
        # militant_attack) may share a level with one of them.
        levels = [r.level for r in rungs if r.is_dyadic]
        if len(set(levels)) != len(levels):
            raise ScaleError(f"{where}: two dyadic rungs share a level; levels must order them")
        clash = set(keys) & set(RESERVED)
        if clash:
            raise ScaleError(f"{where}: {sorted(clash)} are reserved and cannot be rung keys")
        kinds = {k: k for k in keys} | dict(self.kind_map)
        allowed = set(keys) | {DERIVE_DEPTH, DERIVE_TEXT, OUT_OF_SCOPE}
        for kind, target in kinds.items():
            if target not in allowed:
                raise ScaleError(f"{where}: kind '{kind}' maps to '{target}', which is not a rung")
        for table, needed in (("depth", DEPTH_KEYS), ("text", TEXT_KEYS)):
            mapping = dict(getattr(self, table))
            uses = DERIVE_DEPTH if table == "depth" else DERIVE_TEXT
            if uses in kinds.values():
                missing = [k for k in needed if k not in mapping]
                if missing:
                    raise ScaleError(f"{where}: [{table}] lacks {missing}, needed by '{uses}'")
            bad = {k: v for k, v in mapping.items() if v not in keys}
            if bad:
                raise ScaleError(f"{where}: [{table}] maps to unknown rung(s) {bad}")
        object.__setattr__(self, "kind_map", MappingProxyType(kinds))
        object.__setattr__(self, "depth", MappingProxyType(dict(self.depth)))
        object.__setattr__(self, "text", MappingProxyType(dict(self.text)))

    # -- construction ------------------------------------------------------------------
    @classmethod
    def from_dict(cls, spec: Mapping, *, source: str = "<dict>") -> EscalationScale:
        """Build a ladder from the structure a TOML file parses to."""
        try:
            rungs = tuple(
                Rung(key=str(r["key"]), level=int(r["level"]), name=str(r.get("name", r["key"])),
                     description=str(r.get("description", "")),
                     is_kinetic=bool(r.get("is_kinetic", False)),
                     is_dyadic=bool(r.get("is_dyadic", True)))
                for r in spec["rungs"]
            )
        except KeyError as exc:
            raise ScaleError(f"{source}: every [[rungs]] entry needs 'key' and 'level' "
                             f"(missing {exc})") from None
        except (TypeError, ValueError) as exc:
            raise ScaleError(f"{source}: malformed [[rungs]]: {exc}") from None
        try:
            return cls(name=str(spec.get("name", Path(source).stem)), rungs=rungs,
                       kind_map=dict(spec.get("kinds", {})), depth=dict(spec.get("depth", {})),
                       text=dict(spec.get("text", {})), version=str(spec.get("version", "")),
                       description=str(spec.get("description", "")),
                       reference=str(spec.get("reference", "")))
        except ScaleError as exc:
            raise ScaleError(f"{source}: {exc}") from None

    @classmethod
    def from_toml(cls, path: str | Path) -> EscalationScale:
        """Load a ladder from a TOML file (see ``escalation/ladders/default.toml``)."""
        path = Path(path)
        try:
            spec = tomllib.loads(path.read_text("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ScaleError(f"{path}: not valid TOML: {exc}") from None
        if "rungs" not in spec:
            raise ScaleError(f"{path}: no [[rungs]] table")
        return cls.from_dict(spec, source=str(path))

    @classmethod
    def shipped(cls, name: str) -> EscalationScale:
        """A ladder shipped with the package: ``"default"`` or ``"mid_hostility"``."""
        res = resources.files("escalation").joinpath(f"ladders/{name}.toml")
        if not res.is_file():
            raise ScaleError(f"no shipped ladder named '{name}'")
        return cls.from_dict(tomllib.loads(res.read_text("utf-8")), source=f"ladders/{name}.toml")

    @classmethod
    def default(cls) -> EscalationScale:
        """The package's default ladder (DESIGN section 4)."""
        return _default()

    @classmethod
    def mid_hostility(cls) -> EscalationScale:
        """The Correlates of War MID hostility levels as a ladder."""
        return cls.shipped("mid_hostility")

    # -- lookup ------------------------------------------------------------------------
    def __getitem__(self, key: str) -> Rung:
        for r in self.rungs:
            if r.key == key:
                return r
        raise KeyError(f"ladder '{self.name}' has no rung '{key}'")

    def __contains__(self, key: object) -> bool:
        return any(r.key == key for r in self.rungs)

    @property
    def keys(self) -> list[str]:
        """Rung keys from lowest to highest level."""
        return [r.key for r in self.rungs]

    @property
    def rung_dtype(self) -> pd.CategoricalDtype:
        """Ordered categorical of the rung keys, followed by the reserved codes."""
        return pd.CategoricalDtype(self.keys + list(RESERVED), ordered=False)

    def to_frame(self) -> pd.DataFrame:
        """The rungs as a tidy table."""
        return pd.DataFrame([r.__dict__ for r in self.rungs])

    def __repr__(self) -> str:
        return f"EscalationScale({self.name!r}, {len(self.rungs)} rungs: {', '.join(self.keys)})"


_DEFAULT: EscalationScale | None = None


def _default() -> EscalationScale:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = EscalationScale.shipped("default")
    return _DEFAULT
