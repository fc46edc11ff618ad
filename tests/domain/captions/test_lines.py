"""Caption lines and pleading paper's line numbers."""
import pytest

from chalicelib.domain.captions.lines import clean_lines, strip_pleading_numbers

NUMBERED = "\n".join(f"{i} line {i} of the pleading" for i in range(1, 10))


@pytest.mark.parametrize("tail,want_tail", [
    # a line number glued to the first word of its line: "§ 10" + "1983"
    ("\n101983 claims under it\n11 more", "\n1983 claims under it\nmore"),
    # a wrapped citation whose second line starts with its line number
    ("\n10 whether 8\n11 U.S.C. § 1427 applies", "\nwhether 8\nU.S.C. § 1427 applies"),
    # a line number glued to a capitalised word: "11" + "U.S. 544"; an ordinal is no line number
    ("\n10 See Twombly, 550\n11U.S. 544, 570 (2007).", "\nSee Twombly, 550\nU.S. 544, 570 (2007)."),
    ("\n10 before the\n11th Circuit", "\nbefore the\n11th Circuit"),
    # numbered blank lines dropped by the text layer: the sequence resumes a little ahead
    ("\n12 skipped two\n13 next", "\nskipped two\nnext"),
])
def test_pleading_numbers_are_removed(tail, want_tail):
    out = strip_pleading_numbers(NUMBERED + tail)
    assert out.endswith(want_tail)
    assert out.startswith("line 1 of the pleading\nline 2")


@pytest.mark.parametrize("text", [
    "42 U.S.C. § 1983\n28 U.S.C. § 1331\n12390 El Camino Real",   # too few to be pleading paper
    "\n".join(f"{n} Main Street" for n in (12, 40, 7, 300, 1, 9, 22, 5, 61, 3, 8)),  # no sequence
])
def test_other_leading_numbers_are_kept(text):
    assert strip_pleading_numbers(text) == text


def test_a_column_of_numbers_does_not_eat_an_address():
    column = "\n".join(str(i) for i in range(1, 29))
    out = strip_pleading_numbers(column + "\nJuanita R. Brooks\n12390 El Camino Real")
    assert out.endswith("Juanita R. Brooks\n12390 El Camino Real")


@pytest.mark.parametrize("text,want", [
    # S.D.N.Y.'s caption border "----x" and what OCR reads of it: a lone "X", full-width colons
    ("-------------------------------x\nIn re:\nACME CORP.,\nDebtor.\n：\nX\n：",
     ["In re:", "ACME CORP.,", "Debtor."]),
    ("X\nBAKERY, CONFECTIONERY, TOBACCO\nx", ["BAKERY, CONFECTIONERY, TOBACCO"]),
])
def test_caption_borders_are_no_lines(text, want):
    assert clean_lines(text) == want
