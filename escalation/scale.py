"""Escalation ladders: ordered rungs, loaded from TOML so users can define their own.

A ladder (an :class:`EscalationScale`) is a list of rungs (``key``, ``level``, ``name``,
``description``, ``is_kinetic``, ``is_dyadic``) plus the tables that code events onto it:

- ``kinds``: event ``kind`` -> rung key, or one of the derivations ``"@depth"`` (strikes
  placed by target depth) and ``"@text"`` (statements placed from their words), or
  ``"out_of_scope"``.  A kind that is itself a rung key maps to that rung.
- ``depth``: where ``@depth`` puts a strike on the ``capital``, in the ``interior`` or on
  the ``border``.
- ``text``: where ``@text`` puts an ``open_war`` declaration, a ``coercion`` threat, other
  ``rhetoric`` and ``talks``.

The file format.  Every key is checked: an unknown key, a wrong type or a level that is
not a whole number is refused with the file and the entry named.  The reference, with
every key's type and default, is the documentation site's *Ladders* page
(``docs/ladders.md``, checked against :data:`LADDER_KEYS` and :data:`RUNG_KEYS` by the
tests).

- ``name`` (text; default: the file's stem), ``version``, ``description``,
  ``reference`` (text: the ladder's published source);
- ``[[rungs]]``: one table per rung (at least one), with ``key`` (text, required),
  ``level`` (an integer from -100 to 100, required; dyadic rungs strictly ordered),
  ``name`` (text, default: the key), ``description`` (text), ``is_kinetic``
  (true/false, default false: force used) and ``is_dyadic`` (true/false, default true:
  a move of one state against another);
- ``[kinds]``: ``kind = "rung key"``, ``"@depth"``, ``"@text"`` or ``"out_of_scope"``; a
  rung's own key codes to that rung unless listed here, and kinds may not form a cycle
  (``a = "b"``, ``b = "a"``);
- ``[depth]``: ``capital``, ``interior``, ``border`` = rung keys (needed by ``@depth``);
- ``[text]``: ``open_war``, ``coercion``, ``rhetoric``, ``talks`` = rung keys (needed by
  ``@text``).

Two ladders ship with the package: ``default`` (de-escalation at -2 to an unconditional
declaration of open war at 9, and ``interstate_war`` at 10 for users' data) and
``mid_hostility`` (the Correlates of War MID hostility levels 1-5; Palmer et al. 2022,
*The MID5 dataset, 2011-2014*, Conflict Management and Peace Science 39(4)).
"""

from __future__ import annotations

import difflib
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
#: The keys a ladder file may hold, with their TOML types.
LADDER_KEYS = {"name": str, "version": str, "description": str, "reference": str,
               "rungs": list, "kinds": dict, "depth": dict, "text": dict}
#: The keys each [[rungs]] entry may hold, with their TOML types.
RUNG_KEYS = {"key": str, "level": int, "name": str, "description": str, "is_kinetic": bool,
             "is_dyadic": bool}
#: Levels are small whole numbers (series carry them in 8-bit integers).
LEVEL_RANGE = (-100, 100)


@dataclass(frozen=True)
class Rung:
    """One rung of a ladder.

    Parameters
    ----------
    key : str
        The rung's identifier, as events carry it in ``rung`` (``"airstrike_capital"``).
    level : int
        Its place on the ladder: negative for de-escalation, higher for more escalatory
        moves.  Dyadic rungs have distinct levels; a context rung may share one.
    name : str
        A readable name for tables and figures.
    description : str
        What the rung covers.
    is_kinetic : bool
        Force was used (``max_kinetic_level`` in series counts these only).
    is_dyadic : bool
        A move of one state against another.  ``False`` for context rungs such as
        ``militant_attack``, which series leave out unless ``include_nonstate=True``.

    Examples
    --------
    >>> import escalation as esc
    >>> rung = esc.EscalationScale.default()["open_war"]
    >>> rung.level, rung.is_kinetic
    (9, False)
    >>> print(rung)
    9 open_war: Declaration of open war
    """

    key: str
    level: int
    name: str
    description: str = ""
    is_kinetic: bool = False
    is_dyadic: bool = True

    def __str__(self) -> str:
        return f"{self.level} {self.key}: {self.name}"

    def _repr_html_(self) -> str:
        import html

        flags = [f for f, on in (("kinetic", self.is_kinetic), ("context, not dyadic", not self.is_dyadic)) if on]
        return (f"<p><b>{self.level}</b> <code>{html.escape(self.key)}</code>: "
                f"{html.escape(self.name)}{' (' + ', '.join(flags) + ')' if flags else ''}"
                + (f"<br>{html.escape(self.description)}" if self.description else "") + "</p>")


