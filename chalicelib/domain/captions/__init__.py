"""Captions: what a filing's first pages say about the case — court, parties, case name, title,
judge, and printed dates.

Pure apart from court-name lookups (``chalicelib.domain.courts``, courts-db loaded lazily).
One module per concept:

* ``lines``       page text -> caption lines (line numbers, rules, column ``)`` markers dropped)
* ``parties``     the party/role grammar and CourtListener-style short names
* ``versus``      the two sides of a ``v.`` caption (party blocks and their roles)
* ``case_names``  the case name from a ``v.`` caption, "In re X" or an inline "Re:" line
* ``titles``      the printed title
* ``judges``      the judge's printed name (caption label, signature, opinion byline)
* ``dates``       printed dates (clerk's FILED stamp, "Filed:", "Decided", "Dated")
* ``reader``      ``read_caption``: all of the above, plus the court and a labelled docket

Layout facts relied on (shared/reference/domain.md and the corpus): party filings open with a
counsel block *before* the court name; two-column captions extract in unpredictable order; the
short case name follows CourtListener's convention ("In re X" and "United States v. Y" kept,
"Commissioner of Internal Revenue" -> "Commissioner"); docket initials (``-PJH``) are never
taken as the judge.
"""
from chalicelib.domain.captions.case_names import find_case_name
from chalicelib.domain.captions.dates import find_printed_dates, parse_month_date
from chalicelib.domain.captions.judges import find_judge
from chalicelib.domain.captions.lines import clean_lines
from chalicelib.domain.captions.parties import short_case_name, short_party_name, split_party_block
from chalicelib.domain.captions.reader import (Caption, find_court, find_labelled_docket,
                                               is_exhibit_cover, read_caption)
from chalicelib.domain.captions.titles import find_title

__all__ = ["Caption", "read_caption", "clean_lines", "split_party_block", "short_party_name",
           "short_case_name", "find_judge", "find_printed_dates", "parse_month_date",
           "find_court", "find_title", "find_case_name", "find_labelled_docket",
           "is_exhibit_cover"]
