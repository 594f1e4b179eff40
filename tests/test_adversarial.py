"""Round two of the adversarial pass (issue 13): what an attacker and a messy corpus found.

Inputs that used to stall the server are run in a child process with a generous time limit:
the old code needed minutes to hours for them, the fixed code well under a second (the measured
figures are in docs/reliability.md, from benchmarks/bench_adversarial.py).
"""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
import textwrap
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import gradio as gr
import httpx
import pytest

from profilechat.cli import main
from profilechat.config import Config
from profilechat.documents import DocumentManager, _candidate_names, safe_filename
from profilechat.errors import IndexCorruptError, ManagementError, ProfileChatError
from profilechat.indexing import update_index
from profilechat.names import PeopleDirectory
from profilechat.session import ProfileChat, bounded_history, clean_question, resolve
from profilechat.store import IndexStore, indexed_records
from profilechat.web import WebHandlers, start_in_background

from .fakes import HashEmbedder

TESTS = Path(__file__).parent
GENEROUS_SECONDS = 60

# Whitespace and punctuation an attacker can pad a turn with: every kind the follow-up and
# name patterns look at.
_PADDING = " " * 50_000 + " \t\n?.!,'’-" * 5_000  # 100 kB


def _runs_to_completion(body: str, seconds: float = GENEROUS_SECONDS) -> str:
    """Run `body` in a child process; its stdout, or a failure if it does not finish in time."""
    script = f"import sys\nsys.path.insert(0, {str(TESTS)!r})\n" + textwrap.dedent(body)
    try:
        done = subprocess.run(
            [sys.executable, "-"], input=script, capture_output=True, text=True, timeout=seconds
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"did not finish within {seconds} s")
    assert done.returncode == 0, done.stderr
    return done.stdout


# --------------------------------------------------------------------------- 1. stalls


def test_adversarial_whitespace_in_history_turns_is_resolved_in_linear_time() -> None:
    out = _runs_to_completion(
        f"""
        from profilechat.names import PeopleDirectory
        from profilechat.session import resolve
        directory = PeopleDirectory(["Ana Lima", "Bob Stone"])
        padding = {_PADDING!r}
        history = []
        for follow_up in ("what about x" + padding + "y", "and" + padding, "same for" + padding):
            history += [{{"role": "user", "content": follow_up}},
                        {{"role": "assistant", "content": padding}}]
        resolved = resolve("what about Bob Stone" + padding, history, directory)
        print(resolved.people)
        """
    )
    assert out.strip() == "['Bob Stone']"


def test_history_turns_are_cleaned_cut_and_capped() -> None:
    config = Config()
    turns = [{"role": "user", "content": "question 0\x00" + " " * 50_000 + "x" * 50_000}]
    turns += [{"role": "assistant", "content": "a" * 10_000_000}] * 1000
    bounded = bounded_history(turns, config)
    assert len(bounded) <= config.max_history_turns
    assert all(len(t["content"]) <= config.max_answer_chars for t in bounded)
    user_turn = bounded_history(turns[:1], config)[0]["content"]
    assert "\x00" not in user_turn and len(user_turn) <= config.max_question_chars
    assert user_turn == "question 0"  # cut, then cleaned like a question


def test_follow_ups_still_work_after_bounding() -> None:
    directory = PeopleDirectory(["Ana Lima", "Bob Stone"])
    history = bounded_history(
        [
            {"role": "user", "content": "Where does Ana Lima work?   \n\n"},
            {"role": "assistant", "content": "Ana Lima works at X."},
        ],
        Config(),
    )
    resolved = resolve("And what about Bob Stone ?!", history, directory)
    assert resolved.people == ["Bob Stone"] and "Bob Stone" in resolved.text
    assert resolve("Where did he study?", history, directory).people == ["Ana Lima"]


def test_a_50_mb_question_is_cut_before_it_is_cleaned() -> None:
    out = _runs_to_completion(
        """
        import resource
        from profilechat.session import clean_question
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        text, notice = clean_question("Where? " + "\\x00 é" * 17_000_000, 2000)
        grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(len(text), bool(notice), grown_mb < 200)
        """
    )
    assert out.split() == ["2000", "True", "True"]


