"""PDFs laid out as printed gazettes, made with reportlab: running header, page number footer, wrapped lines, columns."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAGE_WIDTH, PAGE_HEIGHT = 595, 842
SIZE = 11
LEADING = 16


def wrap(paragraph: str, width: int, hyphenate: bool = False) -> list[str]:
    """Return paragraph cut into lines of ``width`` characters (Latin text at spaces, long words hyphenated)."""
    if not hyphenate:
        return [paragraph[i:i + width] for i in range(0, len(paragraph), width)] or [""]
    lines, line = [], ""
    for word in paragraph.split(" "):
        while len(line) + len(word) + 1 > width and len(word) > 6 and width - len(line) - 2 > 3:
            cut = width - len(line) - 2 - (1 if line else 0)
            lines.append(f"{line} {word[:cut]}-".strip())
            line, word = "", word[cut:]
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def gazette_pdf(path: Path, paragraphs: list[str], *, header: str, width: int = 34, columns: int = 1,
                lines_per_page: int = 40, hyphenate: bool = False, font: str = FONT, title: str | None = None) -> Path:
    """Write paragraphs as a gazette: each page has the running header on top and 「— n —」 at the bottom."""
    lines = [line for paragraph in paragraphs for line in wrap(paragraph, width, hyphenate)]
    per_page = lines_per_page * columns
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    if title:
        pdf.setTitle(title)
    column_width = (PAGE_WIDTH - 120) / columns
    for number, first in enumerate(range(0, len(lines), per_page), start=1):
        pdf.setFont(font, 9)
        pdf.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 40, header)
        pdf.line(60, PAGE_HEIGHT - 46, PAGE_WIDTH - 60, PAGE_HEIGHT - 46)
        pdf.setFont(font, SIZE)
        page = lines[first:first + per_page]
        for column in range(columns):
            for row, line in enumerate(page[column * lines_per_page:(column + 1) * lines_per_page]):
                pdf.drawString(60 + column * column_width, PAGE_HEIGHT - 80 - row * LEADING, line)
        pdf.setFont(font, 10)
        pdf.drawCentredString(PAGE_WIDTH / 2, 40, f"— {number} —")
        pdf.showPage()
    pdf.save()
    return path
