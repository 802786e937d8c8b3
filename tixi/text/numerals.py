"""Chinese and Roman numerals as they appear in article and item labels."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_ROMAN = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "Ⅵ": 6, "Ⅶ": 7, "Ⅷ": 8, "Ⅸ": 9, "Ⅹ": 10, "Ⅺ": 11, "Ⅻ": 12}
_CIRCLED_FIRST = 0x2460  # ①


def chinese_to_int(numeral: str) -> int | None:
    """Return the value of a Chinese numeral (一百二十三, 二〇二, 十五) or ASCII digits; None if not one."""
    if numeral.isdigit():
        return int(numeral)
    total, current = 0, 0
    zero_run = all(char in "零〇" or char in _DIGITS for char in numeral) and not any(char in _UNITS for char in numeral)
    if zero_run and len(numeral) > 1:
        # 二〇二 written digit by digit
        digits = [_DIGITS.get(char) for char in numeral]
        if any(digit is None for digit in digits):
            return None
        return int("".join(str(digit) for digit in digits))
    for char in numeral:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char in _UNITS:
            total += (current or 1) * _UNITS[char]
            current = 0
        else:
            return None
    return total + current


def roman_to_int(label: str) -> int | None:
    """Return the value of a single-character Roman numeral such as Ⅲ; None otherwise."""
    return _ROMAN.get(label)


def circled_to_int(char: str) -> int | None:
    """Return the value of a circled number ① … ⑳; None otherwise."""
    value = ord(char) - _CIRCLED_FIRST + 1
    return value if 1 <= value <= 20 else None
