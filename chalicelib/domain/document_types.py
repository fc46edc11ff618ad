"""Document types: classify a filing into the archive's fixed list.

Pure. The list (shared/reference/domain.md): complaint, answer, motion, order, opinion,
judgment, notice, stipulation, declaration, brief, exhibit, transcript, docket, other.

The title decides when there is one: the *head* of the title names the document ("ORDER
GRANTING ... MOTION" is an order, "DECLARATION OF X IN SUPPORT OF MOTION" a declaration,
"[PROPOSED] ORDER" an order, "STIPULATION AND [PROPOSED] ORDER" a stipulation). Without a title,
weaker cues are used in order: an exhibit cover page or an attachment with no text of its own,
a transcript's reporter lines and speaker labels, a court clerk's letter (a notice) or counsel's letter (other), "IT IS SO ORDERED" (an order).
Rules are tables of (pattern, type), tried top to bottom: the first match wins.
"""
from __future__ import annotations

import re

from chalicelib.domain.extraction import DOCUMENT_TYPES

__all__ = ["DOCUMENT_TYPES", "classify_title", "classify"]

_I = re.I

# Title head rules: tried against the start of the title (after "[PROPOSED]", party names and
# "DEFENDANTS' ..." prefixes are skipped by _TITLE_HEAD_SKIP). Source: corpus titles and the
# CM/ECF event categories.
_HEAD_RULES: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p, _I), t) for p, t in (
    (r"^exhibit\b|^exh?\.\s*(?:no\.\s*)?[A-Z0-9]{1,4}\b", "exhibit"),
    (r"^violation\s+notice|^jury\s+note|^list\s+of\s+decisions|^verdict\s+form|"
     r"^civil\s+cover\s+sheet|^summons\b|^plea\s+agreement|^(?:special\s+)?verdict\b|"
     r"^(?:court'?s\s+)?(?:final\s+)?jury\s+instructions?\b|^subpoena\b|^proof\s+of\s+claim\b|"
     r"^(?:joint\s+)?(?:case\s+management|status)\s+(?:conference\s+)?(?:statement|report)\b|"
     r"^(?:\w+\s+){0,3}plan\s+of\s+(?:reorganization|liquidation)\b|"
     r"^disclosure\s+statement\s+(?:for|with\s+respect\s+to)\b", "other"),
    (r"^(?:reporter'?s'?\s+|official\s+)?transcript\b|"
     r"^(?:(?:continued|confidential|videotaped|video|oral|remote)\s+){0,2}deposition\s+of\b", "transcript"),
    (r"^(?:civil\s+|criminal\s+)?docket(?:\s+sheet|\s+report)?\s*$", "docket"),
    (r"^stipulat", "stipulation"),
    (r"^(?:joint\s+)?(?:supplemental\s+)?(?:declaration\b|decl\.)|^affidavit\b", "declaration"),
    (r"^(?:(?:first|second|third|fourth|fifth|sixth)\s+)?(?:amended\s+)?(?:verified\s+)?"
     r"(?:class\s+action\s+)?complaint\b|^petition\s+for\s+(?:writ|review)|"
     r"^(?:(?:first|second|third|fourth)\s+)?(?:original|amended|verified)\s+petition\b|"
     # a state court's petition that starts the case; the criminal charging papers
     r"^petition\s+for\s+(?:damages|declaratory|injunctive)\b|^(?:superseding\s+)?indictment\b|"
     r"^information\s*$", "complaint"),
    (r"^(?:amended\s+)?answer\b", "answer"),
    (r"^(?:amended\s+|final\s+)?judgment\b|^(?:consent\s+|final\s+)?decree\b", "judgment"),
    # a party's answer to an order ("RESPONSE TO ORDER TO SHOW CAUSE") is no order
    (r"^(?:supplemental\s+)?(?:response|reply|opposition|objections?)\s+(?:to|in)\b|"
     r"^(?:sentencing|trial|pre-?trial|post-?trial|post-?hearing)\s+(?:memorandum|brief)\b|"
     r"^statement\s+of\s+interest\b", "brief"),
    (r"^(?:amended\s+)?(?:memorandum\s+(?:of\s+)?)?findings\s+of\s+fact\s+and\s+conclusions\s+of\s+law\b|"
     r"^(?:memorandum\s+)?(?:findings\s+of\s+fact\s+and\s+)?opinion\b|^memorandum\s+opinion\b|"
     r"^memorandum\s+findings\s+of\s+fact\s+and\s+opinion|^(?:per\s+curiam\s+)?opinion\b|"
     r"^syllabus\b|^slip\s+opinion|^per\s+curiam\b|"
     # a court's decision ("MEMORANDUM DECISION", "DECISION AFTER TRIAL"); "... AND ORDER" is an order
     r"^(?:memorandum\s+)?decision\b(?!\s+(?:and|&)\s+order)|"
     # a bare "MEMORANDUM" is the court's: a memorandum disposition (courts of appeals) or a
     # memorandum opinion (E.D. Pa. and others); a party's memorandum says what it supports
     r"^memorandum\s*[*†\d]*\s*$", "opinion"),
    (r"^(?:\w+\s+){0,3}order\b|^(?:amended\s+)?(?:civil\s+|criminal\s+)?minutes\b|^minute\s+(?:order|entry)|"
     r"^memorandum\s+(?:and|&)\s+order|^(?:memorandum\s+)?decision\s+(?:and|&)\s+order|"
     r"^(?:\w+\s+){0,2}report\s+and\s+recommendations?\b|^findings\s+and\s+recommendations?\b|"
     r"^ruling\b|^(?:preliminary|permanent)\s+injunction\b|^mandate\b|^writ\s+of\b",
     "order"),
    (r"^notice\s+of\s+(?:motion\s+and\s+)?motion\b", "motion"),
    (r"^(?:notice|docketing\s+notice)\b|^entry\s+of\s+appearance|^appearance\b|"
     r"^(?:corporate\s+)?disclosure\s+statement|^certificate\s+of\s+(?:service|interested)",
     "notice"),
    (r"^(?:[\w'\-]+\s+){0,3}brief\b|^(?:(?:supplemental|reply|joint)\s+)?memorandum\b(?=.*\b(?:support|"
     r"opposition|reply|response|points\s+and\s+authorities|of\s+law)\b)|"
     r"^(?:supplemental\s+)?(?:reply|opposition|response|objection)s?\b|^(?:plaintiffs?|defendants?)'?"
     r"\s+(?:reply|opposition|response)", "brief"),
    (r"^(?:\w+\s+){0,4}motion\b|^(?:ex\s+parte\s+)?application\b|^request\s+for\b|^petition\b",
     "motion"),
))

