"""Names of units: whether a name printed in a document may name the document's unit (the same
name, an abbreviation, a parent's name), and the area a unit's name starts with."""

from __future__ import annotations

import re

from yusuan.text.spacing import is_subsequence, squeeze

# The area a unit's name starts with: 湖州市, 上海市, 江苏省, 福州市鼓楼区 … (中共 before it dropped).
PLACE = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,3}?(?:省|市|自治区|区|县))")
# Words of a unit's name that say what kind of body it is, not which: left out when a name is
# compared by its characters.
GENERIC_NAME = re.compile(r"中共|人民政府|委员会|办公室|办公厅|管理|事务|服务|中心|局|委|厅|办|院|部")


def clean_name(name: str) -> str:
    name = squeeze(name).replace("(", "（").replace(")", "）")
    name = re.sub(r"（(?:本级|汇总|机关|局本级|部门|单位)）$", "", name)
    return re.sub(r"^中共", "", name)


def _variants(unit: str) -> set[str]:
    """The unit's name, and each of its names where it prints two (上海市统计和大数据研究院（上海市
    统计数据管理中心））."""
    name = clean_name(unit)
    out = {name}
    both = re.match(r"^(.+?)（(.+)）$", name)
    if both:
        out |= {both.group(1), both.group(2)}
    return out


def same_unit(name: str, unit: str) -> bool:
    """Whether ``name`` may name ``unit``: the same name, the name with more after it (其机关, 其所属),
    an abbreviation (福州市科技局, 省人大办公厅, 市交通运输局) or a parent's name (any name whose
    characters appear in order in the unit's), or a name whose distinctive characters all occur in
    the unit's (政协江苏省委员会办公厅 for 江苏省政协办公厅). Different only where a character of what
    the body is (民政 in 湖州市民政局) does not occur in the unit's name at all."""
    name = clean_name(name)
    for variant in _variants(unit):
        if name == variant or name.startswith(variant) or is_subsequence(name, variant):
            return True
        place = PLACE.match(name)
        core = GENERIC_NAME.sub("", name[place.end() :] if place else name)
        if set(core) <= set(GENERIC_NAME.sub("", variant)):
            return True
    return False