def test_cut_question_notice_and_cleaning_are_unchanged() -> None:
    assert clean_question("  Where\x00 did\n\nshe   work? ", 2000) == ("Where did she work?", "")
    text, notice = clean_question("a " * 5000, 2000)
    assert len(text) == 2000 and "2000" in notice


def test_long_assistant_turn_with_thousands_of_people_is_read_once() -> None:
    out = _runs_to_completion(
        """
        from profilechat.names import PeopleDirectory
        from profilechat.session import resolve
        people = [f"Given{n} Family{n}" for n in range(5000)]
        directory = PeopleDirectory(people)
        answer = ("Given17 Family17 studied at Ecole. " * 2000)[:60_000]
        history = [{"role": "user", "content": "Who studied at Ecole?"},
                   {"role": "assistant", "content": answer}] * 10
        print(resolve("Where did he work?", history, directory).people)
        """
    )
    assert out.strip() == "['Given17 Family17']"


def test_a_chat_with_adversarial_history_answers(fake_config: Config) -> None:
    (fake_config.corpus_dir / "ana.md").write_text("# Ana Lima\n\nI am a geologist in Rio.\n")
    update_index(fake_config, HashEmbedder())
    bot = ProfileChat.open(config=fake_config, embedder=HashEmbedder())
    history = [{"role": "user", "content": "what about x" + _PADDING + "y"}] * 50
    question = "Where is Ana Lima a geologist?"
    assert bot.ask(question, history=history).text == bot.ask(question).text


# --------------------------------------------------------------------------- 2. file names

ANA = "# Ana Lima\n\nI am a geologist at Petrobras in Rio.\n"
BOB = "# Bob Stone\n\nI build compilers at Initech in Delft.\n"


def _manager(config: Config) -> DocumentManager:
    return DocumentManager(config, HashEmbedder(), lambda: indexed_records(config.index_dir))


def test_a_file_name_that_is_not_utf8_is_skipped_with_a_reason(fake_config: Config) -> None:
    corpus = fake_config.corpus_dir
    (corpus / "ana.md").write_text(ANA)
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "wb") as out:
        out.write(b"Cafe Owner\n\nI run a cafe in Lyon.\n")
    report = update_index(fake_config, HashEmbedder())
    assert [s for s, _ in report.skipped] == ["caf\ufffd.txt"]
    assert "not valid UTF-8" in report.skipped[0][1]
    assert list(IndexStore.load(fake_config.index_dir).documents) == ["ana.md"]
    manager = _manager(fake_config)
    upload = fake_config.corpus_dir.parent / "bob.md"
    upload.write_text(BOB)
    assert any("Added bob.md" in line for line in manager.upload([str(upload)]).lines())
    manager.delete("ana.md")
    left = sorted(os.listdir(os.fsencode(corpus)))
    assert left == [b".trash", b"bob.md", b"caf\xe9.txt"]  # ana.md went to the trash


# --------------------------------------------------------------------------- 4. symbolic links


def test_links_outside_the_corpus_and_loops_are_skipped_and_reported(
    fake_config: Config, tmp_path: Path
) -> None:
    corpus = fake_config.corpus_dir
    secret = tmp_path / "secret.txt"
    secret.write_text("Root Password\n\nThe password is hunter2.\n")
    outside_folder = tmp_path / "elsewhere"
    outside_folder.mkdir()
    (outside_folder / "bob.md").write_text(BOB)
    (corpus / "ana.md").write_text(ANA)
    (corpus / "passwd.txt").symlink_to(secret)
    (corpus / "linked-folder").symlink_to(outside_folder, target_is_directory=True)
    (corpus / "loop.md").symlink_to(corpus / "loop.md")
    (corpus / "ana-again.md").symlink_to(corpus / "ana.md")  # inside the corpus: allowed
    report = update_index(fake_config, HashEmbedder())
    reasons = dict(report.skipped)
    assert "outside the corpus" in reasons["passwd.txt"]
    assert "outside the corpus" in reasons["linked-folder"]
    assert "loop" in reasons["loop.md"]
    store = IndexStore.load(fake_config.index_dir)
    assert "hunter2" not in " ".join(c.text for c in store.chunks)
    assert set(store.documents) <= {"ana.md", "ana-again.md"}


# --------------------------------------------------------------------------- 3. foreign errors


def _indexed_corpus(config: Config) -> DocumentManager:
    (config.corpus_dir / "ana.md").write_text(ANA)
    update_index(config, HashEmbedder())
    return _manager(config)


