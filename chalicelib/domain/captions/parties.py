"""Parties: the party/role grammar ("X, Plaintiff, v. Y, Defendant"), a side's party names, and
CourtListener-style short names (individuals by surname, organisations in full, no "et al.";
"United States" and "Commissioner" kept short)."""
from __future__ import annotations

import re
import unicodedata

__all__ = ["V_LINE", "V_END", "V_START", "V_MID", "ROLE_WORDS", "ROLE_LINE", "ROLE_TAIL", "BOUNDARY",
           "SUFFIX", "SUFFIX_RE", "smart_title", "split_party_block", "short_party_name",
           "short_case_name"]

V_LINE = re.compile(r"^[\s\-–—]*(?:v|vs|versus)\.?[\s\-–—]*$|^[\s\-–—]*against[\s\-–—]*$", re.I)
V_END = re.compile(r"^(?P<left>.+?)\s+(?:v|vs)\.$", re.I)
# OCR reads a slip opinion's italic lower-case "v." after an upper-case party as "u.": believed
# only after a left side without lower-case letters ("TARRANT REGIONAL WATER DISTRICT u.")
V_END_OCR = re.compile(r"^(?P<left>[^a-z]*[A-Z]{2}[^a-z]*?)\s+u\.$")
V_START = re.compile(r"^(?:v|vs)\.\s+(?P<right>\S.+)$", re.I)
ROLE_WORDS = (r"(?:third[- ]party\s+|counter[- ]?|cross[- ])?(?:plaintiffs?|defendants?|"
               r"petitioners?|respondents?|appellants?|appellees?|employees?|employers?|"
               r"carriers?|debtors?|creditors?|intervenors?|movants?|claimants?|relators?|"
               r"garnishees?|objectors?|applicants?|real\s+parties\s+in\s+interest)(?:\(s\))?")
# "KENDRA ESPINOZA, ET AL., PETITIONERS v. MONTANA" (the Supreme Court prints both on one line)
V_MID = re.compile(rf"^(?P<left>.+?,\s*{ROLE_WORDS})\s+(?:v|vs)\.\s+(?P<right>\S.+)$", re.I)
ROLE_LINE = re.compile(rf"^(?:{ROLE_WORDS}[\s,.;\-]*(?:and\s+)?)+$", re.I)
ROLE_TAIL = re.compile(rf"[,\s]+(?:{ROLE_WORDS}[\s,.;\-]*(?:and\s+)?)+$", re.I)
BOUNDARY = re.compile(
    r"\b(?:court|district\s+of|division|circuit|claims|bureau|attorneys?\s+for|counsel\s+for|"
    r"telephone|facsimile|e-?mail|bar\s+no|sbn|precedential|on\s+appeal|docket\s+#|filed|"
    r"decided|argued|submitted|honorable)\b|^\d{4}-[A-Z]{2,8}-\d+$|"
    # docket lines ("D. C. Docket No.", "Civil Action No.", "Adv. Pro. No."), a bankruptcy
    # chapter, sealing banners and the title of a declaration above the caption
    r"\b(?:docket|civil\s+action|criminal\s+action|adv(?:ersary)?\.?\s+pro(?:c|ceeding)?\.?|"
    r"index|file|bap|mdl)\s*(?:nos?\.?|number|#)|\bchapter\s+(?:7|9|11|12|13|15)\b|"
    r"\bredacted\b|\bsought\s+to\s+be\s+sealed\b|\bunder\s+seal\b|\bdeclaration\s+of\b|"
    r"\bappeals\s+board\b|\bthis\s+document\s+relates\b|"
    r"^[*†‡]|^\([^()]*\)$|"  # a footnote; "(Jointly Administered)", "(Spouse, if filing)"
    r"(?-i:^AT\s+[A-Z]{3,}(?:\s+[A-Z]{3,})?$)|"  # a court's seat: "AT NASHVILLE"
    r"^(?:in\s+and\s+)?for\s+the\s+(?:county|city|parish|district|state|judicial)\b|"
    r"\bon\s+(?:writ\s+of\s+certiorari|petition\s+for)\b|"
    r"^(?:case\s+|cause\s+)?nos?\.|^case\s+(?:no|number)|@|^\(?\d{3}\)?\s?\d{3}-\d{4}", re.I)
