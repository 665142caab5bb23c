"""Readers for the formats researchers hold: ACLED, UCDP GED, GDELT; and the MID crosswalk.

Every reader returns ``Imported(events, report)``: the rows coded onto the ladder (in the
package's event schema, with the source's own codes kept beside them) and an
:class:`ImportReport` whose counts add up: rows read = coded + out of scope + uncoded +
rejected, each rejection with its row and reason.
"""

from ._base import Imported, ImportReport
from .acled import read_acled
from .gdelt import cameo_table, normalise_cameo, read_gdelt
from .mid import mid_crosswalk, mid_kinds
from .ucdp import read_ucdp_ged

__all__ = ["ImportReport", "Imported", "cameo_table", "mid_crosswalk", "mid_kinds",
           "normalise_cameo", "read_acled", "read_gdelt", "read_ucdp_ged"]