def _hidden_leftovers(config: Config) -> list[str]:
    return sorted(
        p.name
        for folder in (config.corpus_dir, config.index_dir)
        for p in folder.iterdir()
        if p.name.startswith(".") and p.name != ".lock"
    )


def test_disk_full_raised_by_faiss_rolls_the_upload_back(fake_config: Config, monkeypatch) -> None:
    # FAISS writes a file only for an approximate (HNSW) index: make this small one need it.
    fake_config = fake_config.with_(approximate_above=1)
    manager = _indexed_corpus(fake_config)
    upload = fake_config.corpus_dir.parent / "bob.md"
    upload.write_text(BOB)

    def faiss_disk_full(*args: object) -> None:
        raise RuntimeError("Error in faiss::FileIOWriter: write error: No space left on device")

    monkeypatch.setattr("profilechat.store.faiss.write_index", faiss_disk_full)
    with pytest.raises(ManagementError) as error:
        manager.upload([str(upload)])
    message = str(error.value)
    assert "No space left on device" in message and "The upload was undone" in message
    assert "\n" not in message and "Traceback" not in message
    assert sorted(p.name for p in fake_config.corpus_dir.iterdir()) == ["ana.md"]
    assert _hidden_leftovers(fake_config) == []
    assert list(IndexStore.load(fake_config.index_dir).documents) == ["ana.md"]


def test_memory_error_from_numpy_rolls_the_delete_back(fake_config: Config, monkeypatch) -> None:
    manager = _indexed_corpus(fake_config)
    (fake_config.corpus_dir / "bob.md").write_text(BOB)
    update_index(fake_config, HashEmbedder())

    def out_of_memory(*args: object, **kwargs: object) -> None:
        raise MemoryError

    # A delete only tombstones rows, unless half the rows go: then the update compacts the
    # segments, reading them with numpy (imported when it needs it).
    monkeypatch.setattr("numpy.repeat", out_of_memory)
    with pytest.raises(ManagementError) as error:
        manager.delete("bob.md")
    assert "MemoryError" in str(error.value) and "not deleted" in str(error.value)
    assert sorted(p.name for p in fake_config.corpus_dir.iterdir()) == ["ana.md", "bob.md"]
    assert _hidden_leftovers(fake_config) == []


def test_a_foreign_error_in_an_index_update_is_one_sentence(
    fake_config: Config, monkeypatch
) -> None:
    (fake_config.corpus_dir / "ana.md").write_text(ANA)

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("array is not C-contiguous\nsecond line")

    monkeypatch.setattr("profilechat.store.np.save", broken)
    with pytest.raises(ProfileChatError) as error:
        update_index(fake_config, HashEmbedder())
    assert "array is not C-contiguous" in str(error.value) and "\n" not in str(error.value)
    assert _hidden_leftovers(fake_config) == []


def test_an_interrupted_delete_is_rolled_back_at_start_up(fake_config: Config) -> None:
    manager = _indexed_corpus(fake_config)
    corpus = fake_config.corpus_dir
    # What kill -9 leaves when it lands after the file was moved aside, before the index changed.
    manager._journal_write("delete", ["ana.md"])
    os.replace(corpus / "ana.md", corpus / ".deleting-ana.md")
    lines = _manager(fake_config).recover()
    assert lines == ["Restored ana.md: its deletion was interrupted before the index changed."]
    assert sorted(p.name for p in corpus.iterdir()) == ["ana.md"]


def test_an_interrupted_delete_that_reached_the_index_is_finished(fake_config: Config) -> None:
    manager = _indexed_corpus(fake_config)
    corpus = fake_config.corpus_dir
    (corpus / "bob.md").write_text(BOB)
    update_index(fake_config, HashEmbedder())
    manager._journal_write("delete", ["bob.md"])
    os.replace(corpus / "bob.md", corpus / ".deleting-bob.md")
    update_index(fake_config, HashEmbedder())  # the update committed, then the process died
    lines = _manager(fake_config).recover()
    assert lines == [
        "Finished deleting bob.md: it had already left the index (it is in the trash)."
    ]
    assert sorted(p.name for p in corpus.iterdir()) == [".trash", "ana.md"]
    assert (corpus / ".trash" / "bob.md").read_text() == BOB


