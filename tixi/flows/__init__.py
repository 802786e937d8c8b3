"""Data flows between systems (issue 5): extraction into `Flow` records, the graph, the tension."""

from tixi.flows.model import DIRECTIONS, MODALITIES, Flow

__all__ = ["DIRECTIONS", "MODALITIES", "Flow"]
