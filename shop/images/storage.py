"""Content-addressed media files on local disk, written atomically, with staged clean-up."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

logger = logging.getLogger(__name__)

EXTENSIONS = (".webp", ".jpg", ".png")

# Only keys this module generates: two shard folders taken from the digest, the
# 64-hex sha256 digest and a known extension. Nothing else can reach the disk.
_KEY_RE = re.compile(r"([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})\.(webp|jpg|png)")
_SHARD_RE = re.compile(r"[0-9a-f]{2}")
_TEMP_PREFIX = ".tmp-"
# Media are public pictures served by the web server, which may run as another
# user; mkstemp would create them readable by the owner only.
_FILE_MODE = 0o644
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


class StorageFull(OSError):
    """No space left on the media disk; nothing partial was left behind."""


@dataclass(frozen=True)
class _Stored:
    key: str
    created: bool
    identity: tuple[int, int, int]  # (st_dev, st_ino, st_mtime_ns) right after saving


def _identity(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return (st.st_dev, st.st_ino, st.st_mtime_ns)


def _fsync_dir(directory: Path) -> None:
    """Make a rename or a new entry in ``directory`` survive a crash."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class MediaStorage:
    """Files named by the sha256 of their content, under ``root/ab/cd/abcd...ext``.

    Because names come from content, identical uploads share one file and two
    database rows may reference the same key: whoever deletes a key must first make
    sure nothing else still references it.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(os.path.abspath(root))

    def key_for(self, data: bytes, extension: str) -> str:
        """The key ``data`` is stored under, e.g. ``"ab/cd/abcd<60 more hex>.webp"``."""
        _check_extension(extension)
        digest = hashlib.sha256(data).hexdigest()
        return f"{digest[:2]}/{digest[2:4]}/{digest}{extension}"

    def path(self, key: str) -> Path:
        """Absolute path of ``key``; ValueError unless ``key`` is exactly a generated key."""
        if not isinstance(key, str) or not _is_key(key):
            raise ValueError(f"not a media key: {key!r}")
        path = self.root / key
        # The regex already rules out "..", absolute paths and odd characters;
        # this re-checks the one promise callers rely on.
        if os.path.commonpath([self.root, path]) != str(self.root):
            raise ValueError(f"not a media key: {key!r}")
        return path

    def exists(self, key: str) -> bool:
        """Whether the file for ``key`` is on disk."""
        return self.path(key).is_file()

    def save(self, data: bytes, extension: str) -> str:
        """Store ``data`` atomically and durably; returns its key. Raises StorageFull."""
        return self._store(data, extension).key

    def delete(self, key: str) -> None:
        """Remove the file for ``key``; a missing file is fine. Check references first."""
        with contextlib.suppress(FileNotFoundError):
            self.path(key).unlink()

    def iter_keys(self) -> Iterator[str]:
        """Every stored key, in sorted order; temp files and stray names are skipped."""
        for first in _shard_dirs(self.root):
            for second in _shard_dirs(self.root / first):
                prefix = f"{first}/{second}/"
                files = (e.name for e in _entries(self.root / prefix) if e.is_file())
                yield from sorted(prefix + n for n in files if _is_key(prefix + n))

    def _store(self, data: bytes, extension: str) -> _Stored:
        key = self.key_for(data, extension)
        target = self.path(key)
        existed = target.exists()
        if existed and _same_content(target, data):
            _touch(target)
            return _Stored(key, created=False, identity=_identity(target))
        # A damaged file under this key is replaced, but it still counts as
        # existing: rows may reference it, so a rollback must not remove it.
        _make_dirs(target.parent)
        _atomic_write(target, data)
        return _Stored(key, created=not existed, identity=_identity(target))


def _check_extension(extension: str) -> None:
    if extension not in EXTENSIONS:
        raise ValueError(f"extension must be one of {', '.join(EXTENSIONS)}, not {extension!r}")


def _is_key(key: str) -> bool:
    match = _KEY_RE.fullmatch(key)
    return match is not None and match[3][:4] == match[1] + match[2]


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except (FileNotFoundError, NotADirectoryError):
        return []  # removed meanwhile, or never created


def _shard_dirs(folder: Path) -> list[str]:
    names = (e.name for e in _entries(folder) if e.is_dir(follow_symlinks=False))
    return sorted(n for n in names if _SHARD_RE.fullmatch(n))


def _same_content(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except FileNotFoundError:
        return False


def _touch(path: Path) -> None:
    """Move the modification time strictly forward.

    It tells an orphan sweeper and a racing StagedWrites.rollback() that someone
    just claimed this file; "strictly" so that a coarse clock cannot hide it.
    """
    try:
        stamp = max(time.time_ns(), path.stat().st_mtime_ns + 1)
        os.utime(path, ns=(stamp, stamp))
    except OSError as exc:
        logger.warning("could not touch %s: %s", path, exc)


def _make_dirs(folder: Path) -> None:
    """Create missing folders, syncing each new entry into its parent."""
    missing: list[Path] = []
    current = folder
    while not current.is_dir():
        missing.append(current)
        current = current.parent
    for new in reversed(missing):
        try:
            new.mkdir()
            _fsync_dir(new.parent)
        except FileExistsError:
            continue  # another worker made it first
        except OSError as exc:
            _raise_if_full(exc)
            raise


def _atomic_write(target: Path, data: bytes) -> None:
    """Write to a temp file beside ``target``, sync it, then rename it into place."""
    try:
        fd, temp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".part", dir=target.parent)
    except OSError as exc:
        _raise_if_full(exc)
        raise
    try:
        try:
            os.fchmod(fd, _FILE_MODE)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp_name, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        if isinstance(exc, OSError):
            _raise_if_full(exc)
        raise
    try:
        _fsync_dir(target.parent)
    except OSError as exc:
        # The file is complete and in place; only the rename's durability is
        # in doubt. Report it, and leave the whole file for the orphan sweep.
        _raise_if_full(exc)
        raise


def _raise_if_full(exc: OSError) -> None:
    if exc.errno in _FULL_ERRNOS:
        raise StorageFull(exc.errno, "No space left on the media disk") from exc


class StagedWrites:
    """Tracks files written during one unit of work (e.g. one database transaction).

    ``save()`` writes at once; ``rollback()`` (the transaction failed) removes the
    files this unit created, and ``commit()`` (it succeeded) removes the files
    scheduled with ``delete_after_commit()``. Old files are therefore never lost
    before the new state is committed.

    Keys are content-addressed, so several rows may share one file. ``rollback()``
    only deletes keys that did not exist before this unit saved them and that no
    later save has claimed since (a reuse moves the file's time stamp forward). The
    caller must only schedule keys that no other row references. A save of the
    same bytes that lands between rollback's check and its unlink can still lose
    its file; that window is tiny, and a missing-file check would catch it.

    As a context manager, an exception before ``commit()`` rolls back; leaving
    cleanly without ``commit()`` or ``rollback()`` deletes nothing (only logs),
    because guessing wrong either way could lose files still referenced.
    """

    def __init__(self, storage: MediaStorage) -> None:
        self.storage = storage
        self._created: dict[str, tuple[int, int, int]] = {}
        self._scheduled: list[str] = []
        self._finished = False

    def save(self, data: bytes, extension: str) -> str:
        """Save through the storage, remembering the key if this unit created it."""
        self._check_open()
        stored = self.storage._store(data, extension)
        if stored.created:
            self._created[stored.key] = stored.identity
        return stored.key

    def delete_after_commit(self, key: str) -> None:
        """Schedule ``key`` for deletion once the transaction has committed."""
        self._check_open()
        self.storage.path(key)  # refuse bad keys now, not during commit
        if key not in self._scheduled:
            self._scheduled.append(key)

    def commit(self) -> None:
        """Call after the database commit succeeded: delete the scheduled keys."""
        self._check_open()
        self._finished = True
        for key in self._scheduled:
            try:
                self.storage.delete(key)
            except OSError:
                logger.exception("could not delete media file %s after commit", key)

    def rollback(self) -> None:
        """Call when the database commit failed: delete the files this unit created."""
        self._check_open()
        self._finished = True
        for key, identity in self._created.items():
            try:
                path = self.storage.path(key)
                if _identity(path) != identity:
                    logger.info("keeping %s on rollback: it was saved again since", key)
                    continue
                self.storage.delete(key)
            except FileNotFoundError:
                continue
            except OSError:
                logger.exception("could not delete media file %s on rollback", key)

    def __enter__(self) -> StagedWrites:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._finished:
            return
        if exc_type is not None:
            self.rollback()
        else:
            logger.warning("StagedWrites left without commit() or rollback(); deleting nothing")
            self._finished = True

    def _check_open(self) -> None:
        if self._finished:
            raise RuntimeError("this StagedWrites has already been committed or rolled back")
