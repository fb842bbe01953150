"""The grammar of budget prose, shared by reading and checking: the numbers a text states and what
each one is about (:mod:`.claims`).

Both :mod:`yusuan.read` (claims of a published document) and :mod:`yusuan.check` (claims of a
generated one, and the sentences the rules quote) import it; it imports neither.
"""