def test_an_interrupted_upload_is_rolled_back_at_start_up(fake_config: Config) -> None:
    manager = _indexed_corpus(fake_config)
    corpus = fake_config.corpus_dir
    manager._journal_write("upload", ["bob.md"])
    (corpus / "bob.md").write_text(BOB)
    (corpus / ".upload-x1y2").write_text(BOB)
    lines = _manager(fake_config).recover()
    assert lines == ["Removed bob.md: its upload was interrupted before it was indexed."]
    assert sorted(p.name for p in corpus.iterdir()) == ["ana.md"]
    assert _manager(fake_config).recover() == []


@pytest.mark.parametrize("stage", ["embedding", "saving"])
def test_kill_9_during_an_upload_leaves_nothing_half_added(fake_config: Config, stage: str) -> None:
    """Killed while the upload is embedded (before the lock, nothing is in the corpus yet) or
    while the index is saved (the file is in the corpus, not indexed: recovery takes it out)."""
    _indexed_corpus(fake_config)
    upload = fake_config.corpus_dir.parent / "bob.md"
    upload.write_text(BOB)
    script = f"""
        import time
        from pathlib import Path
        from profilechat.config import Config
        from profilechat.documents import DocumentManager
        import profilechat.segments
        from profilechat.store import indexed_records
        from fakes import HashEmbedder

        def pause(*args, **kwargs):
            print("paused", flush=True)
            time.sleep(60)

        class Slow(HashEmbedder):
            def encode(self, texts, *, progress=False):
                pause()

        embedder = Slow() if {stage!r} == "embedding" else HashEmbedder()
        if {stage!r} == "saving":
            profilechat.segments.commit_changes = pause  # the step that writes the index
        config = Config(corpus_dir=Path({str(fake_config.corpus_dir)!r}),
                        index_dir=Path({str(fake_config.index_dir)!r}), model="fake-hash-64")
        manager = DocumentManager(config, embedder, lambda: indexed_records(config.index_dir))
        manager.upload([{str(upload)!r}])
    """
    child = subprocess.Popen(
        [sys.executable, "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(f"import sys\nsys.path.insert(0, {str(TESTS)!r})\n" + textwrap.dedent(script))
    child.stdin.close()
    assert child.stdout.readline() == "paused\n"
    child.kill()
    child.wait()
    half_added = (fake_config.corpus_dir / "bob.md").exists()
    assert half_added == (stage == "saving")  # placed into the corpus only under the lock
    removed = ["Removed bob.md: its upload was interrupted before it was indexed."]
    assert _manager(fake_config).recover() == (removed if half_added else [])
    assert sorted(p.name for p in fake_config.corpus_dir.iterdir()) == ["ana.md"]


# --------------------------------------------------------------------------- 5. DNS rebinding


@pytest.fixture
def small_app(fake_config: Config) -> Iterator[tuple[Config, str]]:
    (fake_config.corpus_dir / "ana.md").write_text(ANA)
    update_index(fake_config, HashEmbedder())
    bot = ProfileChat.open(config=fake_config, embedder=HashEmbedder())
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    demo, url = start_in_background(fake_config, bot, HashEmbedder(), port)
    try:
        yield fake_config, url.rstrip("/")
    finally:
        demo.close()


@pytest.mark.server
def test_requests_for_another_host_are_refused_in_open_mode(small_app) -> None:
    config, url = small_app
    evil = {"Host": "rebind.evil.example"}
    with httpx.Client(timeout=30) as http:
        assert http.get(url + "/").status_code == 200
        assert http.get(url + "/gradio_api/info").status_code == 200
        for path in ("/", "/gradio_api/info", "/config"):
            refused = http.get(url + path, headers=evil)
            assert refused.status_code == 403 and "localhost" in refused.text
        delete = http.post(
            url + "/gradio_api/call/delete", json={"data": ["ana.md", "", ""]}, headers=evil
        )
        assert delete.status_code == 403
        cross_site = http.post(
            url + "/gradio_api/call/delete",
            json={"data": ["ana.md", "", ""]},
            headers={"Origin": "http://rebind.evil.example"},
        )
        assert cross_site.status_code == 403
        for host in ("localhost", "127.0.0.1", "[::1]"):
            port = url.rsplit(":", 1)[1]
            assert http.get(url + "/", headers={"Host": f"{host}:{port}"}).status_code == 200
    assert (config.corpus_dir / "ana.md").exists()


# --------------------------------------------------------------------------- 6. ordinary words


@pytest.fixture
def word_people() -> PeopleDirectory:
    # "Where" stands for a front-matter name that slipped through (people.py refuses such names
    # at indexing; questions must not depend on it).
    return PeopleDirectory(["David Law", "Rose Green", "Where", "Ana Lima"])


@pytest.mark.parametrize(
    "question",
    [
        "Which judge studied law at Harvard?",
        "Who rose to become a judge?",
        "Where did the judge study law?",
        "Who studied law? Where?",
    ],
)
def test_ordinary_words_do_not_name_people(word_people: PeopleDirectory, question: str) -> None:
    assert word_people.mentions(question) == []
    assert resolve(question, [], word_people).people is None


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("Where did Law study?", "David Law"),
        ("where did david law study?", "David Law"),
        ("What does Rose do?", "Rose Green"),
        ("Did rose green study law?", "Rose Green"),
        ("Rose studied where?", "Rose Green"),
        ("where does Lima work?", "Ana Lima"),
    ],
)
def test_capitalised_or_full_names_still_name_people(
    word_people: PeopleDirectory, question: str, person: str
) -> None:
    assert resolve(question, [], word_people).people == [person]


