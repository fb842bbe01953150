"""Plain-text helpers that reading, checking, laying out and rendering all use: how wide text
prints (``width``), text without white space (``spacing``), Chinese numerals both ways
(``numerals``), whether a name may name a unit (``units``), an amount with its unit (``amounts``),
and the grammar of budget prose, the numbers a text states and what each one is about
(``claims``). Its modules import nothing of yusuan but the lexicon, the model and each other
(``claims`` returns the model's ``Claim``; ``width``, ``spacing``, ``numerals`` and ``amounts``
import nothing of yusuan, ``units`` only ``spacing``), so every package may import it at module
level."""
