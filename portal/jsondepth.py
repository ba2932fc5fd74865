"""How deep a JSON text nests, measured before it is parsed: the API's write endpoint (api/parsers.py) and
the Kolada upload and answers (kolada/parsing.py) refuse JSON nested deeper than they need, since a
thousand levels made the parser or its error report recurse past Python's limit."""

from __future__ import annotations

import re

STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(body: bytes) -> int:
    """How deep the JSON's arrays and objects nest, brackets inside strings not counted. Linear in the body."""
    depth = deepest = 0
    for bracket in BRACKET.finditer(STRING.sub(b"", body)):
        depth += 1 if bracket.group() in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest
