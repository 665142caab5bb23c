"""Published claim-versus-reference ratios, rebuilt with the package's interval arithmetic.

Airwars against the US-led coalition (2015-2017), Taliban claims of 2008, Hezbollah 2006,
the Iran-Iraq war, Russia-Ukraine 2022-23, India-Pakistan 2025 and the Afghanistan-Pakistan
claims of 2025-26, as collected in the project's methods notes (section 3.2) from the
cited pages.  Each row's ratio is recomputed from its published numbers, so the package's
arithmetic can be checked against the ratios the sources (or the notes) state.
"""

from __future__ import annotations

import pandas as pd

from .discrepancy import ratio_bounds
from .intervals import interval_for


def reference_cases(convention: str = "default") -> pd.DataFrame:
    """The published cases with ``claim_low/high``, ``reference_low/high`` and the ratios.

    ``ratio`` uses each stated number moved into its own interval (so it never lies
    outside ``[ratio_low, ratio_high]``); ``stated_ratio`` is the plain arithmetic the
    sources publish.

    Parameters
    ----------
    convention : str
        How vague and approximate qualifiers become intervals (``"default"`` or
        ``"acled_conservative"``).

    Returns
    -------
    DataFrame
        One row per case: the published table ``data/published/claim_reference_cases.csv``
        (``case``, ``claimant``, ``claim_qualifier``, ``claim_number``,
        ``claim_number_to``, ``reference_by``, ``reference_qualifier``,
        ``reference_number``, ``published_ratio_low``, ``published_ratio_high``,
        ``published_ratio_text``, ``source_url``, ``note``), then ``claim_low``,
        ``claim_high``, ``reference_low``, ``reference_high`` (the intervals),
        ``ratio``, ``ratio_low``, ``ratio_high``, ``ratio_kind``, ``log_ratio`` (as
        :func:`~escalation.claims.discrepancy.ratio_bounds` gives them),
        ``stated_ratio``, ``convention`` and ``denial`` (a reference of 0).

    References
    ----------
    1. The project's methods notes, section 3.2, and the pages cited in ``source_url``.

    Examples
    --------
    >>> t = reference_cases()
    >>> row = t.set_index("case").loc["Taliban claims, 2008"]
    >>> round(float(row["ratio"]), 2), row["ratio_kind"]
    (18.25, 'point')
    """
    from ..plots.published import load_published

    cases = load_published("claim_reference_cases")

    def interval(q, n, m):
        iv = interval_for(q, None if pd.isna(n) else n, None if pd.isna(m) else m,
                          convention=convention)
        return iv.low, iv.high

    claim = [interval(q, n, m) for q, n, m in zip(cases["claim_qualifier"], cases["claim_number"],
                                                    cases["claim_number_to"])]
    ref = [interval(q, n, None) for q, n in zip(cases["reference_qualifier"], cases["reference_number"])]
    cases["claim_low"], cases["claim_high"] = zip(*claim)
    cases["reference_low"], cases["reference_high"] = zip(*ref)
    ratios = ratio_bounds(cases["claim_low"], cases["claim_high"], cases["reference_low"],
                          cases["reference_high"], cases["claim_number"], cases["reference_number"])
    out = pd.concat([cases, ratios], axis=1)
    # what sources publish: stated number over stated number ("more than 200" against
    # 9 is "22.2"), which for open-ended claims lies just outside the honest bounds
    # (``ratio`` is at least 201 / 9 = 22.33)
    out["stated_ratio"] = cases["claim_number"] / cases["reference_number"].where(cases["reference_number"] != 0)
    out["convention"] = convention
    out["denial"] = out["reference_high"] == 0
    return out


