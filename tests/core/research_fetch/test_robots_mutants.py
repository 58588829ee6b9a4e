"""robots.txt itself is always allowed, whatever its rules say (RFC 9309, 2.2.2: "implicitly allowed")."""

from __future__ import annotations

from precall.research.robots import RobotsRules


def test_robots_txt_is_allowed_even_under_disallow_all_rules() -> None:
    rules = RobotsRules.parse("User-agent: *\nDisallow: /\n")
    assert rules.allows("https://x.example/robots.txt") is True
    assert rules.allows("https://x.example/robots.txt.bak") is False
    assert rules.allows("https://x.example/a") is False