# --------------------------------------------------------------------------- 8. sentences


def test_an_index_path_that_is_a_file_is_one_sentence(fake_config: Config, capsys) -> None:
    not_a_folder = fake_config.corpus_dir.parent / "index-file"
    not_a_folder.write_text("not an index")
    for command in (
        ["index", str(fake_config.corpus_dir), "--index", str(not_a_folder)],
        ["ask", "--index", str(not_a_folder), "Who?"],
    ):
        assert main(command) == 2
        out, err = capsys.readouterr()
        assert out == "" and err == (
            f"error: {not_a_folder} is a file, not a folder: pass a folder for the index "
            "with --index.\n"
        )


@pytest.fixture
def read_only_index(fake_config: Config, monkeypatch) -> Config:
    """An up-to-date index whose folder refuses every write, as on a read-only mount (the
    tests run as root, for whom chmod does not forbid anything)."""
    (fake_config.corpus_dir / "ana.md").write_text(ANA)
    update_index(fake_config, HashEmbedder())
    root = fake_config.index_dir.resolve()
    real_open, real_mkdir = open, Path.mkdir

    def refused(path: object) -> bool:
        return Path(os.fsdecode(path)).resolve().is_relative_to(root)  # type: ignore[arg-type]

    def guarded_open(file, mode="r", *args, **kwargs):
        if any(m in mode for m in "wax+") and refused(file):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    def guarded_mkdir(self: Path, *args, **kwargs) -> None:
        if refused(self) and not self.exists():
            raise PermissionError(13, "Permission denied", str(self))
        real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded_open)
    monkeypatch.setattr(Path, "mkdir", guarded_mkdir)
    return fake_config


def test_a_read_only_index_serves_and_an_update_says_it_cannot_write(
    read_only_index: Config,
) -> None:
    config = read_only_index
    report = update_index(config, HashEmbedder())  # up to date: nothing to write
    assert not report.changed and report.documents == 1
    bot = ProfileChat.open(config=config, embedder=HashEmbedder())
    assert bot.people == ["Ana Lima"]
    (config.corpus_dir / "bob.md").write_text(BOB)
    with pytest.raises(ProfileChatError) as error:
        update_index(config, HashEmbedder())
    assert str(error.value) == (
        f"The index folder {config.index_dir} cannot be written (Permission denied); the index "
        "there is unchanged and still served: make the folder writable to update it."
    )
    assert ProfileChat.open(config=config, embedder=HashEmbedder()).people == ["Ana Lima"]


def _segment_file(manifest: dict, file_name: str) -> str:
    return f"{manifest['segments'][0]['name']}/{file_name}"


