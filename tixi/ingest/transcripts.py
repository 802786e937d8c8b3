"""Interview transcripts: WebVTT (.vtt) and SubRip (.srt) cues, and ``Name：text`` turns.

A subtitle file becomes one line per cue, holding the words a reader sees (markup removed,
a written ``Name：`` prefix kept), so offsets point at readable text. Each cue is a "turn"
segment with its speaker and times. Plain-text and DOCX transcripts are recognised by
their speaker labels (``turns_from_text``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tixi.errors import ReadError
from tixi.ingest.base import ReadOptions, ReadProblem, SourceDocument
from tixi.model import INTERVIEW_KIND, Segment

# A speaker label: 1-20 characters without sentence punctuation, then ":" or "：".
_LABEL = re.compile(r"[ \t\u3000]*(?P<label>[^\s:：][^:：\n]{0,19}?)[ \t\u3000]*[:：]")
_NOT_IN_LABEL = frozenset("。！？!?；;，,、“”\"'|<>《》[]{}=/\\")
_MIN_LABELLED_SHARE = 0.6
_MIN_LABELLED_LINES = 2

_TIMESTAMP = r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?"
_TIMING = re.compile(rf"^\s*{_TIMESTAMP}\s*-->\s*{_TIMESTAMP}")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)*[ \t]+([^>]+)>")
_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")  # HTML-like tags, and {\an8}-style SRT overrides
_NON_CUE_BLOCKS = ("WEBVTT", "NOTE", "STYLE", "REGION")
_CJK_EDGE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


@dataclass
class Cue:
    """One subtitle cue: times in seconds, the text as shown, and the speaker if known."""

    start_time: float
    end_time: float
    text: str
    speaker: str | None


def speaker_label(line: str) -> tuple[str, int] | None:
    """Return the speaker named at the start of line and the offset just after its colon."""
    match = _LABEL.match(line)
    if match is None:
        return None
    label = match.group("label").strip()
    if any(char in _NOT_IN_LABEL for char in label) or label.isdigit():
        return None
    if line[match.end() : match.end() + 2] == "//":  # "http://..." is a URL, not a speaker
        return None
    return label, match.end()


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Return (offset, line) for each line of text, without the line break (and any "\\r")."""
    offset = 0
    for line in text.split("\n"):
        yield offset, line.removesuffix("\r")
        offset += len(line) + 1


def _is_interview(lines: list[str]) -> bool:
    """Return True if enough non-empty lines start with a speaker label."""
    filled = [line for line in lines if line.strip()]
    labelled = sum(1 for line in filled if speaker_label(line) is not None)
    return labelled >= _MIN_LABELLED_LINES and labelled >= _MIN_LABELLED_SHARE * len(filled)


def turns_from_text(text: str) -> list[Segment]:
    """Return one "turn" segment per speaker label in text, or [] if text is not a transcript.

    A turn runs from its label to the end of the last line before the next label; lines
    without a label continue the previous turn, lines before the first label belong to none.
    """
    lines = list(_lines(text))
    if not _is_interview([line for _, line in lines]):
        return []
    turns: list[Segment] = []
    for offset, line in lines:
        found = speaker_label(line)
        if found is not None:
            speaker = found[0]
            start = offset + len(line) - len(line.lstrip())
            turns.append(Segment("turn", start, offset + len(line.rstrip()), label=speaker,
                                 number=len(turns) + 1, meta={"speaker": speaker}))
        elif turns and line.strip():
            turns[-1].end = offset + len(line.rstrip())
    return turns


def speakers_of(turns: list[Segment]) -> list[str]:
    """Return the sorted distinct speaker labels of turns."""
    return sorted({turn.label for turn in turns if turn.label})


def mark_interview(document: SourceDocument) -> None:
    """Add turn segments, kind "interview" and the speakers to document if it is a transcript."""
    turns = turns_from_text(document.text)
    if not turns:
        return
    document.segments.extend(turns)
    document.meta["kind"] = INTERVIEW_KIND
    document.meta["speakers"] = speakers_of(turns)


def parse_timestamp(groups: tuple[str | None, ...]) -> float:
    """Return seconds for the (hours, minutes, seconds, fraction) groups of a timestamp."""
    hours, minutes, seconds, fraction = groups
    total = int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    return total + (int(fraction.ljust(3, "0")) / 1000 if fraction else 0.0)


