"""Quotations in news text: where the quoted words are, whatever marks enclose them.

News English quotes with double marks (``"…"``, ``“…”``, the American and wire style) or
single marks (``'…'``, ``‘…’``, the British style), and the single marks are also the
apostrophe (``it's``, ``Pakistan's``, ``the soldiers' families``).  :func:`find_quotations`
tells them apart by position alone:

- a single mark *opens* a quotation after a space, a bracket, a dash or a colon and before
  a word ("said: 'Now"), never inside a word or before an elision ("'90s", "'em");
- it *closes* one before a space, punctuation or the end of the line, after a word or
  punctuation ("us,' he said"), except "s'" followed by a word that is not a function
  word, which is a plural possessive ("the soldiers' families");
- a quotation stays within its paragraph (line), except the British convention for a
  quotation running over several paragraphs: a paragraph that ends a sentence without
  closing the quotation, followed by one that opens with a quotation mark.

A quotation inside another (single marks inside double, or the reverse) is part of the
outer one and is not listed.
"""

from __future__ import annotations

import re

# Each pattern starts with the mark itself, so a search skips plain text quickly; what
# may stand before the mark is checked in Python.
_DOUBLE_MARK = re.compile(r"[“\"]")
_DOUBLE = re.compile(r"“([^”]{1,3000})”|\"([^\"\n]{1,3000})\"")
#: A single mark that may open (after a space, bracket, dash, colon or double mark, see
#: ``_OPEN_AFTER``), before a word; not an elision at a word's start.
_OPEN_SINGLE = re.compile(r"['‘](?=[^\s'‘’,.;:!?)\]])(?!(?:em|til|tis|twas|cause|n|\d\ds?)\b)",
                          re.IGNORECASE)
_OPEN_AFTER = frozenset(" \t\n\r\u00a0([—–:;\"“/-")
#: A single mark that may close (after a non-space): not inside a word.
_CLOSE_SINGLE = re.compile(r"['’](?!\w)")
_NEXT = re.compile(r"[ \t]*(\S?)([A-Za-z]*)")
#: Words that may follow a closing mark directly ("'open war' and", "'...' he said").
_FUNCTION_WORDS = frozenset(
    "and or but nor he she they it we i you as in on at to for of from with by that which who "
    "was were is are be been had has have said says told added adds the a an his her its their "
    "our after before while when if than because according amid over against between into "
    "during since until so then this these those".split())
_SENTENCE_END = re.compile(r"[.!?…][\"”’']?\s*$")


def _closes(text: str, pos: int) -> bool:
    """Is the single mark at ``pos`` a closing quotation mark rather than an apostrophe?"""
    prev = text[pos - 1]
    nxt = _NEXT.match(text, pos + 1)
    first, word = nxt.group(1), nxt.group(2)
    if not first or not (first.isalpha()):
        return True  # end of line, punctuation, a digit or another mark follows
    if prev.lower() != "s" or not prev.isalpha():
        return True
    # "s'" + word: a plural possessive ("the soldiers' families") unless a function
    # word or a capitalised word (a name after the quotation) follows
    return (first + word).lower() in _FUNCTION_WORDS or first.isupper()


def _single_quotations(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    n = len(text)
    searched = (0, 0)  # a stretch already searched for a closing mark in vain
    while True:
        m = _OPEN_SINGLE.search(text, pos)
        if m is None:
            return out
        if m.start() > 0 and text[m.start() - 1] not in _OPEN_AFTER:
            pos = m.end()
            continue
        start = m.end()
        line_end = text.find("\n", start)
        line_end = n if line_end < 0 else line_end
        limit = min(line_end, start + 3000)
        close = None
        # marks that failed to close for an earlier opening mark fail for this one too
        first = searched[1] if searched[0] <= start < searched[1] else start + 1
        for c in _CLOSE_SINGLE.finditer(text, first, limit + 1 if limit < n else n):
            if not text[c.start() - 1].isspace() and _closes(text, c.start()):
                close = c.start()
                break
        if close is not None:
            out.append((start, close))
            pos = close + 1
            continue
        searched = (start, max(limit, first))
        # a quotation running on into the next paragraph, which reopens it
        rest = text[line_end:line_end + 4].lstrip("\n")
        if line_end < n and _SENTENCE_END.search(text, start, line_end) and rest[:1] in ("'", "‘"):
            out.append((start, len(text[:line_end].rstrip())))
        pos = start
    return out


def find_quotations(text: str) -> list[tuple[int, int]]:
    """The spans of the quoted words (marks excluded), left to right.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of tuple of int
        ``(start, end)`` of the words between the marks; nested quotations are left out.

    Examples
    --------
    >>> t = "Asif said: 'Now it's open war.' The soldiers' families wept. “We mourn,” she said."
    >>> [t[a:b] for a, b in find_quotations(t)]
    ["Now it's open war.", 'We mourn,']
    >>> find_quotations("Pakistan's army and the rebels' leaders met in the '90s.")
    []
    """
    spans = []
    pos = 0
    curly_close = -1  # the next closing curly mark (found once, not once per opening one)
    while True:
        mark = _DOUBLE_MARK.search(text, pos)
        if mark is None:
            break
        at = mark.start()
        if text[at] == "“":
            if curly_close <= at:
                curly_close = text.find("”", at + 1)
                curly_close = len(text) + 1 if curly_close < 0 else curly_close
            if curly_close - at > 3001:
                pos = at + 1
                continue
        m = _DOUBLE.match(text, at)
        # a straight mark glued to a word's end closes, never opens
        if m is None or (m.group(2) is not None and at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_")):
            pos = at + 1
            continue
        g = 1 if m.group(1) is not None else 2
        spans.append((m.start(g), m.end(g)))
        pos = m.end()
    if "'" in text or "‘" in text:
        spans += _single_quotations(text)
    # a quotation inside (or crossing) an earlier one is part of it: "…'go'…", '…"go"…'
    kept: list[tuple[int, int]] = []
    reach = -1
    for a, b in sorted(spans, key=lambda s: (s[0], -s[1])):
        if a > reach:
            kept.append((a, b))
            reach = b
    return kept
