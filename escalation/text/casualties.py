"""Casualty mentions in a sentence: a quantity tied to an outcome and to whose people.

A mention is a quantity (:mod:`.numbers`) bound to one of the claims table's outcomes
(``killed``, ``wounded``, ``captured``, ``missing``) by its position in the sentence:

- *post*: "58 Pakistani soldiers were killed", "408 killed", "47 deaths", "four people dead";
- *pre*: "killing 19 Pakistani soldiers", "the deaths of 42 civilians";
- *toll*: "a death toll of at least 47", "the number of injured stood at 162";
- *shared*: a list with one verb, "13 soldiers and 76 civilians have been killed",
  "killing 13 soldiers and five civilians";
- *included*: a breakdown, "89 were killed, including 13 soldiers and five civilians".

The words after the quantity (its noun phrase) say whose people: nationality words,
states and organisations (:mod:`.attribution`) and the person nouns below, which give
``subject_category``.  A quantity whose noun phrase ends in anything but a person ("three
drones", "two days") is not a casualty mention: nothing is read from words that are not
there.  "Killed or wounded" counts both together and is left out: it is neither figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .attribution import Mention, _alternation, find_mentions, lexicon
from .numbers import Quantity

_I = re.IGNORECASE

#: person nouns and the subject category they give; ``combatant`` defers to the
#: organisation or nationality beside it (an Afghan fighter is military, a bare
#: "fighter" a militant); ``people`` is civilian unless something else is said.
PERSON_NOUNS: dict[str, str] = {}
for _cat, _words in {
    "military": "soldier soldiers troop troops trooper troopers serviceman servicemen "
                "servicemember servicemembers personnel guard guards sepoy sepoys jawan jawans "
                "paratrooper paratroopers marine marines commando commandos policeman policemen "
                "policewoman policewomen police cop cops gendarme gendarmes sailor sailors airman "
                "airmen pilot pilots conscript conscripts reservist reservists cadet cadets "
                "peacekeeper peacekeepers officer officers army forces paramilitaries "
                "border-guards guardsmen guardsman captain major colonel lieutenant sergeant "
                "corporal private privates",
    "militant": "militant militants terrorist terrorists insurgent insurgents rebel rebels "
                "jihadist jihadists extremist extremists khwarij khawarij kharji kharjis khariji "
                "khawarij gunman gunmen attacker attackers assailant assailants separatist "
                "separatists guerrilla guerrillas guerillas bomber bombers infiltrator "
                "infiltrators miscreant miscreants outlaw outlaws bandit bandits dacoits "
                "militia militiamen militiaman mercenary mercenaries",
    "combatant": "fighter fighters operative operatives combatant combatants cadre cadres "
                 "member members commander commanders",
    "civilian": "civilian civilians resident residents villager villagers child children kid kids "
                "boy boys girl girls woman women man men infant infants baby babies toddler "
                "toddlers teen teens teenager teenagers student students pupil pupils worshipper "
                "worshippers worshipers pilgrim pilgrims passenger passengers worker workers "
                "labourer labourers laborer laborers farmer farmers shepherd shepherds journalist "
                "journalists reporter reporters doctor doctors nurse nurses medic medics "
                "paramedic paramedics patient patients refugee refugees migrant migrants "
                "relatives relative tribesman tribesmen elder elders mourner mourners bystander "
                "bystanders shopkeeper shopkeepers driver drivers fisherman fishermen teacher "
                "teachers traders trader inhabitants citizens citizen nationals national "
                "family families minors minor girls' schoolchildren schoolgirl schoolgirls "
                "schoolboy schoolboys",
    "people": "people person persons individual individuals",
}.items():
    for _w in _words.split():
        PERSON_NOUNS[_w] = _cat
#: Heads that refer back to people counted just before ("22 others", "12 of them").
BACK_REFERENCE = {"others", "other", "more", "them", "whom", "ones", "additional", "further"}
#: Words that may sit in a casualty's noun phrase without being its head.
_MODIFIERS = set(
    "the its their our his her of own innocent unarmed young elderly old local foreign security "
    "border paramilitary suspected alleged armed senior junior regular ordinary injured wounded "
    "dead fellow enemy hostile allied affiliated linked regime government state federal "
    "provincial tribal both all some other more additional further fresh another "
    "at least nearly at most active duty serving retired off-duty female male pregnant "
    "school aid health rescue emergency relief air naval ground special elite frontline front-line "
    "army police military defence defense navy national afghan pakistani indian "
    "taliban-linked terror terrorist militant rebel insurgent enemy's civilians' same "
    "and or".split()
)

_OUTCOME_WORDS = {
    "killed": r"killed|dead|died|martyred|slain|perished|neutrali[sz]ed|eliminated|"
              r"lost\s+(?:their|his|her)\s+li(?:ves|fe)|gave\s+(?:their|his|her)\s+li(?:ves|fe)|"
              r"laid\s+down\s+(?:their|his|her)\s+li(?:ves|fe)|embraced\s+(?:martyrdom|shahadat)|"
              r"succumbed\s+to\s+(?:(?:their|his|her)\s+)?(?:injuries|wounds)|deaths?|fatalities|"
              r"martyrs|bodies|killed\s+in\s+action|(?:were|was|been)\s+sent\s+to\s+hell|"
              r"(?:gave|made|offered)\s+the\s+ultimate\s+sacrifice|gunned\s+down|executed|"
              r"beheaded|massacred|assassinated",
    "wounded": r"wounded|injured|hurt|injuries|wounds|sustained\s+(?:\w+\s+)?injuries|"
               r"sustaining\s+(?:\w+\s+)?injuries|"
               r"(?:hospitali[sz]ed|admitted\s+to\s+(?:a\s+)?hospitals?|treated)\s+(?:\w+\s+)?"
               r"(?:with|for)\s+(?:\w+\s+)?(?:injuries|wounds)",
    "captured": r"captured|taken\s+(?:prisoner|captive|alive|hostage)|held\s+captive|"
                r"taken\s+as\s+(?:prisoners?|captives?|hostages?)(?:\s+of\s+war)?|"
                r"taken\s+into\s+captivity|prisoners\s+of\s+war|abducted|kidnapped",
    "missing": r"missing|unaccounted\s+for",
}
#: Any outcome word: the sentences worth reading.
_OUTCOME_STEMS = ("kill dead death died martyr slain perished neutralised neutralized eliminated "
                  "lost lives life toll fatalit bodies wound injur hurt captur taken prisoner hospitali "
                  "captive missing unaccounted succumbed sacrifice hell alive hostage "
                  "losing lose gunned execut behead massacr assassinat abduct kidnap").split()
ANY_OUTCOME = re.compile(r"\b(?:" + _alternation(_OUTCOME_STEMS) + r")", _I)
#: The same, for lower-cased text (faster than a case-insensitive search).
OUTCOME_WORDS = re.compile(r"\b(?:" + _alternation(_OUTCOME_STEMS) + r")")
_POST = re.compile(
    r"\s*(?:(?:were|was|have|has|had|been|are|is|being|got|get|remain|remained|remains|went|"
    r"reportedly|allegedly|also|already|later|all|both|each|now|since|so\s+far|initially|"
    r"subsequently|confirmed|(?:said|believed|suspected|thought|feared|reported|presumed)\s+to\s+have\s+been|"
    r"feared|left|"
    r"lay|found|shot|declared|pronounced|reported|critically|seriously|severely|badly|slightly|"
    r"lightly|fatally|mortally|gravely|allegedly|were\s+also|among\s+(?:those|the))\s+)*"
    r"(?P<o>" + "|".join(f"(?P<{k}>{v})" for k, v in _OUTCOME_WORDS.items()) + r")\b", _I)
# each as a trie of words (a position that starts none fails at once), then phrases
_ACTIVE = {
    "killed": _alternation("killing killed kills kill martyring martyred lost losing loses lose "
                           "executing executed massacring massacred".split())
              + r"|(?:claimed|claiming|claims|took|taking|takes|cost|costing)\s+the\s+lives\s+of|"
              r"gunning\s+down|gunned\s+down",
    "wounded": _alternation("wounding wounded wounds injuring injured injures".split()),
    "captured": _alternation("capturing captured captures took taking abducting abducted "
                             "kidnapping kidnapped".split()),
}
_PRE = re.compile(
    r"(?:(?P<active>" + "|".join(f"(?P<a_{k}>{v})" for k, v in _ACTIVE.items()) + r")"
    r"|(?P<nounof>(?P<n_killed>martyrdom|deaths?|killings?|bodies)|(?P<n_wounded>injur(?:y|ies)|"
    r"wounding)|(?P<n_captured>capture))\s+of)"
    r"\s+(?:(?:a\s+further|another|an\s+additional|a\s+total\s+of|the|some|at\s+least)\s+)?[\"“‘']?$", _I)
_TOLL = re.compile(
    r"(?:(?P<t_killed>death[\s-]+toll|toll|number\s+of\s+(?:the\s+|those\s+|people\s+|persons\s+)?"
    r"(?:dead|deaths|killed|fatalities|"
    r"martyrs)|(?:deaths|fatalities|martyrs|dead)(?=\s+(?:rose|risen|climbed|increased|reached|"
    r"stood|stands|jumped|hit|now|has|had|was|is|to|at)))"
    r"|(?P<t_wounded>injury\s+toll|number\s+of\s+(?:the\s+|those\s+|people\s+|persons\s+)?"
    r"(?:injured|wounded|injuries)|"
    r"(?:injuries|injured|wounded)(?=\s+(?:rose|risen|climbed|increased|reached|stood|stands|"
    r"jumped|hit|now|has|had|was|is|to|at)))"
    r"|(?P<t_missing>number\s+of\s+(?:the\s+)?missing)"
    r"|(?P<t_captured>number\s+of\s+(?:the\s+)?(?:captured|prisoners)))"
    r"\s+(?:[a-z]+\s+){0,6}?(?:of|at|to|reached|reaching|hit|was|is|were|are|stood\s+at|"
    r"stands\s+at|totalled|totaled|exceeded|passed|crossed|topped|surpassed|as|had)\s+[\"“‘']?$", _I)
_NEGATED = re.compile(r"\b(?:no|not|never|none\s+of|without|nor)\s+$", _I)
_ABBREVIATION_DOT = re.compile(r"(?:[A-Z]\.){2,}")
_INCLUDED_BEFORE = re.compile(r"(?:including|among\s+them|among\s+whom|of\s+whom)\s*$", _I)
_TOLL_WORD = re.compile(r"toll|number|deaths|fatalities|martyrs|dead|injur|wounded|missing", _I)
_COMBINED = re.compile(
    r"\s*(?:and|or|and/or|&)\s+(?:(?:also|then|were|was|later|critically|seriously)\s+)?(?:killed|killing|dead|wounded|wounding|injured|injuring|"
    r"hurt|missing|captured)\b", _I)
_NP_STOP = re.compile(
    r"[,;:.!?“”\"()\[\]]|\s(?:and|or|but|while|who|which|that|after|when|in|on|at|during|near|by|"
    r"from|as|with|since|across|inside|along|over|into|under|between|among|amid|following|"
    r"were|was|have|has|had|are|is|be|been|being|will|would|got|remain|remained|went|"
    r"reportedly|allegedly|also|already|said|say|says|told|according|to|than|before|"
    r"killed|dead|died|martyred|slain|perished|wounded|injured|hurt|missing|captured|"
    r"deaths?|injuries|fatalities|martyrs|bodies|lost|gave|made|laid|embraced|succumbed|"
    r"sustained|sustaining|reported|believed|feared|thought|presumed|suspected|confirmed|"
    r"sent|linked|affiliated|associated|belonging|loyal|hospitali[sz]ed|admitted|treated|in|"
    r"gunned|executed|beheaded|massacred|assassinated|abducted|kidnapped|losing|aged)\b", _I)
_PAREN_INSIDE = re.compile(r"\s*\([^()]{1,30}\)")
_INCLUDING = re.compile(
    r",?\s*(?:including|among\s+them|among\s+whom|of\s+whom|mostly|mainly|most\s+of\s+them|"
    r"many\s+of\s+them|all\s+of\s+them|both)\b[^,;.]{0,100}(?:,|(?=\s+(?:were|was|have|had|are)\b))",
    _I)
_SCARE_QUOTED = re.compile(r"[\"“‘'][\w'’-]+[\"”’']")
_RELATIVE = re.compile(
    r"\s+(?:linked|affiliated|associated|belonging|loyal|allied)\s+(?:to|with)\s+"
    r"(?:the\s+)?(?:[\w'’-]+\s+){0,6}?(?=(?:were|was|have|has|had|are|is)\b)", _I)
#: "1,150 Russian troops, Ukraine's General Staff said, were killed"
_ASIDE = re.compile(r"\s*,[^,;.“”\"]{1,80}?\b(?:said|says|told|added|claimed|reported|"
                    r"according\s+to\s+[^,;.]{1,60})(?:\s+\w+)?\s*,", _I)
#: ", aged 12 to 70,": an aside on ages, and the ages are no casualty figure.
_AGE_ASIDE = re.compile(r"\s*,\s*(?:all\s+|both\s+)?aged\s+(?:between\s+)?[\w\s-]{1,25}?,|"
                        r"\s+aged\s+(?:between\s+)?(?:under\s+|over\s+|about\s+)?\d+"
                        r"(?:\s*(?:and|or|to|-|–)\s*\d+)?(?:\s+years?(?:\s+old)?)?(?=\s)", _I)
_AGE_BEFORE = re.compile(r"\b(?:aged|ages?\s+of|age)\s+(?:between\s+|under\s+|over\s+|about\s+)?"
                         r"(?:\d+\s*(?:,|and|or|to)\s*)?$", _I)
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")
_PLACE_PP = re.compile(
    r"\s*,?\s*(?:in|at|near|from|inside|across|on)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|and))*)"
    r"(?:\s+(?:province|district|city|town|village|area|region|camp|border|crossing))?", 0)
_ATTACK_PP = re.compile(
    r"\s*(?:in|during|by)\s+(?:the\s+|an?\s+)?(?:\w+\s+){0,2}?(?:attack|attacks|strike|strikes|"
    r"airstrike|airstrikes|air\s+strikes?|fighting|clashes|clash|blast|bombing|shelling|raid|"
    r"raids|firing|fire|operation|operations|explosion|ambush|exchange)\b", _I)
_BY = re.compile(r"\bby\s+(?:the\s+)?$", _I)
#: What may stand between the one who lost and the verb: "Pakistan has lost", "Pakistani
#: forces reportedly lost", "the Israeli army lost".
_LOSER_GAP = re.compile(r"(?:['’]s)?(?:\s+(?:army|military|forces|troops|side|government|regime|"
                        r"has|have|had|reportedly|also|so\s+far|now|already))*\s+$", _I)
#: Where the clause of a participle ("..., losing 12 soldiers") starts: after the speech
#: verb that reports it, or at the sentence's start.
_CLAUSE_START = re.compile(r".*\b(?:said|says|told|added|that|claimed|stated)\b,?", _I | re.S)
_AGENT = re.compile(
    r"(?:\s+|-)(?:\w+\s+){0,2}?(?:air\s*strikes?|airstrikes?|strikes?|shelling|fire|firing|"
    r"attacks?|bombing|bombardment|drones?|artillery|mortars?|rockets?|missiles?|raids?|forces|"
    r"troops|military|army|jets|aircraft|warplanes|soldiers|offensive|retaliation|shells)\b", _I)


@dataclass
class Casualty:
    """One quantity bound to an outcome, with what its noun phrase says.

    Attributes
    ----------
    quantity : Quantity
        The number as stated.
    outcome : str
        ``killed``, ``wounded``, ``captured`` or ``missing``.
    form : str
        How it was bound: ``post`` ("12 were killed"), ``pre`` ("killing 12"),
        ``toll`` ("a death toll of 47"), ``shared`` (a list with one verb) or
        ``included`` ("including 3 children").
    start, end : int
        The raw phrase's span.
    np_start, np_end : int
        The noun phrase after the number.
    category : str
        ``civilian``, ``military``, ``police``, ``militant``, ``mixed`` or empty.
    state, state_how : str
        The ISO3 named in or just after the noun phrase, and how it was found.
    own : bool
        "its soldiers", "our troops": the speaker's own people.
    back_reference : bool
        "22 others", "12 of them": the figure points back to people named before.
    lost : bool
        The verb was "lost", "losing": the people are the subject's own, so the
        state named before the verb did not act on them.
    loser : Mention or None
        The state or body named as the subject of "lost"/"losing".
    group : str
        An armed group named in the noun phrase.
    mentions : list of Mention
        States and organisations in the noun phrase.

    Examples
    --------
    >>> from escalation.text.numbers import find_quantities
    >>> t = "Pakistani airstrikes killed 12 Afghan civilians and 3 soldiers, officials said."
    >>> c = find_casualties(t, 0, len(t), find_quantities(t))[0]
    >>> c.quantity.text, c.outcome, c.form, c.category, c.state
    ('12', 'killed', 'pre', 'civilian', 'AFG')
    """

    quantity: Quantity
    outcome: str
    form: str
    start: int
    end: int
    np_start: int
    np_end: int
    category: str = ""
    state: str = ""
    state_how: str = ""
    own: bool = False
    back_reference: bool = False
    group: str = ""
    lost: bool = False
    loser: Mention | None = None
    mentions: list[Mention] = field(default_factory=list)


_PREDICATE_NOUN = re.compile(r"\s(?:prisoner|captive|hostage)\b")
_TRAILING_WORDS = (" and", " or", " but", " as well as")
#: ", police said": after a comma, a noun that speaks starts a new clause, not a list item.
_SPEAKS_NEXT = re.compile(r"[,\s]*(?:[\w'’-]+\s+){1,3}?(?:said|says|told|added|reported|"
                          r"confirmed|stated|claimed)\b", _I)


def _np_end(text: str, start: int, limit: int, quantities_at: set[int]) -> int:
    """Where the noun phrase that follows a quantity ends, without a trailing "and" or
    comma ("killed 5 soldiers and wounded 3": the phrase ends at "soldiers")."""
    end = _np_end_raw(text, start, limit, quantities_at)
    seg = text[start:end]
    if "prisoner" in seg or "captive" in seg or "hostage" in seg:
        predicate = _PREDICATE_NOUN.search(seg)
        if predicate and seg[:predicate.start()].strip():
            seg = seg[:predicate.start()]  # "took 3 soldiers prisoner"
    while seg:
        seg = seg.rstrip(" \t\n,;")
        tail = seg[-11:].lower()
        if not tail.endswith(_TRAILING_WORDS):
            break
        for cut in _TRAILING_WORDS:
            if tail.endswith(cut):
                seg = seg[:-len(cut)]
                break
    return start + len(seg)


def _np_end_raw(text: str, start: int, limit: int, quantities_at: set[int]) -> int:
    if start < limit and text[start] in "\"”’'":
        start += 1  # killed "dozens" of fighters
    pos = start
    while pos < limit:
        m = _NP_STOP.search(text, pos, limit)
        stop = m.start() if m else limit
        word = m.group(0).strip().lower() if m else ""
        # "(FC)" inside a noun phrase; "operatives and terrorists"; "men, women and children"
        if m and word == "(":
            p = _PAREN_INSIDE.match(text, m.start() - (1 if text[m.start() - 1:m.start()] == " " else 0))
            if p and p.end() <= limit:
                pos = p.end()
                continue
        if m and word == ".":
            a = m.start()
            while a > start and (text[a - 1].isalpha() or text[a - 1] == "."):
                a -= 1
            b = m.end()
            while b < limit and (text[b].isalpha() or text[b] == "."):
                b += 1
            if _ABBREVIATION_DOT.fullmatch(text, a, b):
                pos = b  # "12 U.S. soldiers"
                continue
        if m and word in ('"', "“", "‘", "'") and _SCARE_QUOTED.match(text, m.start()):
            pos = _SCARE_QUOTED.match(text, m.start()).end()  # at least 70 "terrorists"
            continue
        if m and word in ("and", "or", ",") and text[start:m.start()].strip():
            after = re.match(r"[,\s]*(?:and\s+|or\s+)?([\w'’-]+)", text[m.end():limit])
            raw = after.group(1).strip("'’‘") if after else ""  # and 'terrorists
            nxt = raw.lower()
            person = nxt in PERSON_NOUNS or raw in lexicon().people_words
            listed = word != "," and (nxt in _MODIFIERS and nxt not in ("and", "or")
                                      or raw[:1].isupper())
            if nxt and (person or listed) and (m.end() + after.start(1)) not in quantities_at \
                    and not (word == "," and _SPEAKS_NEXT.match(text, m.end(), limit)):
                pos = m.end()
                continue
        return stop
    return limit


def _head_ok(text: str, start: int, end: int) -> tuple[bool, list[str]]:
    """Is this noun phrase about people?  Returns (ok, lower-case words)."""
    span = text[start:end]
    words = re.findall(r"[A-Za-zÀ-ÿ'’‘-]+", span)
    if ("'" in span or "’" in span or "‘" in span) and any(
            w[0] in "'’‘" or w[-1] in "'’‘" for w in words):
        # a word in single quotation marks is the word: killed 70 'terrorists'
        words = [w for w in (w.strip("'’‘") for w in words) if w]
    if not words:
        return True, []
    lex = lexicon()
    low = [w.lower().replace("’", "'") for w in words]
    # the head is the last word that is not a modifier (capitalised words are names of
    # groups or nationalities: "16 Afghan Taliban")
    for w, lw in zip(reversed(words), reversed(low)):
        if lw in PERSON_NOUNS or lw in BACK_REFERENCE or w in lex.people_words \
                or w in lex.organisations or lw.rstrip("s") in PERSON_NOUNS:
            return True, low
        if lw in _MODIFIERS or w[:1].isupper():
            continue
        return False, low
    return any(w in lex.people_words or w in lex.organisations or w[:1].isupper()
               for w in words) or all(lw in BACK_REFERENCE | {"of", "the", "its", "their"}
                                      for lw in low), low


def category_of(low: list[str], mentions: list[Mention]) -> str:
    """The subject category the noun phrase's words give ("" when they give none).

    Parameters
    ----------
    low : list of str
        The noun phrase's words, lower case.
    mentions : list of Mention
        States and organisations named in it (an army makes "fighters" military).

    Returns
    -------
    str
        ``civilian``, ``military``, ``police``, ``militant``, ... , ``mixed`` when the
        words give several, or empty.

    Examples
    --------
    >>> category_of(["soldiers"], []), category_of(["women", "and", "children"], []), category_of(["posts"], [])
    ('military', 'civilian', '')
    """
    cats = {PERSON_NOUNS.get(w) or PERSON_NOUNS.get(w.rstrip("s")) for w in low} - {None}
    if any(m.text in lexicon().people_words for m in mentions):
        cats.add("people")  # "16 Indians were killed"
    org_cats = {m.organisation.category for m in mentions
                if m.organisation is not None and m.organisation.category}
    state_word = any(m.organisation is None for m in mentions)
    if "combatant" in cats:
        cats.discard("combatant")
        if org_cats:
            cats |= org_cats
        elif state_word:
            cats.add("military")
        else:
            cats.add("militant")
    if org_cats and not cats - {"people"}:
        cats |= org_cats
    if len(cats) > 1 and "people" in cats:
        cats.discard("people")
    if not cats:
        return ""
    if len(cats) > 1:
        return "mixed"
    only = cats.pop()
    return "civilian" if only == "people" else only


def find_casualties(text: str, start: int, end: int, quantities: list[Quantity]) -> list[Casualty]:
    """Casualty mentions in the sentence ``text[start:end]``, given its quantities.

    Parameters
    ----------
    text : str
        The whole text.
    start, end : int
        The sentence's span.
    quantities : list of Quantity
        The sentence's quantities (:func:`escalation.text.numbers.find_quantities`).

    Returns
    -------
    list of Casualty
        Quantities bound to an outcome; a negated one ("no one was killed") or one
        whose noun phrase names no people is left out.

    Examples
    --------
    >>> from escalation.text.numbers import find_quantities
    >>> t = "Pakistani airstrikes killed 12 Afghan civilians and 3 soldiers, officials said."
    >>> [(c.quantity.text, c.outcome, c.category) for c in find_casualties(t, 0, len(t), find_quantities(t))]
    [('12', 'killed', 'civilian'), ('3', 'killed', 'military')]
    """
    q_at = {q.start for q in quantities}
    found: list[Casualty | None] = []
    for i, q in enumerate(quantities):
        limit = quantities[i + 1].start if i + 1 < len(quantities) else end
        if _NEGATED.search(text, max(start, q.start - 12), q.start) or (
                "ag" in text[max(start, q.start - 16):q.start]
                and _AGE_BEFORE.search(text, max(start, q.start - 16), q.start)):
            found.append(None)  # "no one was killed", "not one soldier"; "aged 12"
            continue
        np_end = _np_end(text, q.end, limit, q_at)
        ok, low = _head_ok(text, q.end, np_end)
        if not ok:
            found.append(None)
            continue
        found.append(_bind(text, start, end, q, np_end, limit, low))
    # lists: "13 soldiers and 76 civilians have been killed" / "killing 13 soldiers and five civilians"
    for i in range(len(quantities) - 2, -1, -1):
        c, nxt = found[i], found[i + 1]
        if c is None or c.outcome or nxt is None or not nxt.outcome:
            continue
        gap = text[c.np_end:quantities[i + 1].start]
        included = _INCLUDED_BEFORE.search(text, max(start, quantities[i].start - 30),
                                           quantities[i].start)
        if re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)\s*", gap, _I) and \
                nxt.form in ("post", "shared") and not included:
            c.outcome, c.form, c.end = nxt.outcome, "shared", nxt.end
    for i in range(1, len(quantities)):
        c, prev = found[i], found[i - 1]
        if c is None or c.outcome or prev is None or not prev.outcome:
            continue
        gap = text[prev.np_end:quantities[i].start]
        if re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)\s*", gap, _I) and prev.form in ("pre", "shared", "included"):
            c.outcome, c.form = prev.outcome, prev.form if prev.form == "included" else "shared"
            if prev.lost:  # "Pakistan lost 12 soldiers and two pilots"
                c.lost, c.own = True, c.own or prev.own
                if not c.state and prev.state_how.endswith("lost them"):
                    c.state, c.state_how = prev.state, prev.state_how
        elif _INCLUDED_BEFORE.search(text, max(start, quantities[i].start - 30), quantities[i].start):
            c.outcome, c.form = prev.outcome, "included"
    return [c for c in found if c is not None and c.outcome]


def _bind(text: str, s_start: int, s_end: int, q: Quantity, np_end: int, limit: int,
          low: list[str]) -> Casualty:
    np_start = q.end
    mentions = find_mentions(text, np_start, np_end)
    c = Casualty(q, "", "", q.start, np_end, np_start, np_end, mentions=mentions)
    # after the noun phrase: an aside (", including women and children,"), an ellipsis,
    # a place ("in Kabul"), then the verb
    pos = np_end
    extra_low: list[str] = []
    subset_low: list[str] = []
    for skip in (_ASIDE, _AGE_ASIDE, _RELATIVE, _INCLUDING, _ELLIPSIS, _PLACE_PP, _ATTACK_PP):
        m = skip.match(text, pos, s_end)
        if m and m.end() > pos:
            if skip in (_RELATIVE, _INCLUDING):
                # "operatives linked to the Afghan Taliban regime"; "five people, including
                # a Pakistani military officer": their words also say whose people
                words = [w.lower() for w in re.findall(r"[A-Za-z'’-]+", m.group(0))]
                if skip is _INCLUDING:
                    subset_low += words
                else:
                    extra_low += words
                c.mentions = mentions = mentions + find_mentions(text, m.start(), m.end())
            if skip is _PLACE_PP:
                place = find_mentions(text, m.start(), m.end())
                if place and not c.state:
                    c.state, c.state_how = place[0].state, "place"
            pos = m.end()
    post = _POST.match(text, pos, s_end)
    if post and not _outcome_is_active(text, post.end(), s_end):
        outcome = next(k for k in _OUTCOME_WORDS if post.group(k))
        if not _COMBINED.match(text, post.end(), s_end):
            c.outcome, c.form, c.end = outcome, "post", post.end()
    if not c.outcome:
        # end-anchored patterns are searched in short windows: the words they need are few
        before = text[max(s_start, q.start - 48):q.start]
        pre = _PRE.search(before)
        if pre:
            outcome = next(k for k in ("killed", "wounded", "captured")
                           if pre.group(f"a_{k}") or (k != "missing" and pre.groupdict().get(f"n_{k}")))
            combined = re.search(r"(?:killing|killed|wounding|wounded|injuring|injured)\s+(?:and|or)\s+$",
                                 before[:pre.start()] + " ", _I)
            lost_ok = not (pre.group("a_killed") or "").lower().startswith("los") or any(
                PERSON_NOUNS.get(w) in ("military", "civilian", "combatant", "militant") for w in low)
            took_ok = not (pre.group("a_captured") or "").lower().startswith("t") or re.match(
                r"\s+(?:prisoner|captive|hostage)", text[np_end:np_end + 12], _I)
            if not combined and lost_ok and took_ok:
                c.outcome, c.form = outcome, "pre"
                c.start = q.start - len(before) + pre.start()
                if (pre.group("a_killed") or "").lower().startswith("los"):
                    _loser(text, s_start, c, pre.group("a_killed").lower())
        else:
            before = text[max(s_start, q.start - 90):q.start]
            toll = _TOLL.search(before) if _TOLL_WORD.search(before) else None
            if toll:
                outcome = next(k for k in ("killed", "wounded", "missing", "captured")
                               if toll.group(f"t_{k}"))
                c.outcome, c.form = outcome, "toll"
                c.start = q.start - len(before) + toll.start()
    if c.outcome:
        place = _PLACE_PP.match(text, c.end, s_end)
        if place and not c.state:
            pm = find_mentions(text, place.start(), place.end())
            if pm:
                c.state, c.state_how = pm[0].state, "place"
    words = set(low)
    c.own = c.own or bool(words & {"its", "our", "own"})
    c.back_reference = not low or bool(words & BACK_REFERENCE) and not any(
        PERSON_NOUNS.get(w) for w in low)
    # a body named as people ("130 Afghan Taliban and terrorists"): its category counts
    for m in mentions:
        if m.organisation is not None and m.organisation.category and \
                _CONJUNCT_AFTER.match(text, m.end, max(np_end, m.end)):
            extra_low.append(_CATEGORY_NOUN[m.organisation.category])
    # "Afghan forces ..., losing 12 fighters": the fighters are Afghan forces'
    c.category = category_of(low + extra_low + subset_low, mentions + ([c.loser] if c.loser else []))
    if subset_low and c.category not in ("", "mixed", "civilian") and \
            {PERSON_NOUNS.get(w) for w in low} - {None} == {"people"}:
        # "14 people, including a soldier": a subset does not make the total soldiers
        c.category = "mixed"
    if c.form == "toll" and not c.category:
        # "the civilian death toll", "armed forces martyrs rose to 13"
        lead = re.findall(r"[A-Za-z'’-]+", text[max(s_start, c.start - 40):c.start + 25])
        c.category = category_of([w.lower() for w in lead[-6:]], [])
    for m in mentions:
        if m.organisation is not None and m.organisation.side == "NSA" and not c.group:
            c.group = m.organisation.org
        if m.state and (not c.state or c.state_how.endswith("lost them")):
            c.state, c.state_how = m.state, "noun phrase"
    return c


_CONJUNCT_AFTER = re.compile(r"['’]?\s*(?:,|and\b|or\b|$)", _I)
_CATEGORY_NOUN = {"military": "soldiers", "militant": "militants", "civilian": "civilians"}


def _loser(text: str, s_start: int, c: Casualty, verb: str) -> None:
    """Whose people "lost" counts: "we/it lost" the speaker's own, "Pakistan lost" the
    state just before the verb, "Afghan forces attacked, losing 12" the clause's one
    state.  Never the other side: the state named before "lost" acted on no one."""
    c.lost = True
    window = text[max(s_start, c.start - 80):c.start]
    if re.search(r"\b(?:we|it)\s+(?:(?:have|has|had|also|reportedly)\s+)*$", window, _I):
        c.own = True
        return
    base = c.start - len(window)
    if verb.startswith("losing"):
        # the clause's subject leads it: "[the] Afghan forces attacked ..., losing 12"
        head = _CLAUSE_START.match(window)
        lo = base + (head.end() if head else 0)
        first = next(iter(find_mentions(text, lo, c.start)), None)
        if first is not None and first.state and len(text[lo:first.start].split()) <= 1 and (
                first.organisation is None or first.organisation.side != "THIRD"):
            c.state, c.state_how, c.loser = first.state, "the clause's subject lost them", first
        return
    for m in reversed(find_mentions(text, base, c.start)):
        if _LOSER_GAP.fullmatch(text, m.end, c.start) and m.state:
            c.state, c.state_how, c.loser = m.state, "the subject lost them", m
        break


def _outcome_is_active(text: str, pos: int, end: int) -> bool:
    """"two rockets killed 12 people": the verb takes an object, it is not passive."""
    return bool(re.match(r"\s+(?:at\s+least\s+|more\s+than\s+|some\s+|about\s+|around\s+|over\s+)?"
                         r"(?:\d|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                         r"twelve|twenty|thirty|forty|fifty|dozens|scores|hundreds|several|many)\b)",
                         text[pos:end], _I))


def agent_states(text: str, start: int, end: int) -> list[Mention]:
    """States named as the ones acting in ``text[start:end]`` ("Pakistani airstrikes",
    "by Afghan forces").

    Parameters
    ----------
    text : str
        The whole text.
    start, end : int
        The span (a sentence).

    Returns
    -------
    list of Mention

    Examples
    --------
    >>> t = "Pakistani airstrikes killed 12 Afghan civilians."
    >>> [m.text for m in agent_states(t, 0, len(t))]
    ['Pakistani']
    """
    out = []
    for m in find_mentions(text, start, end):
        if m.organisation is not None and m.organisation.side in ("THIRD",):
            continue
        if _AGENT.match(text, m.end, end) or _BY.search(text, max(start, m.start - 20), m.start):
            out.append(m)
    return out


_SINGULAR = ("soldier civilian child woman man boy girl policeman policewoman officer guard "
             "personnel member fighter militant terrorist resident person student journalist "
             "worker doctor driver farmer commander pilot trooper sepoy jawan shepherd teacher "
             "villager passenger infant baby")
_A_PERSON = re.compile(
    r"(?<![\w-])(?<!not )(?<!no )(?<!never )(?<!without )(an?)\s+(?=(?:[\w'’()-]+\s+){0,4}?"
    rf"(?:{'|'.join(_SINGULAR.split())})\b)")
_A_PERSON_ANY_CASE = re.compile(_A_PERSON.pattern, _I)


def article_quantities(text: str, start: int, end: int, taken: list[Quantity], *,
                       lower: str | None = None) -> list[Quantity]:
    """"A soldier was martyred": the article counts one person.

    Only before a singular person noun, never after a negation ("not a single soldier").

    Parameters
    ----------
    text : str
        The whole text.
    start, end : int
        The span (a sentence).
    taken : list of Quantity
        Quantities already found (an article inside one is not counted again).
    lower : str, optional
        The text lower-cased with the same offsets (searched instead of ``text``).

    Returns
    -------
    list of Quantity
        One exact quantity of 1 per article found.

    Examples
    --------
    >>> t = "A soldier was martyred and 4 were wounded; not a single civilian was hurt."
    >>> [(q.text, q.interval.low) for q in article_quantities(t, 0, len(t), [])]
    [('A', 1.0)]
    """
    from ..claims.intervals import interval_for

    if lower is not None:
        base, scan = 0, _A_PERSON.finditer(lower, start, end)
    else:
        low = text[start:end].lower()
        if len(low) == end - start:
            base, scan = start, _A_PERSON.finditer(low)
        else:  # lower-casing moved offsets: search the text itself, ignoring case
            base, scan = 0, _A_PERSON_ANY_CASE.finditer(text, start, end)
    busy = [(q.start, q.end) for q in taken]
    out = []
    for found in scan:
        m = _Shifted(found, base, text)
        if any(a <= m.start() < b for a, b in busy):
            continue
        out.append(Quantity(m.start(1), m.end(1), m.group(1), interval_for("exact", 1),
                            has_number=True))
    return out


class _Shifted:
    """A match found in a lower-cased copy, read back on the original text."""

    def __init__(self, m: re.Match, base: int, text: str):
        self._m, self._base, self._text = m, base, text

    def start(self, g: int = 0) -> int:
        return self._m.start(g) + self._base

    def end(self, g: int = 0) -> int:
        return self._m.end(g) + self._base

    def group(self, g: int = 0) -> str:
        return self._text[self.start(g):self.end(g)]
