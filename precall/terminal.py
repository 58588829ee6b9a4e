"""Making text from outside safe to print on a terminal.

Calendar titles, template names, page titles and error messages quoting them come
from other people. A terminal obeys control characters in what it prints: ESC starts
sequences that set the window title or clear the screen, and so do the 8-bit C1
controls (U+009B is a one-character CSI). ``printable`` replaces every such character
so text shows as text; ``json_safe`` does the same for JSON output, where the
characters are escaped instead (the JSON stays valid and means the same).
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and lone surrogates (which
# cannot be encoded for output at all).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# In JSON text, tab and newline inside strings are already escaped by json.dumps.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def printable(text: str) -> str:
    """``text`` with every terminal control character replaced by U+FFFD."""
    return _UNSAFE.sub(REPLACEMENT, text)


def json_safe(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with DEL, C1 controls and
    lone surrogates written as ``\\uXXXX`` escapes.

    ``json.dumps`` escapes C0 controls itself but prints these raw when ``ensure_ascii``
    is off; they can only occur inside strings, where an escape means the same character.
    """
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
