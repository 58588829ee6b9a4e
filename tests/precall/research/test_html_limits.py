"""Bounding scraped HTML: exact depth and size caps, with the text of dropped tags kept."""

from __future__ import annotations

import lxml.html
import pytest

from precall.research.html_limits import bound_html, max_nesting, too_deep


def nested(depth: int, text: str = "deep words") -> str:
    return "<div>" * depth + text + "</div>" * depth


def test_nesting_at_the_cap_is_kept_exactly() -> None:
    page = nested(3)
    assert bound_html(page, max_depth=3) == page


def test_tags_beyond_the_cap_are_dropped_with_their_closers_and_the_text_kept() -> None:
    bounded = bound_html(nested(5) + "<p>after</p>", max_depth=3)
    assert bounded == "<div><div><div>  deep words</div></div></div><p>after</p>"
    assert max_nesting(bounded) == 3


def test_closers_without_openers_do_not_go_below_zero() -> None:
    page = "</div></div>" + nested(2) + "<br><img src=x/><hr/>" + "<span/>"
    assert max_nesting(page) == 2
    assert bound_html(page, max_depth=2) == page


def test_comments_and_raw_text_do_not_count_as_nesting() -> None:
    page = "<!-- <div><div><div> -->" + "<script><div><div><div></script>" + "<STYLE><div><div></style >" + "<p>x</p>"
    assert max_nesting(page) == 1
    assert bound_html(page, max_depth=1) == page
    assert max_nesting("<!-- never closed <div><div>") == 0
    assert max_nesting("<script><div><div>") == 0


def test_the_size_cap_applies_after_removing_nesting() -> None:
    page = nested(50, "x" * 40)
    assert bound_html(page, max_chars=100, max_depth=2) == ("<div><div>" + " " * 48 + "x" * 40 + "</div></div>")[:100]
    assert len(bound_html("<p>" + "y" * 500 + "</p>", max_chars=120)) == 120


def test_text_past_four_times_the_cap_is_never_read() -> None:
    page = "a" * 40 + nested(10)
    assert bound_html(page, max_chars=10, max_depth=2) == "a" * 10
    assert bound_html("a" * 39 + "<div><div><div>", max_chars=10, max_depth=2) == "a" * 10


@pytest.mark.parametrize(("depth", "expected"), [(3, False), (4, True)])
def test_too_deep_counts_ancestors_of_the_deepest_element(depth: int, expected: bool) -> None:
    # html > body > div * (depth - 1): the deepest div has ``depth`` ancestors.
    tree = lxml.html.fromstring("<html><body>" + nested(depth - 1) + "</body></html>")
    assert too_deep(tree, max_depth=4) is expected
