"""The style sheet of the Word file: the document defaults, the paragraph styles yusuan uses
(body, title, Heading 1-4, contents, table and chart styles) restyled with the 公文 faces and sizes of
:mod:`yusuan.render.typeset`, and the font table naming each face's other names."""

from __future__ import annotations

from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.styles.style import ParagraphStyle

from yusuan.render.typeset import (
    BODY,
    ERHAO,
    FACES,
    FAMILIES,
    LEVEL1_HEADING,
    LEVEL2_HEADING,
    LEVEL3_HEADING,
    PART_HEADING,
    SIZES,
    WUHAO,
    XIAOSI,
    XIAOWU,
)
from yusuan.render.wordxml import PORTRAIT, Measure, el, insert_ppr, set_fonts, set_indent

# The 公文 faces by the name Word and WPS know them; the font table names the other names of each
# face (仿宋_GB2312 / 仿宋 / FangSong …, ending with the Noto face) as alternates.
SONG, FANGSONG, HEI, KAI = (FACES[face][0] for face in ("song", "fangsong", "hei", "kai"))


class WordStyles:
    """The paragraph styles of one Word document, made when it is created."""

    def __init__(self, doc: WordDocument) -> None:
        self.doc = doc
        styles_element = self.doc.styles.element
        defaults = styles_element.find(qn("w:docDefaults"))
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        set_fonts(rpr, FANGSONG)
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        rpr.append(el("w:lang", val="zh-CN", eastAsia="zh-CN", bidi="ar-SA"))
        for tag in ("w:sz", "w:szCs"):
            node = rpr.find(qn(tag))
            if node is not None:
                node.set(qn("w:val"), str(round(BODY.size * 2)))
        ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
        for old in list(ppr):
            ppr.remove(old)
        ppr.append(el("w:spacing", after="0", line="240", lineRule="auto"))

        body = self.style("Normal", None)
        self.restyle(body, face=FANGSONG, size=BODY.size, align="both", indent_chars=2, line=360)
        self.body = body
        self.title = self.style("Title")
        self.restyle(self.title, face=SONG, size=ERHAO, bold=True, align="center", line=300, after=24)
        self.cover_date = self.style("封面日期")
        self.restyle(self.cover_date, face=FANGSONG, size=SIZES["cover_date"], align="center", before=48)
        # Heading N is the style of a heading numbered as GB/T 9704's level N-1 (see _WORD_LEVEL).
        self.headings: dict[int, ParagraphStyle] = {}
        for level, heading in enumerate(
            (PART_HEADING, LEVEL1_HEADING, LEVEL2_HEADING, LEVEL3_HEADING), start=1
        ):
            style = self.style(f"Heading {level}")
            self.restyle(
                style,
                face=FACES[heading.face][0],
                size=heading.size,
                bold=heading.bold,
                align="center" if heading.centred else None,
                indent_chars=0 if heading.centred else 2,
                line=300 if level == 1 else 360,
                before=12 if level == 1 else 6,
                after=12 if level == 1 else 0,
                keep_next=True,
                outline=level - 1,
            )
            self.headings[level] = style
        self.toc_heading = self.style("TOC Heading")
        self.restyle(self.toc_heading, face=HEI, size=SIZES["part"], bold=True, align="center", after=12)
        self.toc_styles: dict[int, ParagraphStyle] = {}
        for level in (1, 2):
            style = self.style(f"toc {level}")
            self.restyle(style, face=FANGSONG, size=XIAOSI, indent_chars=0, line=300)
            ppr = style.element.find(qn("w:pPr"))
            ind = ppr.find(qn("w:ind"))
            ind.set(qn("w:left"), str(round((level - 1) * 2 * XIAOSI * 20)))
            ind.set(qn("w:leftChars"), str((level - 1) * 200))
            # the page number right-aligned behind a dotted leader; a long entry wraps before it
            ind.set(qn("w:right"), str(round(3 * XIAOSI * 20)))
            tabs = el("w:tabs")
            tabs.append(el("w:tab", val="right", leader="dot", pos=str(PORTRAIT.text_width)))
            insert_ppr(ppr, tabs)
            self.toc_styles[level] = style
        self.table_number = self.style("表号")
        self.restyle(self.table_number, face=FANGSONG, size=XIAOSI, align="left")
        self.table_title = self.style("表题")
        self.restyle(
            self.table_title,
            face=HEI,
            size=SIZES["table_title"],
            bold=True,
            align="center",
            after=6,
            keep_next=True,
        )
        self.table_info = self.style("表头信息")
        self.restyle(self.table_info, face=FANGSONG, size=WUHAO, after=3, keep_next=True)
        self.table_text = self.style("表格文字")
        self.restyle(self.table_text, face=FANGSONG, size=WUHAO)
        self.table_small = self.style("表格小字")
        self.restyle(self.table_small, face=FANGSONG, size=XIAOWU)
        self.note = self.style("表注")
        self.restyle(self.note, face=FANGSONG, size=WUHAO, before=3, line=300)
        self.figure = self.style("图")
        self.restyle(self.figure, face=FANGSONG, size=WUHAO, align="center", before=6, keep_next=True)
        self.caption = self.style("Caption")
        self.restyle(self.caption, face=HEI, size=SIZES["caption"], align="center", after=3)
        self.figure_text = self.style("图注")
        self.restyle(self.figure_text, face=FANGSONG, size=XIAOWU, align="left", line=276, after=12)
        self.signature = self.style("落款")
        self.restyle(self.signature, face=FANGSONG, size=BODY.size, align="right", line=360)
        footer = self.style("Footer")
        self.restyle(footer, face=SONG, size=SIZES["footer"], align="center")

        settings = self.doc.settings.element
        lang = settings.find(qn("w:themeFontLang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")
        # Word fills in the contents' page numbers on opening (it asks first)
        update = el("w:updateFields", val="true")
        anchor = settings.find(qn("w:defaultTabStop"))
        if anchor is not None:
            anchor.addprevious(update)
        else:
            settings.append(update)
        self._font_table()

    def style(self, name: str, base: str | None = "Normal") -> ParagraphStyle:
        """The paragraph style ``name``, added if the default template lacks it."""
        styles = self.doc.styles
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.quick_style = True
        assert isinstance(style, ParagraphStyle)
        if base is not None and style.name != "Normal":
            style.base_style = styles[base]
        return style

    def restyle(
        self,
        style: ParagraphStyle,
        *,
        face: str,
        size: Measure,
        bold: bool = False,
        align: str | None = None,
        indent_chars: int = 0,
        line: int = 240,
        before: Measure = 0,
        after: Measure = 0,
        keep_next: bool = False,
        outline: int | None = None,
    ) -> None:
        """Replace a style's paragraph and run properties by these."""
        element = style.element
        for tag in ("w:pPr", "w:rPr"):
            for old in element.findall(qn(tag)):
                element.remove(old)
        ppr = el("w:pPr")
        if keep_next:
            ppr.append(el("w:keepNext"))
            ppr.append(el("w:keepLines"))
        ppr.append(
            el(
                "w:spacing",
                before=str(round(before * 20)),
                after=str(round(after * 20)),
                line=str(line),
                lineRule="auto",
            )
        )
        set_indent(ppr, indent_chars, size)
        if align is not None:
            ppr.append(el("w:jc", val=align))
        if outline is not None:
            ppr.append(el("w:outlineLvl", val=str(outline)))
        rpr = el("w:rPr")
        set_fonts(rpr, face)
        if bold:
            rpr.append(el("w:b"))
            rpr.append(el("w:bCs"))
        rpr.append(el("w:color", val="000000"))
        rpr.append(el("w:sz", val=str(round(size * 2))))
        rpr.append(el("w:szCs", val=str(round(size * 2))))
        # w:pPr and w:rPr come after the style's name/basedOn/next/link/… elements.
        element.append(ppr)
        element.append(rpr)

    def _font_table(self) -> None:
        """Name each 公文 face with its other names (FangSong …, the Noto face last) as alternates,
        for a Word or WPS that lacks the name the styles use."""
        part = self.doc.part.part_related_by(RT.FONT_TABLE)
        xml = part.blob.decode("utf-8")
        entries = "".join(
            f'<w:font w:name="{names[0]}"><w:altName w:val="{",".join(names[1:])}"/>'
            f'<w:charset w:val="86"/><w:family w:val="{FAMILIES[face]}"/><w:pitch w:val="variable"/>'
            "</w:font>"
            for face, names in FACES.items()
        )
        part._blob = xml.replace("</w:fonts>", entries + "</w:fonts>").encode("utf-8")
