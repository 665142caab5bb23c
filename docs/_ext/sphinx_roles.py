"""A griffe extension: Sphinx roles in docstrings become mkdocstrings cross-references.

The package's docstrings use numpydoc's Sphinx roles (``:func:`escalation.build_series```,
``:class:`~escalation.errors.DataValidationError```), which also read well in ``help()``.
For the site they are rewritten, before the docstring is parsed, into autorefs links to
the object's canonical path (``[`build_series`][escalation.series.build_series]``): the
site documents each object once, in the module that defines it, and a public alias
(``escalation.build_series``) or a name relative to the docstring's module or class
(``:func:`code_events```) is resolved by importing it.  A reference that resolves to
nothing the site documents stays a link to nothing: autorefs warns, and
``mkdocs build --strict`` fails.  References to the standard library and to other
packages, and to private modules, are shown as code (no inventories are fetched: the
build is offline).  Module attributes documented with Sphinx's ``#:`` comments get those
comments as their docstrings, so that they appear on the site and can be linked to.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from pathlib import Path

import griffe

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|data|attr|exc|obj|const):`(~?)([^`<>]+?)`")
PACKAGE = "escalation"


def _lookup(path: str):
    """The object at a dotted path, importing modules on the way (or None)."""
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        try:
            for name in parts[i:]:
                obj = getattr(obj, name)
        except AttributeError:
            return None
        return obj
    return None


def _canonical(obj, fallback: str) -> str:
    if inspect.ismodule(obj):
        return obj.__name__
    module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    if isinstance(obj, property):
        return fallback
    if module and qualname and "<" not in qualname:
        return f"{module}.{qualname}"
    return fallback


def resolve(target: str, scopes: list[str]) -> str | None:
    """The canonical path of ``target`` (absolute, or relative to one of ``scopes``)."""
    candidates = [target] if target.startswith(PACKAGE + ".") or target == PACKAGE else \
        [f"{scope}.{target}" for scope in scopes]
    for path in candidates:
        obj = _lookup(path)
        if obj is not None:
            if not inspect.ismodule(obj) and not callable(obj) and not isinstance(obj, type):
                return path  # a constant: documented where the path says
            return _canonical(obj, path)
    return None


def rewrite(text: str, scopes: list[str] | None = None) -> str:
    """Replace every Sphinx role in ``text`` by an autorefs link or plain code."""
    scopes = scopes or []

    def link(m: re.Match) -> str:
        short, target = m.group(1) == "~", m.group(2).strip().lstrip(".")
        label = target.rsplit(".", 1)[-1] if short else target
        if any(part.startswith("_") for part in target.split(".")):
            return f"`{label}`"  # private: not on the site
        if not (target.startswith(PACKAGE + ".") or target == PACKAGE):
            resolved = resolve(target, scopes)
            if resolved is None:  # the standard library, pandas, numpy, ...
                return f"`{label}`"
        else:
            resolved = resolve(target, scopes) or target
        return f"[`{label}`][{resolved}]"

    return ROLE.sub(link, text)


def _scopes(obj: griffe.Object) -> list[str]:
    """Where a relative name in ``obj``'s docstring is looked up: its class, then its module."""
    scopes = []
    node = obj
    while node is not None:
        if node.kind in (griffe.Kind.CLASS, griffe.Kind.MODULE):
            scopes.append(node.path)
        node = node.parent
    return scopes


def _comment_docstring(obj: griffe.Object) -> str | None:
    """The ``#:`` comment lines just above a module or class attribute (Sphinx's style)."""
    if obj.lineno is None or obj.filepath is None or isinstance(obj.filepath, list):
        return None
    lines = Path(obj.filepath).read_text("utf-8").splitlines()
    found = []
    i = obj.lineno - 2
    while i >= 0 and lines[i].strip().startswith("#:"):
        found.append(lines[i].strip()[2:].strip())
        i -= 1
    return " ".join(reversed(found)) or None


class SphinxRoles(griffe.Extension):
    """Rewrite the Sphinx roles of every docstring griffe loads; read ``#:`` comments."""

    def on_instance(self, *, obj: griffe.Object, **kwargs) -> None:
        if obj.docstring is None and obj.kind is griffe.Kind.ATTRIBUTE:
            text = _comment_docstring(obj)
            if text:
                obj.docstring = griffe.Docstring(text, parent=obj)
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj.docstring.value, _scopes(obj))
