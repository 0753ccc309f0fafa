"""Tests for shop.images.storage: content-addressed keys, atomic writes and staged clean-up."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from shop.images import MediaStorage, StagedWrites, StorageFull

DATA = b"\x89PNG pretend image bytes"
EXTS = (".webp", ".jpg", ".png")


@pytest.fixture
def storage(tmp_path: Path) -> MediaStorage:
    return MediaStorage(tmp_path / "media")


def all_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


# --- keys -----------------------------------------------------------------------------


def test_key_is_the_sha256_with_two_shard_folders(storage: MediaStorage) -> None:
    digest = hashlib.sha256(DATA).hexdigest()
    key = storage.key_for(DATA, ".webp")
    assert key == f"{digest[:2]}/{digest[2:4]}/{digest}.webp"
    assert storage.key_for(DATA, ".webp") == key  # stable
    assert storage.key_for(DATA, ".jpg") == key.replace(".webp", ".jpg")
    assert storage.key_for(DATA + b"!", ".webp") != key


def test_known_key_value(storage: MediaStorage) -> None:
    assert storage.key_for(b"", ".png") == (
        "e3/b0/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.png"
    )


@pytest.mark.parametrize("extension", ["", "webp", ".gif", ".svg", ".WEBP", ".jpeg", ".html"])
def test_unknown_extensions_refused(storage: MediaStorage, extension: str) -> None:
    with pytest.raises(ValueError, match="extension"):
        storage.save(DATA, extension)
    with pytest.raises(ValueError, match="extension"):
        storage.key_for(DATA, extension)


GOOD_HASH = "ab" + "cd" + "0" * 60


@pytest.mark.parametrize(
    "key",
    [
        "../x",
        "/etc/passwd",
        "ab/cd/../../x.webp",
        f"ab/cd/{GOOD_HASH}.webp\x00.png",
        f"ab/cd/{GOOD_HASH}\x00.webp",
        f"/ab/cd/{GOOD_HASH}.webp",
        f"ab/cd/../cd/{GOOD_HASH}.webp",
        f"ab//cd/{GOOD_HASH}.webp",
        f"ab\\cd\\{GOOD_HASH}.webp",
        f"ab/cd/{GOOD_HASH}.webp\n",
        f"ab/cd/{GOOD_HASH}.gif",
        f"AB/CD/{GOOD_HASH.upper()}.webp",
        f"ab/ce/{GOOD_HASH}.webp",  # shards must match the digest
        f"ab/cd/{GOOD_HASH[:-1]}.webp",
        f"ab/cd/{GOOD_HASH}.webp/..",
        f"./ab/cd/{GOOD_HASH}.webp",
        "",
        ".",
    ],
)
def test_path_refuses_anything_but_generated_keys(storage: MediaStorage, key: str) -> None:
    for call in (storage.path, storage.exists, storage.delete):
        with pytest.raises(ValueError):
            call(key)


def test_path_of_a_real_key_is_inside_root(storage: MediaStorage) -> None:
    key = storage.key_for(DATA, ".jpg")
    path = storage.path(key)
    assert path.is_absolute()
    assert path.is_relative_to(storage.root)
    assert path == storage.root / key


def test_relative_root_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    storage = MediaStorage("media")
    assert storage.root == tmp_path / "media"


def test_non_string_key_refused(storage: MediaStorage) -> None:
    with pytest.raises(ValueError):
        storage.path(None)  # type: ignore[arg-type]


# --- saving ---------------------------------------------------------------------------


def test_save_writes_the_bytes_readable_by_the_web_server(storage: MediaStorage) -> None:
    key = storage.save(DATA, ".webp")
    assert key == storage.key_for(DATA, ".webp")
    assert storage.exists(key)
    assert storage.path(key).read_bytes() == DATA
    assert stat.S_IMODE(storage.path(key).stat().st_mode) == 0o644


def test_save_leaves_no_temp_files(storage: MediaStorage) -> None:
    keys = {storage.save(bytes([i]) * 100, ".jpg") for i in range(20)}
    assert all_files(storage.root) == sorted(keys)


def test_saving_the_same_content_again_returns_the_same_key(storage: MediaStorage) -> None:
    first = storage.save(DATA, ".png")
    second = storage.save(DATA, ".png")
    assert first == second
    assert all_files(storage.root) == [first]


def test_a_damaged_existing_file_is_rewritten(storage: MediaStorage) -> None:
    key = storage.save(DATA, ".png")
    storage.path(key).write_bytes(b"half")
    assert storage.save(DATA, ".png") == key
    assert storage.path(key).read_bytes() == DATA


def test_exists_is_false_for_a_missing_key(storage: MediaStorage) -> None:
    assert not storage.exists(storage.key_for(DATA, ".webp"))


def _fail_with(code: int, *, after_bytes: int = 0) -> Callable[[int, bytes | memoryview], int]:
    """An os.write that writes ``after_bytes`` bytes, then fails with ``code``."""
    real_write = os.write
    written = {"n": 0}

    def write(fd: int, data: bytes | memoryview) -> int:
        if written["n"] >= after_bytes:
            raise OSError(code, os.strerror(code))
        chunk = bytes(data[: after_bytes - written["n"]])
        written["n"] += len(chunk)
        return real_write(fd, chunk)

    return write


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
@pytest.mark.parametrize("after_bytes", [0, 7])
def test_full_disk_raises_storage_full_and_leaves_nothing(
    storage: MediaStorage, monkeypatch: pytest.MonkeyPatch, code: int, after_bytes: int
) -> None:
    # A real full disk cannot be made portably without root; fail the write instead.
    monkeypatch.setattr(os, "write", _fail_with(code, after_bytes=after_bytes))
    with pytest.raises(StorageFull) as info:
        storage.save(DATA, ".webp")
    assert isinstance(info.value, OSError)
    assert info.value.errno == code
    assert all_files(storage.root) == []
    monkeypatch.undo()
    assert not storage.exists(storage.key_for(DATA, ".webp"))


@pytest.mark.parametrize("folders_exist", [False, True])
def test_full_disk_reported_by_fsync(
    storage: MediaStorage, monkeypatch: pytest.MonkeyPatch, folders_exist: bool
) -> None:
    # Network file systems may only report ENOSPC when the data is flushed.
    if folders_exist:
        storage.path(storage.key_for(DATA, ".jpg")).parent.mkdir(parents=True)

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(StorageFull):
        storage.save(DATA, ".jpg")
    monkeypatch.undo()
    assert all_files(storage.root) == []


def test_other_write_errors_are_not_disguised(
    storage: MediaStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "write", _fail_with(errno.EIO))
    with pytest.raises(OSError) as info:
        storage.save(DATA, ".jpg")
    assert not isinstance(info.value, StorageFull)
    assert info.value.errno == errno.EIO
    monkeypatch.undo()
    assert all_files(storage.root) == []


def test_failed_rename_removes_the_temp_file(
    storage: MediaStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    def replace(src: str, dst: str) -> None:
        raise OSError(errno.EXDEV, "cross-device link")

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError):
        storage.save(DATA, ".jpg")
    monkeypatch.undo()
    assert all_files(storage.root) == []


# --- deleting and listing -------------------------------------------------------------


def test_delete_removes_the_file_and_tolerates_missing_ones(storage: MediaStorage) -> None:
    key = storage.save(DATA, ".webp")
    storage.delete(key)
    assert not storage.exists(key)
    storage.delete(key)  # already gone: fine


def test_iter_keys_lists_stored_files_only(storage: MediaStorage) -> None:
    keys = sorted(storage.save(bytes([i]), ext) for i, ext in enumerate(EXTS))
    folder = storage.path(keys[0]).parent
    (folder / ".tmp-abc.part").write_bytes(b"in flight")
    (folder / "notes.txt").write_bytes(b"stray")
    (storage.root / "zz").mkdir()
    (storage.root / "README").write_bytes(b"stray")
    (folder / ("0" * 64 + ".webp")).write_bytes(b"digest does not match the shards")
    assert list(storage.iter_keys()) == keys


def test_iter_keys_on_an_empty_or_missing_root(storage: MediaStorage) -> None:
    assert list(storage.iter_keys()) == []


# --- staged writes --------------------------------------------------------------------


def test_rollback_removes_only_files_this_unit_created(storage: MediaStorage) -> None:
    shared = storage.save(b"already used by another row", ".jpg")
    staged = StagedWrites(storage)
    new = staged.save(b"brand new", ".webp")
    reused = staged.save(b"already used by another row", ".jpg")
    assert reused == shared
    staged.rollback()
    assert not storage.exists(new)
    assert storage.exists(shared)


def test_rollback_keeps_a_file_someone_else_saved_meanwhile(storage: MediaStorage) -> None:
    staged = StagedWrites(storage)
    key = staged.save(b"uploaded twice at once", ".webp")
    assert storage.save(b"uploaded twice at once", ".webp") == key  # another request
    staged.rollback()
    assert storage.exists(key)


def test_commit_deletes_scheduled_files_and_keeps_new_ones(storage: MediaStorage) -> None:
    old = storage.save(b"old picture", ".jpg")
    staged = StagedWrites(storage)
    new = staged.save(b"new picture", ".jpg")
    staged.delete_after_commit(old)
    assert storage.exists(old), "old files stay until the commit"
    staged.commit()
    assert not storage.exists(old)
    assert storage.exists(new)


def test_rollback_keeps_a_damaged_file_it_repaired(storage: MediaStorage) -> None:
    key = storage.save(DATA, ".png")
    storage.path(key).write_bytes(b"half")  # e.g. bit rot; some row references it
    staged = StagedWrites(storage)
    assert staged.save(DATA, ".png") == key
    staged.rollback()
    assert storage.path(key).read_bytes() == DATA


def test_rollback_keeps_scheduled_files(storage: MediaStorage) -> None:
    old = storage.save(b"old picture", ".jpg")
    staged = StagedWrites(storage)
    staged.delete_after_commit(old)
    staged.rollback()
    assert storage.exists(old)


def test_commit_logs_and_ignores_delete_errors(
    storage: MediaStorage, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    first = storage.save(b"first", ".jpg")
    second = storage.save(b"second", ".jpg")
    staged = StagedWrites(storage)
    staged.delete_after_commit(first)
    staged.delete_after_commit(second)
    real_delete = storage.delete

    def flaky_delete(key: str) -> None:
        if key == first:
            raise PermissionError(errno.EACCES, "read-only")
        real_delete(key)

    monkeypatch.setattr(storage, "delete", flaky_delete)
    with caplog.at_level(logging.ERROR, logger="shop.images.storage"):
        staged.commit()
    assert first in caplog.text
    assert not storage.exists(second)


def test_scheduling_a_bad_key_fails_at_once(storage: MediaStorage) -> None:
    with pytest.raises(ValueError):
        StagedWrites(storage).delete_after_commit("../../etc/passwd")


def test_a_finished_unit_cannot_be_reused(storage: MediaStorage) -> None:
    staged = StagedWrites(storage)
    staged.commit()
    with pytest.raises(RuntimeError):
        staged.save(DATA, ".jpg")
    with pytest.raises(RuntimeError):
        staged.rollback()


def test_context_manager_rolls_back_on_error(storage: MediaStorage) -> None:
    with pytest.raises(LookupError), StagedWrites(storage) as staged:
        key = staged.save(DATA, ".png")
        raise LookupError("database commit failed")
    assert not storage.exists(key)


def test_context_manager_after_commit_keeps_everything(storage: MediaStorage) -> None:
    old = storage.save(b"old", ".png")
    with StagedWrites(storage) as staged:
        key = staged.save(DATA, ".png")
        staged.delete_after_commit(old)
        staged.commit()
    assert storage.exists(key)
    assert not storage.exists(old)


def test_context_manager_left_unfinished_deletes_nothing(
    storage: MediaStorage, caplog: pytest.LogCaptureFixture
) -> None:
    old = storage.save(b"old", ".png")
    with (
        caplog.at_level(logging.WARNING, logger="shop.images.storage"),
        StagedWrites(storage) as staged,
    ):
        key = staged.save(DATA, ".png")
        staged.delete_after_commit(old)
    assert storage.exists(key)
    assert storage.exists(old)
    assert "without commit" in caplog.text
