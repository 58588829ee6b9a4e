"""robots.txt decisions the mutation run found unchecked: its own path is implicitly allowed
(RFC 9309, 2.2.2) under rules, and nothing at all is fetched when it is unreachable."""

from __future__ import annotations

from datetime import datetime, timezone

from precall.research.robots import RobotsCacheEntry, RobotsRules


def test_robots_txt_is_allowed_even_under_disallow_all_rules() -> None:
    rules = RobotsRules.parse("User-agent: *\nDisallow: /\n")
    assert rules.allows("https://x.example/robots.txt") is True
    assert rules.allows("https://x.example/robots.txt.bak") is False
    assert rules.allows("https://x.example/a") is False


def test_a_server_error_or_no_answer_disallows_every_path_even_robots_txt() -> None:
    # RFC 9309, 2.3.1.4: when robots.txt is unreachable (5xx, 429, no answer) assume
    # complete disallow; nothing of the site is fetched, robots.txt included.
    fetched = datetime(2026, 11, 1, tzinfo=timezone.utc)
    for status in (500, 503, 429, None):
        rules = RobotsCacheEntry.from_response("https://x.example", status, b"", fetched).rules()
        assert rules.allows("https://x.example/a") is False
        assert rules.allows("https://x.example/robots.txt") is False
    allowed = RobotsCacheEntry.from_response("https://x.example", 404, b"", fetched).rules()
    assert allowed.allows("https://x.example/a") is True
