"""Text: casualty claims and official statements from news articles.

- :mod:`.numbers`: quantities in running text (digits, number words, qualifiers);
- :mod:`.attribution`: states, organisations, offices and speakers (tables in ``tables/``);
- :mod:`.casualties`: a quantity bound to an outcome and to whose people;
- :mod:`.quotes`: quotations in any quotation marks, told apart from apostrophes;
- :mod:`.extract`: :func:`extract_claims` and :func:`extract_statements`.

The tables are read on first use, so importing this package costs nothing.
"""

from .extract import CLAIM_COLUMNS, STATEMENT_COLUMNS, extract_claims, extract_statements

__all__ = ["CLAIM_COLUMNS", "STATEMENT_COLUMNS", "extract_claims", "extract_statements"]
