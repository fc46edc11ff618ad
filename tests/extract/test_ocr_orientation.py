"""Pages scanned sideways or upside down: told from what one OCR pass read, then read turned.
The rows are the measurements of real dev-corpus scans (150 dpi) and of text on upright pages."""
import pytest

from chalicelib.extract.ocr.orientation import (Reading, best, looks_turned, looks_upright,
                                                measure, turns_to_try)


def reading(chars, confidence, tall=0.0, ink_per_char=60.0, ink_share=0.03):
    return Reading(chars=chars, confidence=confidence, tall=tall, ink_per_char=ink_per_char,
                   ink_share=ink_share)


# (what one pass read, turned?, turns to try first)
ROWS = [
    (reading(922, 0.983, ink_per_char=55), False, None),  # an upright stamp-only scan
    (reading(955, 0.831, ink_per_char=59), False, None),  # a faint organisation chart
    (reading(475, 0.98, ink_per_char=515, ink_share=0.116), False, None),  # a page of figures
    (reading(96, 0.925, ink_per_char=125, ink_share=0.006), False, None),  # 'APPENDIX C-2'
    (reading(0, 0.0, ink_per_char=0, ink_share=0.0), False, None),  # a blank page
    (reading(363, 0.695, tall=0.70, ink_per_char=354), True, [3, 1, 2]),  # landscape table
    (reading(965, 0.984, tall=1.0, ink_per_char=53), True, [1, 3, 2]),  # turned clockwise
    (reading(11, 0.582, ink_per_char=4652, ink_share=0.024), True, [2, 3, 1]),  # upside down
    (reading(243, 0.688, ink_per_char=529, ink_share=0.061), True, [2, 3, 1]),
]


@pytest.mark.parametrize(("first", "turned", "turns"), ROWS)
def test_which_pages_look_turned_and_which_turn_is_tried_first(first, turned, turns):
    assert looks_turned(first) is turned
    if turned:
        assert turns_to_try(first) == turns


def test_measure_counts_characters_in_tall_boxes():
    r = measure([(400, 20, "UNITED STATES", 0.98), (18, 300, "Page 23 of 83", 0.6),
                 (10, 30, "ab", 0.9)], ink=12_000, pixels=1_000_000)
    assert r.chars == 28 and r.tall == pytest.approx(13 / 28)
    assert r.confidence == pytest.approx((13 * 0.98 + 13 * 0.6 + 2 * 0.9) / 28)
    assert r.ink_share == 0.012 and r.ink_per_char == pytest.approx(12_000 / 28)


@pytest.mark.parametrize(("first", "turned", "upright", "keep"), [
    # the landscape table read three quarter turns round: upright, kept
    (reading(363, 0.695, tall=0.7), {3: reading(3639, 0.976, tall=0.01)}, True, 3),
    # an upside-down page: the half turn reads it
    (reading(11, 0.58), {2: reading(922, 0.983)}, True, 2),
    # turns that read no more than the page as it is: the page as it is
    (reading(40, 0.80, tall=0.4), {1: reading(35, 0.81), 3: reading(30, 0.7),
                                   2: reading(42, 0.8, tall=0.4)}, False, 0),
    # still sideways (tall boxes) though it reads more: not upright, but the best there is
    (reading(363, 0.695, tall=0.7), {2: reading(3342, 0.972, tall=1.0)}, False, 2),
])
def test_the_turn_kept(first, turned, upright, keep):
    assert looks_upright(list(turned.values())[0], first) is upright
    assert best(first, turned) == keep
    assert best(first, {}) == 0
