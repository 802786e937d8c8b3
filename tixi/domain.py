"""The domain a pack declares: its systems, the side each stands on, the two sides compared.

Core code asks the pack's ``Domain`` instead of naming systems or sides: the reference pack has
NCCA (civility side) and SCSP (credit side); a pack on river chiefs and environmental credit names
its own. ``neutral`` is the side of anything that belongs to neither.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from tixi.errors import InputError
from tixi.packs import Pack

NEUTRAL = "neutral"


@dataclass(frozen=True)
class Domain:
    """Systems (id → side), the two compared sides (left, right) and their colours."""

    systems: dict[str, str] = field(default_factory=dict)
    sides: tuple[str, ...] = ()
    colours: dict[str, str] = field(default_factory=dict)
    tuning: dict[str, float] = field(default_factory=dict)  # constants tuned on particular documents

    def constant(self, name: str, default: float) -> float:
        """Return a tuning constant of the pack, or ``default`` when the pack sets none."""
        return float(self.tuning.get(name, default))

    @property
    def system_ids(self) -> tuple[str, ...]:
        """Return the system ids, in the pack's order."""
        return tuple(self.systems)

    def side_of(self, system: str | None) -> str | None:
        """Return the side a system stands on, or None for an unknown system or a neutral one."""
        side = self.systems.get(system or "")
        return side if side in self.sides else None

    @property
    def all_sides(self) -> tuple[str, ...]:
        """Return the compared sides and neutral."""
        return (*self.sides, NEUTRAL)

    @property
    def columns(self) -> tuple[str, ...]:
        """Return the sides as figure columns, left to right: first side, neutral, second side."""
        return (self.sides[0], NEUTRAL, *self.sides[1:]) if self.sides else (NEUTRAL,)

    @property
    def crossings(self) -> tuple[str, ...]:
        """Return the directions that cross from one side to the other (``a → b``, ``b → a``)."""
        if len(self.sides) != 2:
            return ()
        first, second = self.sides
        return (f"{first} → {second}", f"{second} → {first}")

    def crossing_column(self, direction: str) -> str:
        """Return the column name of a crossing direction (``civility → credit`` → ``civility_to_credit``)."""
        return direction.replace(" → ", "_to_").replace(" ", "_")


def domain_of(pack: Pack) -> Domain:
    """Return the domain of ``pack`` (its ``domain`` section), checked; an empty domain when it declares none."""
    return _domain(pack.label, str(pack.path), repr(pack.description.get("domain")))


@lru_cache(maxsize=16)
def _domain(label: str, path: str, raw: str) -> Domain:
    from tixi.packs import load_pack

    data = load_pack(path).description.get("domain") or {}
    if not isinstance(data, dict):
        raise InputError(f"pack {label}: domain must be a mapping with systems, sides and colours")
    sides = tuple(str(side) for side in data.get("sides", []))
    systems = {}
    for item in data.get("systems", []):
        if not isinstance(item, dict) or "id" not in item:
            raise InputError(f"pack {label}: each domain system needs an id (and a side)")
        side = str(item.get("side", NEUTRAL))
        if side not in (*sides, NEUTRAL):
            raise InputError(f"pack {label}: system {item['id']!r} stands on side {side!r}, which is not one of {', '.join((*sides, NEUTRAL))}")
        systems[str(item["id"])] = side
    colours = {str(key): str(value) for key, value in (data.get("colours") or {}).items()}
    try:
        tuning = {str(key): float(value) for key, value in (data.get("tuning") or {}).items()}
    except (TypeError, ValueError) as error:
        raise InputError(f"pack {label}: domain tuning values must be numbers ({error})") from error
    return Domain(systems, sides, colours, tuning)
