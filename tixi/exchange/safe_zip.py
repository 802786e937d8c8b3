"""Reading untrusted ZIP archives (.qdpx) without trusting their names or sizes.

Every entry is checked before anything is read: its name must stay inside the archive's own
folder (no absolute paths, drive letters or ``..``), it must not be a link, and its declared
size and compression ratio must be within limits (zip bombs). Reading then stops at the
declared size, so an archive that lies about its sizes cannot inflate past the limits.
Nothing is extracted to disk here: callers get bytes.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType

from tixi.errors import InputError

MiB = 1 << 20


@dataclass(frozen=True)
class ZipLimits:
    """How much an archive may hold."""

    max_entries: int = 20_000
    max_entry_bytes: int = 256 * MiB
    max_total_bytes: int = 512 * MiB
    max_ratio: float = 200.0        # uncompressed / compressed, checked for entries over ratio_floor
    ratio_floor: int = 1 * MiB


def entry_path(name: str) -> PurePosixPath:
    """Return the entry's path if it stays inside the archive folder; raise InputError otherwise."""
    cleaned = name.replace("\\", "/")
    if "\x00" in cleaned:
        raise InputError(f"entry {name!r} has a NUL character in its name")
    path = PurePosixPath(cleaned)
    if cleaned.startswith("/") or (len(cleaned) > 1 and cleaned[1] == ":"):
        raise InputError(f"entry {name!r} has an absolute path and would be written outside the project folder")
    if ".." in path.parts:
        raise InputError(f"entry {name!r} climbs out of its folder ('..') and would be written outside the project folder")
    return path


class SafeZip:
    """An opened, checked archive; ``read`` returns an entry's bytes, ``find`` looks names up without case."""

    def __init__(self, path: Path, limits: ZipLimits | None = None) -> None:
        self.path = path
        self.limits = limits or ZipLimits()
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, NotImplementedError, OSError) as error:  # NotImplementedError: a zip version zipfile cannot read
            raise InputError(f"{path}: not a readable ZIP archive ({error})") from error
        try:
            self.entries = self._check()
        except BaseException:
            self._zip.close()
            raise

    def _check(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        if len(infos) > self.limits.max_entries:
            raise InputError(f"{self.path}: {len(infos)} entries, more than the limit of {self.limits.max_entries}; refused")
        entries: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            where = f"{self.path}: entry {info.filename!r}"
            try:
                path = entry_path(info.filename)
            except InputError as error:
                raise InputError(f"{self.path}: {error}; the archive is refused and nothing was written") from error
            if stat.S_ISLNK(info.external_attr >> 16):
                raise InputError(f"{where} is a symbolic link; refused")
            if info.flag_bits & 0x1:
                raise InputError(f"{where} is encrypted; export the project again without a password")
            if info.is_dir():
                continue
            if info.file_size > self.limits.max_entry_bytes:
                raise InputError(
                    f"{where} declares {info.file_size:,} bytes uncompressed, over the limit of "
                    f"{self.limits.max_entry_bytes:,} (a zip bomb?); refused"
                )
            if info.file_size > self.limits.ratio_floor and info.file_size > self.limits.max_ratio * max(info.compress_size, 1):
                raise InputError(
                    f"{where} expands {info.file_size / max(info.compress_size, 1):,.0f} times "
                    f"(limit {self.limits.max_ratio:.0f}), as zip bombs do; refused"
                )
            total += info.file_size
            if total > self.limits.max_total_bytes:
                raise InputError(f"{self.path}: entries declare over {self.limits.max_total_bytes:,} bytes in all; refused")
            entries[str(path)] = info
        return entries

    def names(self) -> list[str]:
        """Return the (checked) entry names, sorted."""
        return sorted(self.entries)

    def find(self, name: str) -> str | None:
        """Return the entry whose name equals name ignoring case (Sources/ or sources/), or None."""
        if name in self.entries:
            return name
        wanted = name.lower()
        return next((entry for entry in sorted(self.entries) if entry.lower() == wanted), None)

    def read(self, name: str) -> bytes:
        """Return an entry's bytes, reading no more than it declares (and no more than the limit)."""
        info = self.entries[name]
        cap = min(info.file_size, self.limits.max_entry_bytes)
        try:
            with self._zip.open(info) as handle:
                data = handle.read(cap + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, RuntimeError) as error:
            raise InputError(f"{self.path}: entry {name!r} cannot be read ({error})") from error
        if len(data) > cap:
            raise InputError(f"{self.path}: entry {name!r} holds more than the {cap:,} bytes it declares; refused")
        return data

    def close(self) -> None:
        """Close the archive."""
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()