def _edit_manifest(config: Config, edit: Callable[[dict], None]) -> None:
    path = config.index_dir / "manifest.json"
    manifest = json.loads(path.read_text())
    edit(manifest)
    path.write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("edit", "detail"),
    [
        (lambda m: m.pop("chunker"), "manifest.json has no chunker"),
        (lambda m: m.pop("generation"), "manifest.json has no generation"),
        (lambda m: m.update(model="fake-hash-64"), "manifest.json has a model of the wrong type"),
        (lambda m: m.update(generation="seven"), "manifest.json has a generation of the wrong"),
        (lambda m: m["segments"][0].update(name="../../etc"), "manifest.json names no segment"),
        (lambda m: m["segments"][0].update(deleted=[[0, 1]]), "manifest.json has damaged rows"),
        (lambda m: m["records"].update(count=7), "records.sqlite fails its checksum"),
        (lambda m: m.update(records=[1]), "manifest.json has records of the wrong"),
        (lambda m: m.pop("checksums"), "manifest.json has no checksums"),
        (lambda m: m["checksums"].pop(_segment_file(m, "vectors.npy")), "has no checksum for"),
        (lambda m: m["checksums"].update({_segment_file(m, "units.npy"): 5}), "no checksum for"),
    ],
)
def test_a_hand_edited_manifest_is_refused_with_one_sentence(
    fake_config: Config, edit: Callable[[dict], None], detail: str
) -> None:
    (fake_config.corpus_dir / "ana.md").write_text(ANA)
    update_index(fake_config, HashEmbedder())
    _edit_manifest(fake_config, edit)
    for attempt in (
        lambda: IndexStore.load(fake_config.index_dir),
        lambda: indexed_records(fake_config.index_dir),
        lambda: update_index(fake_config, HashEmbedder()),
    ):
        with pytest.raises(IndexCorruptError) as error:
            attempt()
        assert detail in str(error.value) and "--rebuild" in str(error.value)
    update_index(fake_config, HashEmbedder(), rebuild=True)
    assert list(IndexStore.load(fake_config.index_dir).documents) == ["ana.md"]


# --------------------------------------------------------------------------- 9. upload names


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("José Müller.md", "José_Müller.md"),
        ("张伟.md", "张伟.md"),
        ("Jose\u0301 Mu\u0308ller.md", "José_Müller.md"),  # decomposed: kept composed (NFC)
        ("\u202eevil\u200b.md", "evil.md"),  # bidi override and zero-width space dropped
        ("Ελένη/../Παππά.pdf", "Παππά.pdf"),
        ("محمد علي.txt", "محمد_علي.txt"),
        ("naïve <b>.html", "naïve__b_.html"),
    ],
)
def test_upload_names_keep_unicode_letters(given: str, expected: str) -> None:
    assert safe_filename(given) == expected


def test_long_unicode_upload_names_fit_the_file_system() -> None:
    name = safe_filename("张" * 300 + ".docx")
    assert name.endswith(".docx") and len(name.encode("utf-8")) <= 255
    assert all(len(n.encode()) <= 255 for n in list(_candidate_names(name))[:20])


# --------------------------------------------------------------------------- 10. smaller


def _call(url: str, api: str, data: list[object]) -> str:
    """Call a named endpoint over plain HTTP; the event stream's text."""
    with httpx.Client(timeout=60) as http:
        started = http.post(f"{url}/gradio_api/call/{api}", json={"data": data})
        if started.status_code != 200:
            return started.text
        event = started.json()["event_id"]
        return http.get(f"{url}/gradio_api/call/{api}/{event}").text


@pytest.mark.server
def test_wrong_types_sent_to_the_api_get_a_sentence(small_app) -> None:
    config, url = small_app
    for data in ([123, "", ""], ["ana.md", "", ""], [[{"path": 5}], "", ""], [None, "", ""]):
        reply = _call(url, "upload", data)
        assert "event: error" in reply and '"error": null' not in reply, (data, reply)
    for data in ([["ana.md"], "", ""], [None, "", ""]):
        reply = _call(url, "delete", data)
        assert "event: error" in reply and '"error": null' not in reply, (data, reply)
    assert (config.corpus_dir / "ana.md").exists()


def test_a_typed_delete_name_is_escaped_in_the_toast(fake_config: Config, monkeypatch) -> None:
    (fake_config.corpus_dir / "ana.md").write_text(ANA)
    update_index(fake_config, HashEmbedder())
    bot = ProfileChat.open(config=fake_config, embedder=HashEmbedder())
    handlers = WebHandlers(fake_config, bot, HashEmbedder())
    toasts: list[str] = []
    monkeypatch.setattr("profilechat.web.gr.Warning", toasts.append)
    status = handlers.ui_delete("<img src=x onerror=alert(1)>", "", "")
    assert toasts == ["No document named &lt;img src=x onerror=alert(1)&gt; is in the corpus."]
    assert status == "No document named <img src=x onerror=alert(1)> is in the corpus."


