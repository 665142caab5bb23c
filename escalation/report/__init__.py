"""``python -m escalation.report``: regenerate every figure and table from the bundled data.

Writes, into ``--out`` (default ``figures/``):

- every figure in each format asked for (``png``, ``svg``, ``pdf``), byte-identical from run
  to run on the same plotting stack (pinned in ``requirements-lock.txt``);
- each figure's data as CSV (``data/<figure>.csv``);
- summary tables as CSV and Markdown (``tables/``): discrepancy pairs, trend, reciprocity
  and retaliation results, the coding summary, the reference cases;
- ``index.md``, a gallery with captions, sources and alt text;
- ``MANIFEST.json``: arguments, input hashes, the versions of Python, FreeType and every
  library whose version can change an output, output hashes and the sources.

Text cells that a spreadsheet would run as formulas are escaped (a leading ``'``), and
Markdown cells escape ``|`` and HTML.

The outputs are written into a new folder beside ``--out`` and swapped in whole: a run
that fails, or is killed at any moment, leaves ``--out`` with the complete old outputs
or the complete new ones, and the next run removes what a killed run left.  An
``--out`` holding files its ``MANIFEST.json`` does not list is refused (``--force``
replaces them); nothing outside ``--out`` is touched.

``--check [DIR]`` regenerates into a temporary folder and compares with ``DIR`` (default:
``--out`` when given, else ``figures/``; both, naming different folders, is an error):
data and tables first (exactly), then images.  It exits 1 listing what differs, and says
"environment differs" when images differ and the recorded library versions are not the
running ones.  A malformed manifest (not an object, unknown formats, bad arguments, paths
outside the folder) is one clear error, exit 1.

Layout: :mod:`.figures` (the registry of figures and tables), :mod:`.build` (generate and
check), :mod:`.writer` (cells, manifest, the folder swap), :mod:`.gallery` (``index.md``),
:mod:`.cli` (arguments).
"""

from .build import check, generate, versions
from .cli import build_parser, main
from .figures import CLAIMS_NOTE, CREDIT, FIGURES, Context, FigureSpec, tables
from .writer import FORMATS, MANIFEST, ReportError

__all__ = ["CLAIMS_NOTE", "CREDIT", "FIGURES", "FORMATS", "MANIFEST", "Context", "FigureSpec",
           "ReportError", "build_parser", "check", "generate", "main", "tables", "versions"]