# Anywhere in the title, when the head did not decide.
_ANY_RULES: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p, _I), t) for p, t in (
    (r"\bexhibit\s+[A-Z0-9]{1,3}\b", "exhibit"),
    (r"\btranscript\b", "transcript"),
    (r"\bstipulat(?:ion|ed)\b", "stipulation"),
    (r"\bdeclaration\s+of\b", "declaration"),
    (r"\bcomplaint\b(?!.*\bmotion\b)", "complaint"),
    (r"\bopinion\b", "opinion"),
    (r"\bjudgment\b(?!.*\bmotion\b)", "judgment"),
    (r"\border\b", "order"),
    (r"\bmotion\b", "motion"),
    (r"\bbrief\b|\bopposition\b|\breply\b", "brief"),
    (r"\bnotice\b|\bappearance\b", "notice"),
))

# Title prefixes that do not name the document: "[PROPOSED]", "REDACTED VERSION OF", and a
# possessive party prefix ("DEFENDANTS NSO GROUP ... AND Q CYBER ... LIMITED'S", "PLAINTIFFS'").
_MARKER_SKIP = re.compile(
    r"^(?:\s*(?:\[\s*proposed\s*\]|\(\s*proposed\s*\)|proposed|redacted(?:\s+version)?(?:\s+of)?|"
    r"\[\s*redacted\s*\]|public\s+version(?:\s+of)?|unredacted|corrected|joint)\s*)+", _I)
_POSSESSIVE = re.compile(r"^(?P<who>[\w.,&\-\s]{1,160}?)(?:'s|s')\s+", _I)
# A possessive prefix naming the filer never holds the document's own words: in "REPLY IN
# SUPPORT OF DEFENDANTS' MOTION" the possessive is inside the title, not before it.
_DOC_WORDS = re.compile(r"\b(?:order|motion|complaint|opinion|judgment|notice|stipulation|"
                        r"declaration|brief|exhibit|transcript|answer|reply|response|opposition|"
                        r"support|memorandum|objections?|supplemental|application|request|petition|"
                        r"findings|conclusions|regarding|concerning|re)\b", _I)


def _title_head(t: str) -> str:
    head = _MARKER_SKIP.sub("", t, count=1)
    m = _POSSESSIVE.match(head)
    if m and not _DOC_WORDS.search(m.group("who")):
        head = head[m.end():]
    return _MARKER_SKIP.sub("", head, count=1)


# Non-title cues (whole first pages).
# A court's own letter: signed by the clerk's office, or on its letterhead.
_COURT_LETTER = re.compile(r"\b(?:sincerely(?:\s+yours)?|very\s+truly\s+yours|respectfully)\b[\s\S]{0,250}?"
                           r"\b(?:clerk|case\s+manager|deputy)\b|\A[\s\S]{0,300}office\s+of\s+the\s+clerk|"
                           r"\b(?:has\s+been|was)\s+docketed\b", _I)
# Bench-opinion structure: "II. Discussion", "A. Standard of Review", "Legal Standard".
_OPINION_HEADINGS = re.compile(r"^\s*(?:[IVX]+\.|[A-Z]\.)?\s*(?:discussion|standard\s+of\s+review|"
                               r"legal\s+standard|analysis)\s*$", re.I | re.M)
