"""Which pages need OCR: table-driven on strings taken from real filings' text layers."""
import pytest

from chalicelib.extract.ocr.selection import garbage_lines, garbage_score, judge_page

STAMP = "Case 4:19-cv-00655-BSM Document 40-18 Filed 09/11/20 Page 3 of 7"
PROSE = ("The Court has considered the parties' briefs and the record. For the reasons stated "
         "below, the motion to dismiss is GRANTED in part and DENIED in part. Plaintiffs allege "
         "that the defendants accessed their servers without authorization in violation of the "
         "Computer Fraud and Abuse Act, 18 U.S.C. § 1030, and state law.")

STAMP_1962 = "Case 8:14-cv-00341-JVS-DFM Document 1962 Filed 09/14/18 Page 1 of 115 Page ID #:98395"
CAPTION_1962 = ("UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA\nTCL COMMUNICATION\n"
                "TECHNOLOGY HOLDINGS, LTD.,\net al.,\nPlaintiffs/Counterclaim-Defendants,\nv.\n"
                "TELEFONAKTIEBOLAGET LM\nERICSSON, et al.,\nDefendants/Counterclaim-Plaintiffs,\n"
                "CASE NO: SACV 14-341 JVS(DFMx)\nCASE NO: CV 15-2370 JVS(DFMx)")

# (text layer, the page's stamps, expected reason: None = a good layer, never OCR'd)
PAGES = [
    ("", [], "empty"),
    ("   \n\f  ", [], "empty"),
    (STAMP, [STAMP], "furniture"),  # a scan whose only text is the CM/ECF stamp
    (f"{STAMP}\nPage ID #:8085", [STAMP], "furniture"),
    (f"12/21/2020 jb\n{STAMP}", [STAMP], "furniture"),  # clerk's typed date in the FILED box
    ("Appeal: 17-2218 Doc: 17 Filed: 10/31/2017 Pg: 1 of 1", ["Appeal: 17-2218 Doc: 17 Filed: 10/31/2017 Pg: 1 of 1"], "furniture"),
    (" ".join(str(n) for n in range(1, 29)) + "\n" + STAMP, [STAMP], "furniture"),  # pleading paper
    # broken fonts: codes shifted by 29 (no ToUnicode map) and symbol-font mojibake
    ("81,7('67$7(6 ',675,&7 &2857 1257+(51 ',675,&7 2) &$/,)251,$ :+$76$33 ,1& HW DO "
     "3ODLQWLIIV Y 162 *5283 7(&+12/2*,(6 /,0,7(' HW DO 'HIHQGDQWV", [], "garbage"),
    ("$SSHQGL[\x03&\x10\x16\x03 3ODLQWLII\x03)LQMDQ\x0f\x03,QF\x11¶V\x03.H\\\x03RI\x032EMHFWLRQV\x03 "
     "2EMHFWLRQ\x03/LVW\x03 $EEUHYLDWLRQ +HDUVD\\\x03 )5(\x03\x1b\x13\x14\x0f\x03\x1b\x13\x15 ²7KH\x03"
     "H[KLELWV\x12WHVWLPRQ\\\x03DUH\x03KHDUVD\\\x03DQG\x03G", [], "garbage"),
    ("&ŝŶũĂŶ͕\x03/ŶĐ͘\x03ǀ͘\x03\x12ŝƐĐŽ\x03^ǇƐƚĞŵƐ͕\x03/ŶĐ͘ EŽ͘\x03ϱ͗ϭϳͲĐǀͲϬϬϬϳϮͲ\x11>&\x03;E͘\x18͘\x03"
     "\x12Ăů͘Ϳ WůĂŝŶƚŝĨĨ\x03&ŝŶũĂŶ͕\x03/ŶĐ͘ΖƐ\x03 ǆŚŝďŝƚ\x03>ŝƐƚ", [], "garbage"),
    ("WKH &RXUW ILQGV WKDW WKH SODLQWLII KDV QRW VKRZQ WKDW WKH GHIHQGDQW ZDV DZDUH RI "
     "WKH PRWLRQ DQG WKH RUGHU VKDOO EH HQWHUHG", [], "garbage"),  # lower case shifted too
    # good layers: prose, captions, tables, deposition transcripts, foreign quotes, covers
    (PROSE, [], None),
    (f"{STAMP}\n{PROSE}", [STAMP], None),
    ("UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF CALIFORNIA\nWHATSAPP INC., et al.,\n"
     "Plaintiffs,\nv.\nNSO GROUP TECHNOLOGIES LIMITED, et al.,\nDefendants.\nCase No. "
     "4:19-cv-07123-PJH\nORDER GRANTING MOTION TO DISMISS", [], None),
    ("·1· · · ·IN THE UNITED STATES DISTRICT COURT\n· · · · · · ·FOR THE DISTRICT OF MARYLAND\n"
     "·3· ·CRYSTAL LONG,· · · · · ·:\n·4· · · · · Plaintiff,· · · ·:\n·5· ·v.· · · · · : Civil "
     "Action No:\n15· · CONFIDENTIAL DEPOSITION OF CRYSTAL M. LONG", [], None),
    ("Item Amount Date\nFiling fee $402.00 01/02/2020\nService of process $85.50 01/15/2020\n"
     "Deposition transcript $1,240.00 03/03/2020\nTotal $1,727.50", [], None),
    ("Hälfte von Beteigeuze stark ab. Der Stern ist einer der hellsten am Himmel und die "
     "Astronomen fragen sich, ob er bald explodiert. Nach den Messungen ist das nicht der Fall.",
     [], None),
    (f"EXHIBIT A\n{STAMP}", [STAMP], None),  # an exhibit cover sheet says all it has to say
    ("EXHIBIT 7\nCase 5:17-cv-04467-BLF Document 259-7 Filed 05/04/20 Page 1 of 20",
     ["Case 5:17-cv-04467-BLF Document 259-7 Filed 05/04/20 Page 1 of 20"], None),
    # a good caption and body, but the title area in a broken font: its words are garbage
    (CAPTION_1962 + "\nAmended\nMemorandum of Findings of Fact and Conclusions of Law\n"
     "(16#-*$\x013&%\"$5&%\x017&34*0/)\n1\n181&\x03352\x03781&\nWR\x030$5&+\x03\x1c\x0f\x03\x15\x13"
     "\x14\x1b\nSeptember 14, 2018\n" + STAMP_1962, [STAMP_1962], "garbage"),
    (PROSE + "\n3ODLQWLIIV\x03027,21\x03)25\x03680$5<\x03-8'*0(17", [], "garbage"),  # a footer
    (PROSE + "\nWKH &RXUW ILQGV WKDW WKH SODLQWLII", [], "garbage"),  # shifted, no control codes
    # ... and good layers with a stray code: PDFium's soft hyphen, one control character
    (PROSE.replace("below,", "be\x02low,"), [], None),
    (PROSE + "\n\x18\nAppendix C-3", [], None),
    (PROSE + "\nUNITED STATES OF AMERICA v. FIRDOS SHEIKH\nORDER RE: MOTION IN LIMINE", [], None),
]


