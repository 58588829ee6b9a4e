"""robots.txt per RFC 9309, which Python's ``urllib.robotparser`` does not follow
(it ignores ``*`` and ``$`` and takes the first match, not the longest).

* Groups: consecutive ``user-agent`` lines, then rules. Our product token is matched
  case-insensitively; all groups naming it are merged; otherwise the ``*`` groups.
* The longest matching pattern wins; between an allow and a disallow of equal length,
  allow wins. ``*`` matches any run of characters, a trailing ``$`` anchors the end.
* Fetch outcome: 2xx parse the rules; 4xx means no rules (allow all); 5xx or an
  unreachable server means disallow all for now. At least 500 KiB are parsed; a
  cached answer lives at most 24 hours.
* ``Crawl-delay`` (not in the RFC, but widely used) is read for the matching group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import quote, urlsplit

from precall.net.urls import url_host
from precall.research.sources import RobotsDecision

MAX_ROBOTS_BYTES = 512 * 1024
CACHE_FOR = timedelta(hours=24)
#: A robots.txt that failed with 5xx is asked again sooner than a good one.
CACHE_FAILURE_FOR = timedelta(hours=1)
PRODUCT_TOKEN = "precall"

ALLOW_ALL = "allow_all"
DISALLOW_ALL = "disallow_all"
RULES = "rules"

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Rule:
    allow: bool
    pattern: str

    def matches(self, path: str) -> bool:
        if "*" not in self.pattern and not self.pattern.endswith("$"):
            return path.startswith(self.pattern)  # most rules: a plain prefix
        return glob_match(self.pattern, path)


def glob_match(pattern: str, path: str) -> bool:
    """Does ``pattern`` (``*`` any run, a trailing ``$`` the end) match the start of ``path``?

    A two-pointer match that backtracks only to the last ``*``: at most
    len(pattern) × len(path) steps. (Translating ``*`` to a regex ``.*`` backtracks
    exponentially: "/a*a*a*a*a*a*a*a*b" against a long path of "a"s took 15 s.)
    """
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern + "*"  # unanchored: any rest of the path may follow
    p = s = 0
    star, resume = -1, 0
    while s < len(path):
        if p < len(body) and body[p] == "*":
            star, resume = p, s
            p += 1
        elif p < len(body) and body[p] == path[s]:
            p += 1
            s += 1
        elif star >= 0:
            resume += 1
            p, s = star + 1, resume
        else:
            return False
    while p < len(body) and body[p] == "*":
        p += 1
    return p == len(body)


@dataclass
class Group:
    agents: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    crawl_delay: float | None = None


@dataclass(frozen=True)
class RobotsRules:
    """What one robots.txt allows: ``outcome`` is rules, allow_all or disallow_all."""

    outcome: str
    groups: tuple[Group, ...] = ()

    @classmethod
    def parse(cls, text: str) -> "RobotsRules":
        return cls(RULES, tuple(parse_groups(text)))

    def _group_for(self, agent: str) -> tuple[list[Rule], float | None]:
        cache: dict[str, tuple[list[Rule], float | None]] = self.__dict__.setdefault("_by_agent", {})
        if agent not in cache:
            cache[agent] = self._select(agent)
        return cache[agent]

    def _select(self, agent: str) -> tuple[list[Rule], float | None]:
        token = agent.lower()
        mine = [g for g in self.groups if token in g.agents]
        chosen = mine or [g for g in self.groups if "*" in g.agents]
        rules = [rule for group in chosen for rule in group.rules]
        delays = [g.crawl_delay for g in chosen if g.crawl_delay is not None]
        return rules, (max(delays) if delays else None)

    def allows(self, url: str, agent: str = PRODUCT_TOKEN) -> bool:
        if self.outcome == ALLOW_ALL:
            return True
        if self.outcome == DISALLOW_ALL:
            return False
        path = path_of(url)
        if path == "/robots.txt":
            return True
        rules, _delay = self._group_for(agent)
        best: Rule | None = None
        for rule in rules:
            if not rule.matches(path):
                continue
            if best is None or len(rule.pattern) > len(best.pattern) or (
                len(rule.pattern) == len(best.pattern) and rule.allow and not best.allow
            ):
                best = rule
        return best is None or best.allow

    def crawl_delay(self, agent: str = PRODUCT_TOKEN) -> float | None:
        if self.outcome != RULES:
            return None
        return self._group_for(agent)[1]

    def decision(self, url: str, agent: str = PRODUCT_TOKEN) -> RobotsDecision:
        if self.outcome == ALLOW_ALL:
            return RobotsDecision.NO_RULES
        if self.outcome == DISALLOW_ALL:
            return RobotsDecision.UNAVAILABLE
        return RobotsDecision.ALLOWED if self.allows(url, agent) else RobotsDecision.DISALLOWED


def parse_groups(text: str) -> list[Group]:
    groups: list[Group] = []
    current: Group | None = None
    in_rules = False
    for raw in text[: MAX_ROBOTS_BYTES * 2].splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, _, value = line.partition(":")
        key, value = key.strip().lower().replace("_", "-"), value.strip()
        if key in ("user-agent", "useragent"):
            if current is None or in_rules:
                current = Group()
                groups.append(current)
                in_rules = False
            # "Googlebot/2.1" names the product "googlebot"; only the token before "/" counts.
            current.agents.append(value.split("/", 1)[0].strip().lower() or "*")
        elif key in ("allow", "disallow") and current is not None:
            in_rules = True
            if value:  # an empty Disallow allows everything: it adds no rule
                current.rules.append(Rule(key == "allow", normalize(value)))
        elif key == "crawl-delay" and current is not None:
            in_rules = True
            try:
                delay = float(value)
            except ValueError:
                continue
            if 0 <= delay < 86_400:
                current.crawl_delay = delay
    return groups


def normalize(text: str) -> str:
    """Percent-encode non-ASCII (as UTF-8) and decode escapes of unreserved characters,
    so a pattern and a path written differently compare equal (RFC 9309 2.2.2)."""
    encoded = quote(text, safe="!#$&'()*+,/:;=?@[]-._~%")

    def unescape(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _ESCAPE.sub(unescape, encoded)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return normalize(path)


def origin_of(url: str) -> str:
    """scheme://host[:port]: robots.txt applies per origin. IPv6 literals keep their
    brackets, so ``origin + "/robots.txt"`` is a URL. Raises ValueError for a URL
    ``urllib`` cannot split (callers check with ``validate_url`` first)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = url_host((parts.hostname or "").lower().rstrip("."))
    port = parts.port
    default = 443 if scheme == "https" else 80
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


@dataclass(frozen=True)
class RobotsCacheEntry:
    """A fetched robots.txt as kept in the database between refreshes."""

    origin: str
    fetched_at: datetime
    expires_at: datetime
    http_status: int | None
    outcome: str
    body: str = ""

    def rules(self) -> RobotsRules:
        return RobotsRules.parse(self.body) if self.outcome == RULES else RobotsRules(self.outcome)

    @classmethod
    def from_response(cls, origin: str, status: int | None, body: bytes, fetched_at: datetime) -> "RobotsCacheEntry":
        """The RFC's reading of a robots.txt response (status None: unreachable)."""
        if status is not None and 200 <= status < 300:
            text = body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace").lstrip("\ufeff")
            return cls(origin, fetched_at, fetched_at + CACHE_FOR, status, RULES, text)
        if status is not None and 400 <= status < 500 and status != 429:
            return cls(origin, fetched_at, fetched_at + CACHE_FOR, status, ALLOW_ALL)
        # 5xx, 429 (treated as "server busy" out of courtesy) or no answer at all.
        return cls(origin, fetched_at, fetched_at + CACHE_FAILURE_FOR, status, DISALLOW_ALL)
