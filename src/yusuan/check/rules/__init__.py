"""The rules, one module per family; each rule registers itself with :func:`yusuan.check.rule`."""