@dataclass(frozen=True)
class EscalationScale:
    """An ordered escalation ladder and the tables that code events onto it.

    Build one with :meth:`from_toml` (the file format is in this module's docstring and
    on the documentation site's *Ladders* page), or take a shipped one with
    :meth:`default` or :meth:`mid_hostility`.  The ladder is immutable and checked when
    it is made: an empty ladder, a key defined twice, two dyadic rungs on one level, a
    kind mapping to nothing, a cycle of kinds, or a derivation without its table raise
    :class:`~escalation.errors.ScaleError`.  ``print(scale)`` shows it as a table; in
    Jupyter it displays as an HTML table.

    Parameters
    ----------
    name : str
        The ladder's name (coded events carry it in ``attrs["scale"]``).
    rungs : sequence of Rung
        The rungs, in any order; kept sorted by level.
    kind_map : mapping of str to str
        Event ``kind`` -> rung key, ``"@depth"``, ``"@text"`` or ``"out_of_scope"``.  A
        rung's own key codes to that rung unless mapped here.
    depth : mapping of str to str
        ``capital``, ``interior``, ``border`` -> rung keys (needed when a kind maps to
        ``"@depth"``).
    text : mapping of str to str
        ``open_war``, ``coercion``, ``rhetoric``, ``talks`` -> rung keys (needed when a
        kind maps to ``"@text"``).
    version, description, reference : str
        Free text: the ladder's version, what it is for, its published source.

    Examples
    --------
    >>> from escalation import EscalationScale
    >>> scale = EscalationScale.default()
    >>> scale["airstrike_capital"].level
    8
    >>> scale.kind_map["shelling"]
    'cross_border_attack'
    >>> tiny = EscalationScale("tiny", [Rung("talks", -1, "Talks"), Rung("clash", 3, "Clash", is_kinetic=True)],
    ...                        kind_map={"firefight": "clash"})
    >>> tiny.keys, tiny.kind_map["firefight"]
    (['talks', 'clash'], 'clash')
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
        # immutable: nothing to copy
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
        cycle = _kind_cycle(kinds, set(keys))
        if cycle:
            raise ScaleError(f"{where}: kinds form a cycle ({' -> '.join(cycle)}): a rung's own "
                             "kind would code as another rung whose kind codes back")
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
        """Build a ladder from the structure a TOML file parses to (every key checked).

        Parameters
        ----------
        spec : mapping
            The parsed file: top-level keys ``name``, ``version``, ``description``,
            ``reference``, ``rungs`` (a list of tables), ``kinds``, ``depth``, ``text``.
        source : str
            What to call the ladder in error messages (a file name); its stem is the
            ladder's name when ``spec`` has none.

        Returns
        -------
        EscalationScale

        Raises
        ------
        ScaleError
            An unknown key (with the closest known one suggested), a value of the wrong
            type, a level outside -100..100, or a ladder that does not hold together.

        Examples
        --------
        >>> scale = EscalationScale.from_dict({"rungs": [{"key": "talks", "level": -1},
        ...                                              {"key": "clash", "level": 3}]},
        ...                                   source="mine.toml")
        >>> scale.name, scale.keys
        ('mine', ['talks', 'clash'])
        >>> EscalationScale.from_dict({"rungs": [{"key": "clash", "level": 3, "is_kinetc": True}]})
        Traceback (most recent call last):
        ...
        escalation.errors.ScaleError: <dict>: [[rungs]] entry 1 ('clash'): unknown key 'is_kinetc' (did you mean 'is_kinetic'?); known keys: key, level, name, description, is_kinetic, is_dyadic
        """
        _check_ladder_spec(spec, source)
        rungs = tuple(
            Rung(key=r["key"], level=r["level"], name=r.get("name", r["key"]),
                 description=r.get("description", ""), is_kinetic=r.get("is_kinetic", False),
                 is_dyadic=r.get("is_dyadic", True))
            for r in spec["rungs"]
        )
        try:
            return cls(name=spec.get("name", Path(source).stem), rungs=rungs,
                       kind_map=dict(spec.get("kinds", {})), depth=dict(spec.get("depth", {})),
                       text=dict(spec.get("text", {})), version=spec.get("version", ""),
                       description=spec.get("description", ""),
                       reference=spec.get("reference", ""))
        except ScaleError as exc:
            raise ScaleError(f"{source}: {exc}") from None

    def to_dict(self) -> dict:
        """The ladder as the plain structure :meth:`from_dict` reads (a TOML file's shape).

        Coded events and series carry this in ``attrs["ladder"]``: plain data that
        ``DataFrame.to_parquet`` can store and :func:`escalation.aggregates.scale_for`
        turns back into the ladder, so a user's own ladder survives a Parquet round trip.

        Returns
        -------
        dict
            ``name``, ``version``, ``description``, ``reference``, ``rungs`` (a list of
            tables), ``kinds`` (without a rung's own key mapping to itself), ``depth``,
            ``text``.

        Examples
        --------
        >>> scale = EscalationScale.mid_hostility()
        >>> EscalationScale.from_dict(scale.to_dict()) == scale
        True
        """
        keys = set(self.keys)
        return {
            "name": self.name, "version": self.version, "description": self.description,
            "reference": self.reference,
            "rungs": [{"key": r.key, "level": r.level, "name": r.name, "description": r.description,
                       "is_kinetic": r.is_kinetic, "is_dyadic": r.is_dyadic} for r in self.rungs],
            "kinds": {k: v for k, v in self.kind_map.items() if not (k == v and k in keys)},
            "depth": dict(self.depth), "text": dict(self.text),
        }

    @classmethod
    def from_toml(cls, path: str | Path) -> EscalationScale:
        """Load a ladder from a TOML file (see ``escalation/ladders/default.toml``).

        Parameters
        ----------
        path : str or Path
            A UTF-8 TOML file in the ladder format (this module's docstring).

        Returns
        -------
        EscalationScale

        Raises
        ------
        ScaleError
            Text that is not UTF-8 or not TOML, or any problem :meth:`from_dict` finds;
            the message names the file.
        InputNotFoundError
            The file does not exist.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "border.toml"
        >>> _ = path.write_text('''
        ... name = "border"
        ... [[rungs]]
        ... key = "patrol_standoff"
        ... level = 1
        ... [[rungs]]
        ... key = "firefight"
        ... level = 2
        ... is_kinetic = true
        ... [kinds]
        ... exchange_of_fire = "firefight"
        ... ''')
        >>> scale = EscalationScale.from_toml(path)
        >>> scale.keys, scale.kind_map["exchange_of_fire"]
        (['patrol_standoff', 'firefight'], 'firefight')
        """
        from ._io import input_file

        path = input_file(path, "a ladder TOML file")
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            raise ScaleError(f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} on line "
                             f"{line}); save the ladder as UTF-8") from None
        try:
            spec = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ScaleError(f"{path}: not valid TOML: {exc}") from None
        if "rungs" not in spec:
            raise ScaleError(f"{path}: no [[rungs]] table")
        return cls.from_dict(spec, source=str(path))

    @classmethod
    def shipped(cls, name: str) -> EscalationScale:
        """A ladder shipped with the package: ``"default"`` or ``"mid_hostility"``.

        Parameters
        ----------
        name : str
            The file's stem in ``escalation/ladders/``.

        Returns
        -------
        EscalationScale

        Examples
        --------
        >>> EscalationScale.shipped("mid_hostility").keys[-1]
        'war'
        """
        res = resources.files("escalation").joinpath(f"ladders/{name}.toml")
        if not res.is_file():
            raise ScaleError(f"no shipped ladder named '{name}'")
        return cls.from_dict(tomllib.loads(res.read_text("utf-8")), source=f"ladders/{name}.toml")

    @classmethod
    def default(cls) -> EscalationScale:
        """The package's default ladder, from ceasefire (-2) to interstate war (10).

        Loaded once and shared (it is immutable).

        Returns
        -------
        EscalationScale

        Examples
        --------
        >>> [(r.level, r.key) for r in EscalationScale.default().rungs][-3:]
        [(8, 'airstrike_capital'), (9, 'open_war'), (10, 'interstate_war')]
        """
        return _default()

    @classmethod
    def mid_hostility(cls) -> EscalationScale:
        """The Correlates of War MID hostility levels 1-5 as a ladder.

        Palmer et al. (2022), *The MID5 dataset, 2011-2014*, Conflict Management and
        Peace Science 39(4).  Events coded by their MID action (see
        :func:`escalation.importers.mid_kinds`) land on the hostility level of that
        action.

        Returns
        -------
        EscalationScale

        Examples
        --------
        >>> [r.level for r in EscalationScale.mid_hostility().rungs]
        [1, 2, 3, 4, 5]
        """
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
        """Rung keys from lowest to highest level (a context rung after the dyadic one it shares a level with)."""
        return [r.key for r in self.rungs]

    @property
    def rung_dtype(self) -> pd.CategoricalDtype:
        """Categorical dtype of the rung keys (lowest level first), then the reserved codes."""
        return pd.CategoricalDtype(self.keys + list(RESERVED), ordered=False)

    def to_frame(self) -> pd.DataFrame:
        """The rungs as a tidy table.

        Returns
        -------
        DataFrame
            One row per rung, lowest level first: ``key``, ``level``, ``name``,
            ``description``, ``is_kinetic``, ``is_dyadic``.

        Examples
        --------
        >>> EscalationScale.mid_hostility().to_frame()[["key", "level"]].tail(2).values.tolist()
        [['use_of_force', 4], ['war', 5]]
        """
        return pd.DataFrame([r.__dict__ for r in self.rungs])

    # -- display -----------------------------------------------------------------------
    def _kinds_by_rung(self) -> dict[str, list[str]]:
        """The kinds that code to each rung (a rung's own key left out), and to each derivation."""
        out: dict[str, list[str]] = {}
        for kind, target in self.kind_map.items():
            if kind != target:
                out.setdefault(target, []).append(kind)
        return out

    def _title(self) -> str:
        version = f" v{self.version}" if self.version else ""
        return f"EscalationScale {self.name!r}{version}: {len(self.rungs)} rungs"

    def __repr__(self) -> str:
        """The ladder as a table, highest rung first (what ``print(scale)`` shows).

        Examples
        --------
        >>> from escalation import EscalationScale
        >>> print(repr(EscalationScale.mid_hostility()).splitlines()[0])
        EscalationScale 'mid_hostility' v5.0: 5 rungs
        """
        kinds = self._kinds_by_rung()
        rows = [(str(r.level), r.key, r.name, "yes" if r.is_kinetic else "",
                 "" if r.is_dyadic else "no") for r in reversed(self.rungs)]
        header = ("level", "rung", "name", "kinetic", "dyadic")
        widths = [max(len(x) for x in col) for col in zip(header, *rows)]
        widths[2] = min(widths[2], 40)
        line = lambda cells: "  ".join(  # noqa: E731
            (c if len(c) <= w else c[:w - 1] + "…").rjust(w) if i == 0 else
            (c if len(c) <= w else c[:w - 1] + "…").ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
        lines = [self._title(), line(header), *(line(r) for r in rows)]
        derived = [f"{n} kinds by {how}" for how, n in
                   (("depth", len(kinds.get(DERIVE_DEPTH, []))), ("text", len(kinds.get(DERIVE_TEXT, []))))
                   if n]
        mapped = sum(len(v) for v in kinds.values())
        lines.append(f"{mapped} kinds mapped" + (f" ({', '.join(derived)})" if derived else ""))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The ladder as an HTML table for Jupyter, every text escaped."""
        import html

        kinds = self._kinds_by_rung()
        esc = lambda x: html.escape(str(x))  # noqa: E731
        body = "".join(
            f"<tr><td style='text-align:right'>{r.level}</td><td><code>{esc(r.key)}</code></td>"
            f"<td>{esc(r.name)}</td><td>{'yes' if r.is_kinetic else ''}</td>"
            f"<td>{'' if r.is_dyadic else 'no'}</td><td>{esc(', '.join(kinds.get(r.key, [])))}</td>"
            f"<td>{esc(r.description)}</td></tr>"
            for r in reversed(self.rungs))
        derived = "".join(
            f"<li><code>{esc(how)}</code>: {esc(', '.join(kinds[how]))}</li>"
            for how in (DERIVE_DEPTH, DERIVE_TEXT, OUT_OF_SCOPE) if kinds.get(how))
        about = " ".join(esc(x) for x in (self.description, self.reference) if x)
        return (f"<div><p><b>{esc(self._title())}</b>{'<br>' + about if about else ''}</p>"
                "<table><thead><tr><th>level</th><th>rung</th><th>name</th><th>kinetic</th>"
                "<th>dyadic</th><th>kinds</th><th>description</th></tr></thead>"
                f"<tbody>{body}</tbody></table>"
                + (f"<p>Kinds derived or set aside:</p><ul>{derived}</ul>" if derived else "")
                + "</div>")


def _unknown(key: str, known) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    return f"unknown key '{key}'" + (f" (did you mean '{close[0]}'?)" if close else "") + \
        f"; known keys: {', '.join(known)}"


def _type_name(kind: type) -> str:
    return {str: "text (in quotes)", int: "a whole number", bool: "true or false",
            list: "an array of tables ([[...]])", dict: "a table ([...])"}[kind]


def _check_value(value, kind: type, where: str) -> None:
    # bool is an int in Python: a level of true is refused, as is a float
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if not ok:
        raise ScaleError(f"{where} must be {_type_name(kind)}, got {value!r}")


def _check_ladder_spec(spec, source: str) -> None:
    """Every key known, every value of its type, levels whole numbers in range."""
    if not isinstance(spec, Mapping):
        raise ScaleError(f"{source}: a ladder is a table of keys, got {type(spec).__name__}")
    for key, value in spec.items():
        if key not in LADDER_KEYS:
            raise ScaleError(f"{source}: {_unknown(key, LADDER_KEYS)}")
        _check_value(value, LADDER_KEYS[key], f"{source}: '{key}'")
    if "rungs" not in spec or not spec["rungs"]:
        raise ScaleError(f"{source}: no [[rungs]] table")
    for i, rung in enumerate(spec["rungs"], start=1):
        where = f"{source}: [[rungs]] entry {i}"
        if not isinstance(rung, Mapping):
            raise ScaleError(f"{where} must be a table, got {rung!r}")
        if "key" in rung:
            where += f" ('{rung['key']}')"
        missing = [k for k in ("key", "level") if k not in rung]
        if missing:
            raise ScaleError(f"{where}: every [[rungs]] entry needs 'key' and 'level' "
                             f"(missing {', '.join(repr(m) for m in missing)})")
        for key, value in rung.items():
            if key not in RUNG_KEYS:
                raise ScaleError(f"{where}: {_unknown(key, RUNG_KEYS)}")
            _check_value(value, RUNG_KEYS[key], f"{where}: '{key}'")
        if not rung["key"].strip():
            raise ScaleError(f"{where}: 'key' is empty")
        lo, hi = LEVEL_RANGE
        if not lo <= rung["level"] <= hi:
            raise ScaleError(f"{where}: 'level' must lie between {lo} and {hi}, got {rung['level']}")
    for table, allowed in (("kinds", None), ("depth", DEPTH_KEYS), ("text", TEXT_KEYS)):
        for key, value in spec.get(table, {}).items():
            if allowed is not None and key not in allowed:
                raise ScaleError(f"{source}: [{table}] {_unknown(key, allowed)}")
            _check_value(value, str, f"{source}: [{table}] '{key}'")


def _kind_cycle(kinds: Mapping[str, str], rung_keys: set[str]) -> list[str]:
    """A cycle of rung keys whose kinds map to one another (``a -> b -> a``), or ``[]``."""
    for start in sorted(rung_keys):
        path, node = [start], kinds.get(start)
        while node in rung_keys and node != path[-1]:
            if node in path:
                return path[path.index(node):] + [node]
            path.append(node)
            node = kinds.get(node)
    return []


_DEFAULT: EscalationScale | None = None


def _default() -> EscalationScale:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = EscalationScale.shipped("default")
    return _DEFAULT