def _join_cue_lines(lines: list[str]) -> str:
    """Return cue lines as one line: no space between Chinese characters, one elsewhere."""
    joined = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        cjk_seam = bool(joined) and bool(_CJK_EDGE.match(joined[-1])) and bool(_CJK_EDGE.match(line[0]))
        joined = joined + line if not joined or cjk_seam else f"{joined} {line}"
    return joined


def _cue_text(payload: list[str]) -> tuple[str, str | None]:
    """Return the readable text of a cue's payload lines and the speaker it names, if any."""
    raw = _join_cue_lines(payload)
    voice = _VOICE.search(raw)
    text = html.unescape(_TAG.sub("", raw)).strip()
    if voice is not None:
        return text, voice.group(1).strip()
    found = speaker_label(text)
    return text, found[0] if found else None


def _blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """Return (first line number, lines) for each run of non-blank lines in text."""
    block: list[str] = []
    first = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def parse_cues(text: str, warnings: list[str]) -> tuple[list[Cue], list[str]]:
    """Return the cues of a WebVTT or SRT text and its comments (NOTE blocks, WEBVTT header text).

    Blocks that are neither cues nor VTT header, NOTE, STYLE or REGION blocks add a warning.
    """
    cues: list[Cue] = []
    notes: list[str] = []
    for line_number, block in _blocks(text.lstrip("\ufeff")):
        head = block[0].strip()
        if head.split(" ", 1)[0] in _NON_CUE_BLOCKS:
            if head.startswith("NOTE"):
                notes.append(" ".join(line.strip() for line in block)[4:].strip())
            elif head.startswith("WEBVTT") and head[6:].strip(" -\t"):
                notes.append(head[6:].strip(" -\t"))  # "WEBVTT - text": a comment on the file
            continue
        timing_at = next((i for i, line in enumerate(block) if "-->" in line), None)
        timing = _TIMING.match(block[timing_at]) if timing_at is not None else None
        if timing_at is None or timing is None:
            warnings.append(f"line {line_number}: not a cue, skipped")
            continue
        cue_text, speaker = _cue_text(block[timing_at + 1 :])
        if not cue_text:
            continue
        groups = timing.groups()
        cues.append(Cue(parse_timestamp(groups[:4]), parse_timestamp(groups[4:]), cue_text, speaker))
    return cues, notes


def document_from_cues(cues: list[Cue], format_name: str) -> SourceDocument:
    """Return a document with one line and one "turn" segment per cue."""
    lines: list[str] = []
    segments: list[Segment] = []
    offset = 0
    for number, cue in enumerate(cues, start=1):
        meta = {"speaker": cue.speaker, "start_time": cue.start_time, "end_time": cue.end_time}
        segments.append(Segment("turn", offset, offset + len(cue.text), label=cue.speaker,
                                number=number, meta=meta))
        lines.append(cue.text)
        offset += len(cue.text) + 1
    document = SourceDocument(text="\n".join(lines), format=format_name, segments=segments)
    speakers = speakers_of(segments)
    if speakers:
        document.meta["kind"] = INTERVIEW_KIND
        document.meta["speakers"] = speakers
    return document


def read_transcript(path: Path, options: ReadOptions) -> Iterator[SourceDocument | ReadProblem]:
    """Return the one document of a .vtt or .srt file: a line and a turn per cue."""
    # Imported here: plaintext imports this module (for mark_interview) at its top.
    from tixi.ingest.plaintext import check_length, damage_warning, decode_counted

    check_length(path, options.limits)
    try:
        text, encoding, replaced = decode_counted(path.read_bytes())
    except ValueError as e:
        raise ReadError(str(path), str(e)) from e
    warnings: list[str] = [damage_warning(replaced, encoding)] if replaced else []
    cues, notes = parse_cues(text, warnings)
    format_name = path.suffix.lower().lstrip(".")
    if not cues:
        raise ReadError(str(path), f"no cues found: not a {format_name.upper()} transcript")
    document = document_from_cues(cues, format_name)
    document.encoding = encoding
    document.meta["encoding"] = encoding
    if notes:
        document.meta["notes"] = notes
    document.warnings.extend(warnings)
    yield document
