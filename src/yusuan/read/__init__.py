"""Reading published disclosures (text, HTML, DOCX, XLSX, PDF) into the disclosure document.

A format reader turns a file into a stream of blocks (:mod:`.stream`); the rest works on the
stream: tables are recognised by title and header against every known layout (:mod:`.tables`),
the explanatory text is split into sections with their numeric claims (:mod:`.sections`,
:mod:`.claims`), and a report says what was found, what is missing and what could not be read.
Reading never invents a figure: a cell's value is what is printed, or nothing.
"""
