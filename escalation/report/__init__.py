"""``python -m escalation.report``: every figure and table, from the bundled data or a user's files.

Without ``--events`` it regenerates the bundled report into ``figures/``.  With
``--events FILE`` (the package's event schema, an ACLED export or a UCDP GED file;
``--format`` names GDELT) and ``--out DIR``, it draws the generic figures of that file
(the ladder timeline, the series per direction with change points, claim discrepancies
when ``--claims`` is given, retaliation when there are enough events, the event map when
events have coordinates) with titles, captions and alt text made from its data, on the
``--ladder`` given, per ``--freq`` period, for every dyad or the ``--dyad`` asked.  The
published series of the bundled data (PICSS, UNAMA, the running claims) are drawn only
for the bundled data.

Writes, into ``--out`` (default ``figures/``):

- every figure in each format asked for (``png``, ``svg``, ``pdf``), byte-identical from run
  to run on the same plotting stack (pinned in ``requirements-lock.txt``);
- each figure's data as CSV (``data/<figure>.csv``);
- summary tables as CSV and Markdown (``tables/``): discrepancy pairs, trend, reciprocity
  and retaliation results, the coding summary, the reference cases;
- ``index.md``, a gallery with captions, sources and alt text, and ``index.html``, the
  same as one self-contained page (figures inline, tables, the manifest's summary; it
  loads nothing and reflows to a phone's width);
- ``MANIFEST.json``: arguments, the SHA-256 of every input file (the bundled data's, or
  the user's files), the versions of Python, FreeType and every library whose version can
  change an output, output hashes and the sources.

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

Layout: :mod:`.inputs` (reading a user's files), :mod:`.figures` (the registry of figures
and tables), :mod:`.texts` (captions and alt text from the data), :mod:`.build` (generate
and check), :mod:`.writer` (cells, manifest, the folder swap), :mod:`.gallery`
(``index.md``, ``index.html``), :mod:`.cli` (arguments).
"""

from .build import check, generate, versions
from .cli import build_parser, main
from .figures import CLAIMS_NOTE, CREDIT, FIGURES, Context, Drawn, FigureSpec, figures_for, tables
from .writer import FORMATS, MANIFEST, ReportError

__all__ = ["CLAIMS_NOTE", "CREDIT", "FIGURES", "FORMATS", "MANIFEST", "Context", "Drawn", "FigureSpec",
           "ReportError", "build_parser", "check", "figures_for", "generate", "main", "tables", "versions"]
