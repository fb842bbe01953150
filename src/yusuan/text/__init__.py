"""Plain-text helpers that reading, checking, laying out and rendering all use: how wide text
prints (``width``), text without white space (``spacing``), Chinese numerals both ways
(``numerals``). It imports no other yusuan package, so every package may import it."""
