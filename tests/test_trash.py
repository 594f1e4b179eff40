"""Deleting moves a document into corpus/.trash/, from where it can be restored; both keep the
journal/undo guarantees of every other change."""

from __future__ import annotations

import os
import time
from pathlib import Path
from unittest import mock

import pytest

from profilechat.config import Config
from profilechat.documents import TRASH, DocumentManager
from profilechat.errors import ManagementError
from profilechat.indexing import update_index
from profilechat.store import indexed_records

from .fakes import HashEmbedder

ANA = "# Ana Lima\n\nI am a geologist at Petrobras in Rio.\n"
BOB = "# Bob Stone\n\nI build compilers at Initech in Delft.\n"


def _manager(config: Config) -> DocumentManager:
    return DocumentManager(config, HashEmbedder(), lambda: indexed_records(config.index_dir))


@pytest.fixture
def manager(fake_config: Config) -> DocumentManager:
    (fake_config.corpus_dir / "ana.md").write_text(ANA)
    (fake_config.corpus_dir / "bob.md").write_text(BOB)
    update_index(fake_config, HashEmbedder())
    return _manager(fake_config)


def test_delete_moves_the_file_into_the_trash(manager: DocumentManager) -> None:
    lines = manager.delete("bob.md").lines()
    assert lines[0].startswith("Deleted bob.md (moved to the trash")
    assert (manager.corpus / TRASH / "bob.md").read_text() == BOB
    assert not (manager.corpus / "bob.md").exists()
    assert manager.trashed() == ["bob.md"]
    assert "bob.md" not in manager.files()
    assert set(indexed_records(manager.config.index_dir)) == {"ana.md"}


def test_restore_puts_it_back_into_the_corpus_and_the_index(manager: DocumentManager) -> None:
    manager.delete("bob.md")
    lines = manager.restore("bob.md").lines()
    assert lines[0] == "Restored bob.md: Bob Stone, 1 passages."
    assert (manager.corpus / "bob.md").read_text() == BOB
    assert manager.trashed() == []
    assert set(indexed_records(manager.config.index_dir)) == {"ana.md", "bob.md"}


def test_restore_never_overwrites_a_newer_file_of_the_same_name(manager: DocumentManager) -> None:
    manager.delete("bob.md")
    (manager.corpus / "bob.md").write_text("# Bob Stone\n\nI now teach compilers in Delft.\n")
    assert manager.restore("bob.md").lines()[0].startswith("Restored bob-2.md")
    assert (manager.corpus / "bob-2.md").read_text() == BOB
    assert "now teach" in (manager.corpus / "bob.md").read_text()


def test_deleting_the_same_name_twice_keeps_both_in_the_trash(manager: DocumentManager) -> None:
    manager.delete("bob.md")
    (manager.corpus / "bob.md").write_text(BOB.replace("Delft", "Leiden"))
    update_index(manager.config, HashEmbedder())
    manager.delete("bob.md")
    assert manager.trashed() == ["bob-2.md", "bob.md"]


def test_a_failed_update_leaves_the_document_in_the_trash(manager: DocumentManager) -> None:
    manager.delete("bob.md")
    with (
        mock.patch("profilechat.documents.update_index", side_effect=OSError(28, "No space")),
        pytest.raises(ManagementError, match="stays in the trash"),
    ):
        manager.restore("bob.md")
    assert manager.trashed() == ["bob.md"]
    assert not (manager.corpus / "bob.md").exists()
    assert set(indexed_records(manager.config.index_dir)) == {"ana.md"}


def test_restoring_what_the_trash_lacks_says_so(manager: DocumentManager) -> None:
    with pytest.raises(ManagementError, match=r"No document named \.\./ana\.md is in the trash"):
        manager.restore("../ana.md")
    with pytest.raises(ManagementError, match="Choose the document to restore first"):
        manager.restore(" ")


def test_an_interrupted_restore_goes_back_into_the_trash(
    manager: DocumentManager, fake_config: Config
) -> None:
    manager.delete("bob.md")
    # What kill -9 leaves when it lands after the file was moved back, before the index changed.
    manager._journal_write("restore", ["bob.md"])
    os.replace(manager.corpus / TRASH / "bob.md", manager.corpus / "bob.md")
    lines = _manager(fake_config).recover()
    assert lines == [
        "Put bob.md back into the trash: its restore was interrupted before it was indexed."
    ]
    assert manager.trashed() == ["bob.md"]
    assert not (manager.corpus / "bob.md").exists()


def _age(path: Path, days: float) -> None:
    then = time.time() - days * 86_400
    os.utime(path, (then, then))


def test_emptying_the_trash_removes_only_what_is_in_it(manager: DocumentManager) -> None:
    manager.delete("bob.md")
    lines = manager.empty_trash()
    assert lines == ["Removed 1 document from the trash for good: bob.md."]
    assert manager.trashed() == []
    assert (manager.corpus / "ana.md").read_text() == ANA
    assert set(indexed_records(manager.config.index_dir)) == {"ana.md"}
    assert manager.empty_trash() == ["The trash is already empty."]


def test_emptying_never_follows_a_link_out_of_the_trash(
    manager: DocumentManager, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.md").write_text("not the corpus's")
    trash = manager.corpus / TRASH
    trash.mkdir()
    (trash / "folder-link").symlink_to(outside, target_is_directory=True)
    (trash / "file-link.md").symlink_to(outside / "keep.md")
    manager.empty_trash()
    assert (outside / "keep.md").read_text() == "not the corpus's"
    assert not (trash / "folder-link").exists() and not (trash / "file-link.md").exists()


def test_a_trash_folder_that_is_a_link_is_refused(manager: DocumentManager, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.md").write_text("someone's file")
    (manager.corpus / TRASH).symlink_to(outside, target_is_directory=True)
    with pytest.raises(ManagementError, match="is a link"):
        manager.empty_trash()
    assert manager.expire_trash() == []
    assert (outside / "keep.md").exists()


def test_documents_older_than_the_trash_days_expire_at_start_up(
    manager: DocumentManager, fake_config: Config
) -> None:
    manager.delete("bob.md")
    manager.delete("ana.md")
    trash = manager.corpus / TRASH
    _age(trash / "bob.md", fake_config.trash_days + 1)
    _age(trash / "ana.md", fake_config.trash_days - 1)
    lines = _manager(fake_config).expire_trash()
    assert lines == [
        f"Removed bob.md from the trash: deleted over {fake_config.trash_days} days ago."
    ]
    assert manager.trashed() == ["ana.md"]


def test_the_trash_keeps_its_own_deletion_time(manager: DocumentManager) -> None:
    _age(manager.corpus / "bob.md", 400)  # an old file, deleted just now
    manager.delete("bob.md")
    assert _manager(manager.config).expire_trash() == []
    assert manager.trashed() == ["bob.md"]


def test_trash_days_zero_keeps_everything(manager: DocumentManager, fake_config: Config) -> None:
    manager.delete("bob.md")
    _age(manager.corpus / TRASH / "bob.md", 10_000)
    assert _manager(fake_config.with_(trash_days=0)).expire_trash() == []
    assert manager.trashed() == ["bob.md"]