SUFFIX = (r"(?:Inc|LLC|L\.L\.C|Ltd|Limited|Corp|Corporation|Co|Company|LLP|L\.L\.P|L\.P|LP|"
           r"N\.A|P\.C|PLC|P\.A|GmbH|S\.A|AG|N\.V|B\.V)\.?")
SUFFIX_RE = re.compile(rf"\b{SUFFIX}(?=$|[\s,;)])", re.I)
_DESCRIPTOR = re.compile(
    r",?\s+(?:a|an)\s+(?:[A-Z][a-z]+\s+)?(?:corporation|limited\s+liability\s+company|"
    r"company|individual|partnership|municipal\s+corporation|minor)\b.*$|"
    # "in his official capacity", "in his individual and official capacity"
    r",?\s+(?:individually|in\s+(?:his|her|its|their)\s+(?:(?:individual|official|personal)"
    r"(?:\s+and|\s*,)?\s+)+capacit).*$|"
    r",?\s+(?:dba|d/b/a|f/k/a|fka|a/k/a|aka)\s.*$|,?\s+et\.?\s+al\.?.*$|\s+as\s+described\s.*$",
    re.I)
_ORG_WORDS = re.compile(
    r"\b(?:association|council|district|department|dept|city|county|state|states|commonwealth|"
    r"people|republic|government|bank|trust|union|university|college|school|board|commission|"
    r"commissioner|committee|authority|agency|bureau|office|services?|systems?|group|holdings|"
    r"partners|partnership|fund|foundation|church|hospital|center|centre|network|housing|"
    r"insurance|assurance|technologies|technology|america|american|national|international|"
    r"federal|secretary|director|attorney|estate|properties|capital|media|news|energy|motors|"
    r"airlines|pharmaceuticals?|laboratories|labs|enterprises|industries|entertainment|"
    r"society|institute|coalition|club|trustees?|llc|inc|corp|company|logistics|chevron|"
    r"communications|the|of|and|for|usa|does|"
    # Spanish-language organisations ("BANCO POPULAR DE PUERTO RICO")
    r"banco|compa[ñn][ií]a|corporaci[óo]n|universidad|municipio|autoridad|departamento|"
    r"asociaci[óo]n|cooperativa|sociedad)\b", re.I)
_UP = r"(?-i:[^\W\d_a-zß-öø-ÿ])"  # a capital letter of any Latin script ("Ñ", "Ó")
_PERSON_TOKEN = re.compile(rf"^(?:{_UP}(?:[^\W\d_]|['’\-])+|{_UP}\.?|{_UP}[^\W\d_A-Z]*\.)$")
_NAME_SUFFIX = re.compile(r",?\s+(?:Jr|Sr|II|III|IV)\.?$", re.I)
_KEEP_UPPER = {"LLC", "LLP", "LP", "USA", "NSO", "II", "III", "IV", "NA", "PLC", "FBI", "IRS",
               "CNN", "NFL", "DVA", "ULC", "PC", "PA", "AG", "SA", "NV", "BV"}


