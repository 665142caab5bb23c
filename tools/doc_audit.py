"""List public callables whose docstring lacks a numpydoc section.

    python tools/doc_audit.py                    # every public module of escalation
    python tools/doc_audit.py escalation.stats   # one module or package
    python tools/doc_audit.py --private          # private modules' public names too

A public callable is a function or class a public module defines (its ``__all__`` when it
has one, else every name without a leading underscore), and a public method of such a
class.  The rules (numpydoc):

- every one has a docstring;
- a function or method with parameters (other than ``self``/``cls``) has ``Parameters``;
- a function or method that returns something (its annotation is not ``None``) has
  ``Returns`` (or ``Yields``);
- every function, method and class has ``Examples`` (run by ``--doctest-modules``);
- a class whose constructor takes parameters documents them under ``Parameters`` or
  ``Attributes``; an exception class needs a docstring saying when it is raised.

Dunder methods, properties and methods inherited from elsewhere are not checked (a
property needs only a docstring).  Exit status 1 when anything is missing.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import inspect
import pkgutil
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _section(doc: str, *names: str) -> bool:
    return any(re.search(rf"^\s*{n}\s*\n\s*-{{3,}}\s*$", doc, re.M) for n in names)


def modules(prefix: str = "escalation", private: bool = False) -> list[str]:
    """Importable module names under ``prefix`` (a module or a package)."""
    sys.path.insert(0, str(ROOT))
    package = importlib.import_module(prefix)
    names = [prefix]
    if hasattr(package, "__path__"):
        names += [m.name for m in pkgutil.walk_packages(package.__path__, prefix + ".")]
    out = []
    for name in names:
        parts = name.split(".")
        if name.endswith("__main__"):
            continue
        if not private and any(p.startswith("_") for p in parts):
            continue
        out.append(name)
    return out


def public_objects(module):
    """(name, object) pairs a module defines and makes public."""
    exported = getattr(module, "__all__", None)
    names = exported if exported is not None else [n for n in vars(module) if not n.startswith("_")]
    for name in names:
        obj = getattr(module, name, None)
        if obj is not None and not inspect.isclass(obj):
            obj = inspect.unwrap(obj)  # functools.lru_cache and other wrappers
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        home = getattr(obj, "__module__", "") or ""
        # checked where it is defined, unless that is a private module this one exports from
        private_home = any(p.startswith("_") for p in home.split("."))
        if home != module.__name__ and not (exported is not None and private_home
                                            and home.startswith(module.__name__ + ".")):
            continue
        yield name, obj


def _params(func) -> list[str]:
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return []
    return [p for p in sig.parameters if p not in ("self", "cls")]


def _returns_something(func) -> bool:
    try:
        ann = inspect.signature(func).return_annotation
    except (TypeError, ValueError):
        return True
    return ann not in (None, "None") and ann is not inspect.Signature.empty or \
        ann is inspect.Signature.empty and "return " in _source(func)


def _source(func) -> str:
    try:
        return inspect.getsource(func)
    except (OSError, TypeError):
        return ""


def check_function(func, where: str) -> list[str]:
    doc = inspect.getdoc(func) or ""
    if not doc:
        return [f"{where}: no docstring"]
    missing = []
    if _params(func) and not _section(doc, "Parameters"):
        missing.append("Parameters")
    if _returns_something(func) and not _section(doc, "Returns", "Yields"):
        missing.append("Returns")
    if not _section(doc, "Examples"):
        missing.append("Examples")
    return [f"{where}: no {', '.join(missing)}"] if missing else []


def check_class(cls, where: str) -> list[str]:
    doc = inspect.getdoc(cls) or ""
    if cls.__doc__ is None or (not doc):
        return [f"{where}: no docstring"]
    if issubclass(cls, BaseException):
        return []
    problems = []
    missing = []
    init_params = [] if cls.__init__ is object.__init__ else _params(cls.__init__)
    if dataclasses.is_dataclass(cls):
        init_params = [f.name for f in dataclasses.fields(cls) if f.init]
    if init_params and not _section(doc, "Parameters", "Attributes"):
        missing.append("Parameters/Attributes")
    if not _section(doc, "Examples"):
        missing.append("Examples")
    if missing:
        problems.append(f"{where}: no {', '.join(missing)}")
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(member, (classmethod, staticmethod)):
            member = member.__func__
        if isinstance(member, property):
            if not (member.__doc__ or "").strip():
                problems.append(f"{where}.{name}: property without a docstring")
            continue
        if inspect.isfunction(member):
            problems += check_function(member, f"{where}.{name}")
    return problems


def audit(prefixes: list[str], private: bool = False, recursive: bool = True) -> dict[str, list[str]]:
    """Missing sections per module, ``{module: [problems]}`` (modules with none left out).

    Each prefix is a module, with (``recursive``) or without its submodules.
    """
    found: dict[str, list[str]] = {}
    for prefix in prefixes:
        for name in (modules(prefix, private) if recursive else [prefix]):
            module = importlib.import_module(name)
            problems = []
            for obj_name, obj in public_objects(module):
                where = f"{name}.{obj_name}"
                problems += check_class(obj, where) if inspect.isclass(obj) else check_function(obj, where)
            if problems:
                found[name] = problems
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefixes", nargs="*", default=["escalation"])
    parser.add_argument("--private", action="store_true",
                        help="also modules whose names start with an underscore")
    args = parser.parse_args(argv)
    found = audit(args.prefixes, args.private)
    total = 0
    for module, problems in found.items():
        print(module)
        for p in problems:
            print("  " + p.removeprefix(module + "."))
        total += len(problems)
    print(f"{total} public callables lack a section" if total else "every public callable is documented")
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
