"""The Chinese text layer: normalisation with an offset map, structural segmentation, tokens."""

from tixi.text.normalize import Normalized, OffsetMap, normalize
from tixi.text.segment import segment_text

__all__ = ["Normalized", "OffsetMap", "normalize", "segment_text"]
