"""Data flows between systems (issue 5): extraction into `Flow` records, the graph, the tension."""

from tixi.flows.model import MODALITIES, Flow

__all__ = ["MODALITIES", "Flow"]