@pytest.mark.parametrize(("text", "stamps", "reason"), PAGES)
def test_page_verdicts(text, stamps, reason):
    verdict = judge_page(text, stamps)
    assert verdict.reason == reason, (text[:60], verdict)
    assert verdict.needs_ocr is (reason is not None)


@pytest.mark.parametrize(("text", "garbage"), [
    ("81,7('67$7(6 ',675,&7 &2857 )25 7+( 1257+(51 ',675,&7 2) &$/,)251,$ 25'(5 *5$17,1*", True),
    ("(16#-*$3&%\"$5&%7&34*0/) 181&352781& WR0$5&+ 6(37(0%(5 14, 2018 &$6( 12", True),
    ("ORDER GRANTING IN PART AND DENYING IN PART DEFENDANTS' MOTION TO DISMISS THE COMPLAINT", False),
    ("See Kiobel v. Royal Dutch Petroleum Co., 569 U.S. 108, 115 (2013); 18 U.S.C. § 1030(a)(2).", False),
    ("Skilak Lake Road, Cooper Landing, AK to 36258 Suthard Blvd, Soldotna, AK 99669 - Google Maps "
     "https://www.google.com/maps/dir/Skilak+Lake+Road 2/2 Explore 36258 Suthard Blvd", False),
])
def test_garbage_is_told_from_text_by_the_text_itself(text, garbage):
    assert (garbage_score(text) >= 0.5) is garbage, garbage_score(text)


@pytest.mark.parametrize(("text", "found"), [
    ("(16#-*$\x013&%\"$5&%\x017&34*0/)\n1\n181&\x03352\x03781&",
     ["(16#-*$\x013&%\"$5&%\x017&34*0/)", "181&\x03352\x03781&"]),
    ("Date\nWKH &RXUW ILQGV\nSO ORDERED", ["WKH &RXUW ILQGV"]),  # 'the Court finds'
    ("181&\x03\n", []),  # too few letters to matter
    ("Queen, 503 F.3d 319, 325 (3d Cir. 2007). \u201c\u2018Futility\u2019 means", []),
    ("21 Cervantes-Ascencio v. INS, 326 F.3d 83, 86 (2d Cir. 2003).", []),
    ("https://secure.actblue.com/donate/arb_dd_search_1909_nunes?gclid=EAIaIQobC", []),
    ("ORDER GRANTING IN PART AND DENYING IN PART MOTION TO DISMISS", []),
])
def test_garbage_lines_are_found_on_an_otherwise_good_page(text, found):
    assert garbage_lines(text) == found