_PARTY_PAPER = re.compile(r"respectfully\s+submitted|attorneys?\s+for|counsel\s+for", re.I)
_LETTER = re.compile(r"^\s*(?:dear\s+[^\n]{2,60}[:,]|re\s*:)", _I | re.M)
_SO_ORDERED = re.compile(r"\b(?:it\s+is\s+)?so\s+ordered\b|\bit\s+is\s+(?:hereby\s+)?ordered\b", _I)
# A transcript without a readable title: "REPORTER'S TRANSCRIPT OF PROCEEDINGS" anywhere on the
# first pages, or a court reporter's certificate / footer together with speaker labels
# ("THE COURT:", "MR. NOLAN:", "Q." / "A." examination lines).
_TRANSCRIPT_TITLE = re.compile(r"\btranscript\s+of\s+(?:the\s+)?(?:\w+\s+){0,2}(?:proceedings|hearing|"
                               r"trial|sentencing|arraignment|conference|deposition)\b", _I)
_REPORTER = re.compile(r"\b(?:official|certified|registered)\s+(?:federal\s+)?(?:court\s+|shorthand\s+)?"
                       r"reporter\b|\bproceedings\s+recorded\s+by\s+(?:mechanical\s+)?stenography|"
                       r"\bcourt\s+reporter\s*:|\bCSR\s+No\.", _I)
_SPEAKER = re.compile(r"^\s*(?:\d{1,2}\s+)?(?:THE\s+(?:COURT|CLERK|WITNESS|DEPUTY)|"
                      r"(?:MR|MS|MRS|DR)\.\s+[A-Z][A-Z'\-]+|[QA]\.)\s*:?\s", re.M)
# An opinion's byline: "FISHER, Circuit Judge.", "E. GRADY JOLLY, Circuit Judge:", "PER CURIAM.",
# "Opinion by Judge Callahan".
_OPINION_CUES = re.compile(r"^\s*(?:[A-Z]\.\s?|[A-Z][A-Za-z'’\-]+\s){0,3}[A-Z][A-Za-z'’\-]+"
                           r"(?:,?\s(?:JR|SR|Jr|Sr)\.)?,\s+(?:Circuit\s+|Chief\s+|Senior\s+)?"
                           r"(?:Judge|Justice)s?\s*[.:]|^\s*(?:\d{1,2}\s+)?PER\s+CURIAM\s*[.:]?\s*[*†]*\s*$|"
                           r"\bOpinion\s+by\s+(?:Chief\s+)?Judge\b|\bdelivered\s+the\s+opinion\s+of\s+the\s+court\b|"
                           # a California Court of Appeal opinion's head: "APPEAL from a judgment of
                           # the Superior Court of Los Angeles County, Mary Smith, Judge. Affirmed."
                           r"^\s*APPEAL\s+from\s+(?:a|an|the)\s+(?:judgment|order|postjudgment)\b|"
                           # an appellate opinion's head: "(Argued: January 25, 2010 Decided: ...)"
                           r"\(?\s*Argued(?:\s+and\s+Submitted)?:?\s[^\n]{4,40}\bDecided:?\s", re.M)


def classify_title(title: str | None) -> str | None:
    """Type named by a printed title, or None when the title names none."""
    if not title:
        return None
    t = " ".join(title.replace("’", "'").split())
    head = _title_head(t)
    for candidate in (head, t):
        for rx, kind in _HEAD_RULES:
            if rx.search(candidate):
                return kind
    for rx, kind in _ANY_RULES:
        if rx.search(t):
            return kind
    return None


def classify(title: str | None, first_pages: str = "", *, last_pages: str = "",
             body: str = "", attachment_number: int | None = None, stamp_only: bool = False,
             exhibit_cover: bool = False) -> str:
    """One of DOCUMENT_TYPES, from the title first, then page cues: ``first_pages`` (letters,
    opinion bylines), ``last_pages`` (signatures, "SO ORDERED"), ``body`` (opinion headings)."""
    if exhibit_cover:
        return "exhibit"
    kind = classify_title(title)
    if kind:
        return kind
    text = first_pages or ""
    if stamp_only:
        return "exhibit" if attachment_number else "other"
    if _TRANSCRIPT_TITLE.search(text[:3000]) or (
            _REPORTER.search(text) and len(_SPEAKER.findall(text)) >= 3):
        return "transcript"
    if _LETTER.search(f"{text}\n{last_pages}"):
        return "notice" if _COURT_LETTER.search(f"{text}\n{last_pages}") else "other"
    if _OPINION_CUES.search(text):
        return "opinion"
    if _SO_ORDERED.search(f"{text}\n{last_pages}"):
        return "order"
    whole = body or text
    if _OPINION_HEADINGS.search(whole) and not _PARTY_PAPER.search(whole):
        return "opinion"
    if attachment_number:
        return "exhibit"
    return "other"