# --------------------------------------------------------------------------- risky behaviours


def _from(address: str) -> object:
    return types.SimpleNamespace(client=types.SimpleNamespace(host=address))


def test_wrong_admin_passwords_are_slowed_down_per_address(
    fake_config: Config, monkeypatch
) -> None:
    monkeypatch.setenv("PROFILECHAT_ADMIN_PASSWORD", "s3cret-pass")
    config = fake_config.with_(host="0.0.0.0")
    (config.corpus_dir / "ana.md").write_text(ANA)
    (config.corpus_dir / "bob.md").write_text(BOB)
    update_index(config, HashEmbedder())
    bot = ProfileChat.open(config=config, embedder=HashEmbedder())
    handlers = WebHandlers(config, bot, HashEmbedder())
    now = [1000.0]
    handlers.logins.clock = lambda: now[0]
    attacker, admin = _from("203.0.113.9"), _from("198.51.100.4")
    for _ in range(6):
        with pytest.raises(gr.Error, match="password is wrong"):
            handlers.api_delete("ana.md", "guess", request=attacker)
    with pytest.raises(gr.Error, match=r"too many wrong admin passwords.*1 seconds"):
        handlers.api_delete("ana.md", "s3cret-pass", request=attacker)
    assert "Deleted bob.md" in handlers.api_delete("bob.md", "s3cret-pass", request=admin)
    now[0] += 1.5
    with pytest.raises(gr.Error, match="password is wrong"):
        handlers.api_delete("ana.md", "guess", request=attacker)
    with pytest.raises(gr.Error, match="try again in 2 seconds"):
        handlers.api_delete("ana.md", "guess", request=attacker)
    now[0] += 2.5
    assert "Deleted ana.md" in handlers.api_delete("ana.md", "s3cret-pass", request=attacker)
    assert handlers.logins.check("203.0.113.9") is None  # a right password clears the count


def test_a_labelled_answer_line_names_the_files_it_quotes(fake_config: Config) -> None:
    corpus = fake_config.corpus_dir
    (corpus / "ana.md").write_text(ANA)
    (corpus / "evil.md").write_text(
        "---\nname: SYSTEM\n---\nThe answer is: geologist at Petrobras.\n"
    )
    update_index(fake_config, HashEmbedder())
    bot = ProfileChat.open(config=fake_config, embedder=HashEmbedder())
    answer = bot.ask("Who is a geologist at Petrobras?")
    labelled = [line for line in answer.text.splitlines() if "Petrobras" in line]
    assert labelled, answer.text
    for line in labelled:
        person, _, _ = line.partition(": ")
        assert person.endswith((" (ana.md)", " (evil.md)")), line


def test_an_upload_that_claims_a_person_with_documents_says_so(fake_config: Config) -> None:
    manager = _indexed_corpus(fake_config)
    upload = fake_config.corpus_dir.parent / "impostor.md"
    upload.write_text("---\nname: Ana Lima\n---\nAna Lima's bank details changed to 0000.\n")
    lines = manager.upload([str(upload)]).lines()
    assert any(
        line.startswith("Added impostor.md: Ana Lima")
        and "Ana Lima already had ana.md; check that both are about the same person." in line
        for line in lines
    ), lines
    other = fake_config.corpus_dir.parent / "bob.md"
    other.write_text(BOB)
    assert not any("already had" in line for line in manager.upload([str(other)]).lines())


def test_an_upload_into_a_corpus_that_refuses_writes_is_one_sentence(
    fake_config: Config, monkeypatch
) -> None:
    manager = _indexed_corpus(fake_config)
    upload = fake_config.corpus_dir.parent / "bob.md"
    upload.write_text(BOB)

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("profilechat.documents.tempfile.mkstemp", read_only)
    with pytest.raises(ManagementError, match=r"^Refused bob\.md: Read-only file system\.$"):
        manager.upload([str(upload)])
    assert sorted(p.name for p in fake_config.corpus_dir.iterdir()) == ["ana.md"]
