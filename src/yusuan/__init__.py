"""yusuan (预算): data-first budget disclosures for Chinese government budget units."""

__version__ = "0.1.0"