def smart_title(s: str) -> str:
    """Title-case an all-capitals name; leave mixed-case text alone."""
    letters = [c for c in s if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return s
    out = []
    for i, w in enumerate(s.split()):
        core = re.sub(r"[\W\d_]", "", w)
        if core.upper() in ("JR", "SR"):
            out.append(w[:1].upper() + w[1:].lower())  # "JR." -> "Jr."
        elif core.upper() in _KEEP_UPPER or re.fullmatch(r"[^\W\d_]{1,3}&[^\W\d_]{1,3}[.,]*", w) or (
                core and not re.search(r"[AEIOUY]", core.upper())
                                           and len(core) <= 4) or re.fullmatch(
                                               r"\(?(?:[^\W\d_]\.){2,}[,;)]*", w):  # "U.S."
            out.append(w)
        elif i and core.lower() in ("of", "the", "and", "for", "in", "a", "an", "as", "ex", "rel") \
                and re.fullmatch(r"[^\W\d_]{2,}\.?,?|[Aa]", w):  # not an initial "A.", not "A-4"
            out.append(w.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


# Surname particles: "Juan de la Cruz" -> "de la Cruz", "Ludwig van Beethoven" -> "van Beethoven".
_PARTICLES = frozenset(["de", "del", "della", "der", "di", "da", "du", "la", "le", "van", "von", "vander", "vanden", "ter", "ten", "st", "st.", "al", "el", "bin", "ibn", "abu", "dos", "das"])


def _is_person(name: str) -> bool:
    n = _NAME_SUFFIX.sub("", name.strip().rstrip(",."))
    toks = n.split()
    if not 2 <= len(toks) <= 5 or _ORG_WORDS.search(n) or SUFFIX_RE.search(n):
        return False
    named = [t for t in toks if t.lower() not in _PARTICLES]
    if any(_acronym(t) for t in toks[:-1]):  # "TELEFONAKTIEBOLAGET LM ERICSSON"
        return False
    return len(named) >= 2 and len(toks) - len(named) <= 2 and all(
        _PERSON_TOKEN.match(t) or t.lower() in _PARTICLES for t in toks[1:]) and bool(
        _PERSON_TOKEN.match(toks[0]))


def _acronym(tok: str) -> bool:
    """A token no person's given or middle name is: two or more letters without a vowel
    ("LM", "NBC" in "TELEFONAKTIEBOLAGET LM ERICSSON"). Initials are one letter; a surname
    without a vowel ("Ng") comes last."""
    core = re.sub(r"[\W\d_]", "", tok)
    plain = unicodedata.normalize("NFKD", core).encode("ascii", "ignore").decode().lower()
    return len(plain) >= 2 and not re.search(r"[aeiouy]", plain)


def _surname(name: str) -> str:
    """The last name with the particles before it ("De La Cruz", "van der Berg")."""
    toks = name.split()
    k = len(toks) - 1
    while k > 1 and toks[k - 1].lower() in _PARTICLES:
        k -= 1
    return " ".join(toks[k:])


def _first_entity(s: str) -> str:
    """The first party of a side's text: up to its corporate suffix, or the first comma."""
    s = s.strip(" ,;.")
    m = re.search(r"\bex\s+rel\.?\s+", s, re.I)
    if m:  # "STATE OF NORTH CAROLINA, ex rel. ROY COOPER, GOVERNOR" -> keep "ex rel. Cooper"
        who = s[m.end():].split(",")[0].strip()
        base = smart_title(s[:m.start()].strip(" ,"))
        who = short_party_name(who)
        return f"{base} ex rel. {who}"
    for sm in SUFFIX_RE.finditer(s):
        end = sm.end()
        while True:  # "DAMMANN & CO., INC." - absorb a following suffix
            nxt = re.match(rf",?\s*{SUFFIX}(?=$|[\s,;)])", s[end:], re.I)
            if not nxt:
                break
            end += nxt.end()
        rest = s[end:]
        if not rest or re.match(r"\s*(?:,|;|\band\b|\()", rest, re.I):
            return _person_before_company(s[:end].strip(" ,"))
    serial = _serial_name(s)
    if serial:
        return serial
    head = s.split(",")[0].strip()
    if _is_person(head) or not re.search(r"\band\b", head, re.I):
        return head
    left, right = re.split(r"\s+and\s+", head, maxsplit=1, flags=re.I)
    if _is_person(left) or SUFFIX_RE.search(left):
        return left
    # "CITY OF PHILADELPHIA and OFFICER RICHARD NICOLETTI": an organisation and a person are two
    # parties; an organisation's own "and" ("Department of Health and Human Services") joins no person
    return left if _is_person(right) and _org_noun(left) else head


def _person_before_company(name: str) -> str:
    """"ROBERT JONES and JONES HOLDINGS, LLC" starts with a person of their own; "Dean Witter
    and Co., Inc." does not (nothing but suffixes after its "and")."""
    parts = re.split(r"\s+and\s+", name, maxsplit=1, flags=re.I)
    if len(parts) == 2 and _is_person(parts[0].strip(" ,")) and SUFFIX_RE.sub("", parts[1]).strip(" ,.&"):
        return parts[0].strip(" ,")
    return name


def _suffix_runs(name: str) -> int:
    """How many corporate-suffix groups `name` has ("DAMMANN & CO., INC." has one; two names
    glued together, "FRAGRANCES INC. DAMMANN & CO., INC.", have two)."""
    runs, end = 0, None
    for m in SUFFIX_RE.finditer(name):
        if end is None or not re.fullmatch(r"[,\s]*", name[end:m.start()]):
            runs += 1
        end = m.end()
    return runs


def _org_noun(name: str) -> bool:
    """`name` has a word that names an organisation (not only "of", "the", "and", "for")."""
    return any(m.group(0).lower() not in ("the", "of", "and", "for") for m in _ORG_WORDS.finditer(name))


_CAP_WORD = r"[^\W\d_a-z][\w'’\-]*"
_SERIAL_ITEM = re.compile(rf"{_CAP_WORD}")
_SERIAL_LAST = re.compile(rf"(?:{_CAP_WORD}|(?i:of|the|and|for|&))(?:\s+(?:{_CAP_WORD}|(?i:of|the|and|for|&)))*")


def _serial_name(s: str) -> str | None:
    """An organisation whose name is itself a list ("Bakery, Confectionery, Tobacco Workers and
    Grain Millers International Union"; "Hotel, Motel, Restaurant Employees and Bartenders
    Union"): single capitalised words, then the list's last item with its "and", ending in an
    organisation's noun. A lone word before a comma is no party's whole name."""
    chunks = [c.strip() for c in s.split(",")]
    k = 1
    while k < len(chunks) and k <= 5 and _SERIAL_ITEM.fullmatch(chunks[k - 1]):
        last = chunks[k]
        if re.search(r"(?i)(?:^|\s)(?:and|&)\s", last):
            words = last.split()
            if _SERIAL_LAST.fullmatch(last) and _org_noun(words[-1]) and not _is_person(last):
                return ", ".join(chunks[:k + 1])
            return None
        k += 1
    return None


def split_party_block(block: str) -> list[str]:
    """A side's text -> its party names (first one first), descriptors removed."""
    block = re.sub(r"(?<=[A-Za-z.,])\d{1,2}(?=[,\s]|$)", "", block)  # footnote markers "BORDELON,1"
    block = ROLE_TAIL.sub("", " ".join(block.split()))
    parties = []
    for chunk in re.split(r";\s*(?:and\s+)?", block):
        chunk = _DESCRIPTOR.sub("", chunk).strip(" ,.")
        if not chunk or re.match(r"(?i)^(?:and\s+)?does?\s+\d", chunk):
            continue
        chunk = re.sub(r"^(?i:and)\s+", "", chunk)
        first = _first_entity(chunk)
        parties.append(first)
        # after an organisation's or a person's "and", a person or a company is a party of
        # their own ("CITY OF PHILADELPHIA and OFFICER RICHARD NICOLETTI"; "GIFT SURPLUS, LLC,
        # and SANDHILL AMUSEMENTS, INC."; "JOHN SMITH and MARY SMITH")
        m = re.match(r"(?i:\s*,?\s+and\s+)(?P<p>\S.*)", chunk[len(first):]) if chunk.startswith(first) else None
        if m and (_org_noun(first) or _is_person(first)):
            nxt = _first_entity(m.group("p"))
            if _is_person(nxt) or _suffix_runs(nxt) == 1:  # not two names run together
                parties.append(nxt + "." if re.search(r"(?i)\b(?:inc|corp|co|ltd)$", nxt) else nxt)
    return [p for p in parties if p]


def short_party_name(name: str) -> str:
    """CourtListener-style short form: individuals by surname, organisations in full."""
    n = " ".join(name.split()).strip(" ,.;")
    n = re.sub(r"^the\s+(?=\w)", "", n, flags=re.I) if SUFFIX_RE.search(n) else n
    if re.fullmatch(r"(?i)(?:the\s+)?united\s+states(?:\s+of\s+america)?|u\.?s\.?a\.?", n):
        return "United States"
    if re.fullmatch(r"(?i)commissioner\s+of\s+internal\s+revenue", n):
        return "Commissioner"
    if _is_person(n):
        return smart_title(_surname(_NAME_SUFFIX.sub("", n)))
    if re.search(r"\b(?:inc|corp|co|ltd)$|\b(?:[^\W\d_]\.)+[^\W\d_]$", n, re.I):
        n += "."  # "Inc." and "N.A." keep their period
    return smart_title(n)


def short_case_name(plaintiffs: list[str], defendants: list[str]) -> str | None:
    if not plaintiffs or not defendants:
        return None
    return f"{short_party_name(plaintiffs[0])} v. {short_party_name(defendants[0])}"

