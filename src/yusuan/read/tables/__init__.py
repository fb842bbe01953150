"""Recognise the standard tables in a stream by their titles and headers, in any known layout.

A table is found by its title (normalised: year, 部门/单位, numbering, quotes and spaces removed)
against the titles and accepted variants of every layout profile; the grids that follow it up to
the next title are its rows (a table split over pages is joined, repeated headers dropped). Its
columns are matched to the profile's columns by the header labels printed above them, not by
position; only what no label identifies falls back to position. Cells keep their printed text;
a figure's value is what is printed, or nothing.

The modules, each importing only those above it: ``titles`` (a title normalised and matched to the
layouts' tables), ``columns`` (header labels, and the profile's columns found in a grid),
``grids`` (the walk over the stream: each title and the grids under it), ``rows`` (a grid's rows
as the table's rows: codes, totals, subtotals), ``table`` (one table read from its grids),
``shape`` (a grid that lost its title, read as the table its rows fit), ``recognise`` (the layout
that explains the document best, and every table read in it).
"""
