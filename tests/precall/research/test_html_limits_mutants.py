"""A comment is skipped whole, up to and including its closing "-->"."""

from __future__ import annotations

from precall.research.html_limits import max_nesting


def test_a_tag_like_text_at_the_end_of_a_comment_is_not_a_tag() -> None:
    assert max_nesting("<div><!--<p --></div>") == 1
    assert max_nesting("<div><!-- <p><p><p> --><span></span></div>") == 2
