"""Every public callable has a numpydoc docstring: parameters, returns, a runnable example.

The rules are in ``tools/doc_audit.py`` (``python tools/doc_audit.py`` lists what is
missing); the examples themselves run under ``--doctest-modules``.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if not (ROOT / "tools" / "doc_audit.py").is_file():
    pytest.skip("not a source checkout: tools/ is not here", allow_module_level=True)
sys.path.insert(0, str(ROOT / "tools"))
doc_audit = importlib.import_module("doc_audit")

def test_every_public_callable_is_documented():
    found = doc_audit.audit(doc_audit.modules("escalation"), recursive=False)
    problems = [p for ps in found.values() for p in ps]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("doc, missing", [
    ("Do it.", ["Parameters", "Returns", "Examples"]),
    ("Do it.\n\nParameters\n----------\nx : int\n\nReturns\n-------\nint\n", ["Examples"]),
    ("Do it.\n\nParameters\n----------\nx : int\n\nReturns\n-------\nint\n\n"
     "Examples\n--------\n>>> f(1)\n1\n", []),
])
def test_the_audit_finds_missing_sections(doc, missing):
    def f(x: int) -> int:
        return x

    f.__doc__ = doc
    problems = doc_audit.check_function(f, "f")
    assert problems == ([f"f: no {', '.join(missing)}"] if missing else [])


def test_the_audit_needs_no_returns_for_procedures():
    def g(x: int) -> None:
        """Do it.

        Parameters
        ----------
        x : int

        Examples
        --------
        >>> g(1)
        """

    assert doc_audit.check_function(g, "g") == []
