"""Small lexical checks on Cypher text that both engines need before running user queries."""

from __future__ import annotations

import re

_TX_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK)\b", re.IGNORECASE)


def statements(text: str) -> list[str]:
    """Split Cypher into statements at ``;`` outside strings, backticks and comments.

    Examples
    --------
    >>> statements("RETURN 'a;b'; MATCH (n) RETURN n // x;y")
    ["RETURN 'a;b'", 'MATCH (n) RETURN n // x;y']
    >>> statements("RETURN 1;  ")
    ['RETURN 1']
    """
    parts: list[str] = []
    current: list[str] = []
    i, n = 0, len(text)
    quote: str | None = None
    while i < n:
        ch = text[i]
        if quote:
            current.append(ch)
            if ch == "\\" and quote != "`" and i + 1 < n:
                current.append(text[i + 1])
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
            current.append(ch)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end == -1 else end
            current.append(text[i:end])
            i = end
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end == -1 else end + 2
            current.append(text[i:end])
            i = end
            continue
        elif ch == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return [p.strip() for p in parts if _strip_comments(p).strip()]


def _strip_comments(text: str) -> str:
    return re.sub(r"//[^\n]*|/\*.*?\*/", "", text, flags=re.DOTALL)


def single_statement(text: str) -> str | None:
    """The one statement in ``text``, or None when there are several or it controls transactions.

    Read-only execution relies on the engine's read-only transaction; a second
    statement (``COMMIT; CREATE ...``) could end that transaction, so it is refused.

    >>> single_statement("MATCH (n) RETURN n;")
    'MATCH (n) RETURN n'
    >>> single_statement("RETURN 1; COMMIT") is None
    True
    """
    parts = statements(text)
    if len(parts) != 1 or _TX_CONTROL.match(_strip_comments(parts[0])):
        return None
    return parts[0]
