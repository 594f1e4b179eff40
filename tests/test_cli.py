"""The command line: exit codes and exact output."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from profilechat.cli import main
from profilechat.config import Config
from profilechat.indexing import update_index

from .fakes import HashEmbedder


def run(
    args: list[str], capsys, stdin: str | None = None, monkeypatch=None
) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_missing_index_is_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    code, out, err = run(["ask", "--index", str(tmp_path / "none"), "Who?"], capsys)
    assert code == 2 and out == ""
    assert err == (
        f"error: No index found in {tmp_path / 'none'}: build one with "
        f"`profilechat index CORPUS --index {tmp_path / 'none'}`.\n"
    )


def test_empty_question_is_one_line_and_exit_2(shipped_index: Config, capsys) -> None:
    code, out, err = run(["ask", "--index", str(shipped_index.index_dir), "  "], capsys)
    assert (code, out) == (2, "")
    assert err == "error: Please type a question; an empty one cannot be answered.\n"


def test_model_mismatch_says_how_to_fix(shipped_index: Config, capsys) -> None:
    args = ["ask", "--index", str(shipped_index.index_dir), "--model", "other/model", "Who?"]
    code, _, err = run(args, capsys)
    assert code == 2
    assert err.startswith("error: The index was built with the model ")
    assert err.endswith("run `profilechat index --rebuild` to rebuild it.\n")


def test_ask_json_prints_the_documented_object(shipped_index: Config, capsys) -> None:
    code, out, _ = run(
        [
            "ask",
            "--index",
            str(shipped_index.index_dir),
            "--json",
            "Who",
            "maintains",
            "DeepSpeed?",
        ],
        capsys,
    )
    data = json.loads(out)
    assert code == 0 and data["question"] == "Who maintains DeepSpeed?"
    assert data["found"] is True and data["people"] == ["Zhipeng Wang"]
    assert {"person", "source", "section", "text", "score"} == set(data["sources"][0])


def test_ask_dash_reads_one_question_per_line(shipped_index: Config, capsys, monkeypatch) -> None:
    stdin = "Where did Zhipeng Jia do his PhD?\n\nWhat is the capital of France?\n"
    code, out, _ = run(
        ["ask", "--index", str(shipped_index.index_dir), "--json", "-"], capsys, stdin, monkeypatch
    )
    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [a["found"] for a in answers] == [True, False]


def test_chat_resolves_follow_ups(shipped_index: Config, capsys, monkeypatch) -> None:
    stdin = "What is Zhipeng Wang's current job?\nAnd what about Zhipeng Jia?\n"
    code, out, _ = run(
        ["chat", "--index", str(shipped_index.index_dir), "--json"], capsys, stdin, monkeypatch
    )
    turns = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [t["people"] for t in turns] == [["Zhipeng Wang"], ["Zhipeng Jia"]]
    assert "LinkedIn" in turns[0]["answer"] and "Google" in turns[1]["answer"]


def test_plain_answer_lists_sources(shipped_index: Config, capsys) -> None:
    code, out, _ = run(
        ["ask", "--index", str(shipped_index.index_dir), "Where did Zhipeng Jia do his PhD?"],
        capsys,
    )
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("Zhipeng Jia (")
    assert lines[1].startswith("  [1] Zhipeng Jia — 002_682bc478652e0be9.txt, ")


def test_status_and_people(shipped_index: Config, capsys) -> None:
    code, out, _ = run(["status", "--index", str(shipped_index.index_dir)], capsys)
    rows = dict(line.split(None, 1) for line in out.splitlines())
    assert code == 0 and rows["documents"] == "2" and rows["people"] == "2"
    assert rows["model"] == "sentence-transformers/all-MiniLM-L6-v2 (384 dimensions)"
    assert rows["segments"] == "1 (0 deleted chunks awaiting compaction)"
    code, out, _ = run(["people", "--index", str(shipped_index.index_dir)], capsys)
    assert out == (
        "Zhipeng Jia: 002_682bc478652e0be9.txt\n"
        "  I am a Senior Systems Research Engineer at Google.\n"
        "Zhipeng Wang: 000_d4a71bdd76594050.txt\n"
        "  I am a seasoned scientist & engineer working in the field of Machine Learning Systems "
        "with a primary focus on the optimization of large-scale distributed training and "
        "inference systems for foundation models and large language models (LLMs).\n"
    )


def test_people_says_how_to_name_an_unknown_person(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "cv.txt").write_text("I design boats and teach sailing in Oslo.\n")
    config = Config(corpus_dir=corpus, index_dir=tmp_path / "index", model="fake-hash-64")
    update_index(config, HashEmbedder())
    args = ["people", "--index", str(config.index_dir), "--corpus", str(corpus)]
    code, out, _ = run([*args, "--model", "fake-hash-64"], capsys)
    assert code == 0 and out == (
        "Unknown (cv.txt): cv.txt\n"
        f'  nobody is named in it: add "cv.txt: Full Name" to {corpus / "people.yaml"} and run '
        "`profilechat index`.\n"
    )
    code, out, _ = run([*args, "--json"], capsys)
    assert json.loads(out) == [
        {
            "name": "Unknown (cv.txt)",
            "documents": ["cv.txt"],
            "headline": "I design boats and teach sailing in Oslo.",
            "unknown": True,
            "aliases": [],
        }
    ]


def test_an_index_given_by_a_relative_path_is_read(tmp_path: Path, capsys, monkeypatch) -> None:
    # "profilechat people --index idx" from the folder holding idx said the index was damaged.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "cv.txt").write_text("# Ada Okoye\nI design boats in Oslo.\n")
    update_index(
        Config(corpus_dir=corpus, index_dir=tmp_path / "idx", model="fake-hash-64"), HashEmbedder()
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["people", "--index", "idx", "--model", "fake-hash-64"], capsys)
    assert (code, err) == (0, "")
    assert out.startswith("Ada Okoye: cv.txt\n")


def test_index_reports_what_changed(tmp_path: Path, capsys, embedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ana-lima.md").write_text("# Ana Lima\n\nI am a geologist at Petrobras.\n")
    (corpus / "notes.csv").write_text("a,b\n")
    index = str(tmp_path / "index")
    code, out, _ = run(["index", str(corpus), "--index", index], capsys)
    lines = out.splitlines()
    assert code == 0
    assert lines[:2] == ["skipped notes.csv: unsupported file type", "added ana-lima.md"]
    assert lines[2].startswith("1 added, 0 updated, 0 removed, 0 unchanged, 1 skipped; 1 documents")
    code, out, _ = run(["index", str(corpus), "--index", index], capsys)
    assert out.splitlines()[-1].startswith("0 added, 0 updated, 0 removed, 1 unchanged, 1 skipped")


def test_missing_corpus_folder(tmp_path: Path, capsys) -> None:
    code, _, err = run(["index", str(tmp_path / "nope"), "--index", str(tmp_path / "i")], capsys)
    assert code == 2 and err.startswith("error: The corpus folder ") and err.count("\n") == 1


def test_usage_errors_exit_2(capsys) -> None:
    assert main([]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["ask"])
    assert exit_info.value.code == 2


# --------------------------------------------------------------------------- add / remove

ANA = "# Ana Lima\n\nI am a geologist at Petrobras.\n"
BEA = "# Bea Souza\n\nI am a chemist at Braskem.\n"


def without_time(line: str) -> str:
    """An update summary without its duration, which varies from run to run."""
    return re.sub(r" in \d+\.\d\ds$", " in …s", line)


@pytest.fixture
def folders(tmp_path: Path, embedder) -> tuple[Path, Path, list[str]]:
    """An empty corpus and index (the real model is loaded once, by `embedder`), files to add
    in another folder, and the --corpus/--index arguments."""
    corpus, uploads = tmp_path / "corpus", tmp_path / "uploads"
    corpus.mkdir()
    uploads.mkdir()
    (uploads / "ana-lima.md").write_text(ANA)
    (uploads / "bea souza.md").write_text(BEA)
    return corpus, uploads, ["--corpus", str(corpus), "--index", str(tmp_path / "index")]


def test_add_copies_checks_and_indexes(folders, capsys) -> None:
    corpus, uploads, where = folders
    code, out, err = run(["add", str(uploads / "ana-lima.md"), *where], capsys)
    assert (code, err) == (0, "")
    assert [without_time(line) for line in out.splitlines()] == [
        "Added ana-lima.md: Ana Lima, 1 passages.",
        "1 added, 0 updated, 0 removed, 0 unchanged, 0 skipped; 1 documents, 1 chunks "
        "(1 embedded) in …s",
    ]
    assert (corpus / "ana-lima.md").read_text() == ANA
    code, out, _ = run(["people", "--index", where[-1]], capsys)
    assert out == "Ana Lima: ana-lima.md\n  I am a geologist at Petrobras.\n"


def test_add_gives_a_taken_name_a_new_one_and_makes_names_safe(folders, capsys) -> None:
    corpus, uploads, where = folders
    run(["add", str(uploads / "ana-lima.md"), *where], capsys)
    other = uploads / "other" / "ana-lima.md"
    other.parent.mkdir()
    other.write_text(ANA.replace("geologist", "geophysicist"))
    code, out, err = run(["add", str(other), str(uploads / "bea souza.md"), *where], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        "Added ana-lima.md as ana-lima-2.md, since ana-lima.md already exists: Ana Lima, "
        "1 passages. Ana Lima already had ana-lima.md; check that both are about the same "
        "person.",
        "Added bea_souza.md: Bea Souza, 1 passages.",
    ]
    assert sorted(p.name for p in corpus.iterdir()) == [
        "ana-lima-2.md",
        "ana-lima.md",
        "bea_souza.md",
    ]


def test_add_refuses_duplicates_and_unreadable_files_with_one_line_each(folders, capsys) -> None:
    corpus, uploads, where = folders
    run(["add", str(uploads / "ana-lima.md"), *where], capsys)
    (uploads / "notes.csv").write_text("a,b\n")
    (uploads / "junk.txt").write_bytes(bytes(range(256)) * 64)
    files = [str(uploads / name) for name in ("ana-lima.md", "notes.csv", "junk.txt")]
    code, out, err = run(["add", *files, *where], capsys)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "error: Refused ana-lima.md: it has the same content as ana-lima.md, already in the "
        "corpus.",
        "error: Refused notes.csv: .csv cannot be indexed; upload one of .docx, .htm, .html, "
        ".markdown, .md, .pdf, .tex, .txt.",
        "error: Refused junk.txt: not a text file (binary content).",
    ]
    assert sorted(p.name for p in corpus.iterdir()) == ["ana-lima.md"]


def test_add_reports_a_refused_file_beside_an_added_one(folders, capsys) -> None:
    _, uploads, where = folders
    (uploads / "notes.csv").write_text("a,b\n")
    args = ["add", str(uploads / "notes.csv"), str(uploads / "bea souza.md"), *where]
    code, out, err = run(args, capsys)
    assert code == 2
    assert err.startswith("error: Refused notes.csv: .csv cannot be indexed;")
    assert err.count("\n") == 1
    assert out.splitlines()[0] == "Added bea_souza.md: Bea Souza, 1 passages."


def test_add_a_missing_file(folders, capsys) -> None:
    _, uploads, where = folders
    code, out, err = run(["add", str(uploads / "nobody.md"), *where], capsys)
    assert (code, out) == (2, "")
    assert err == f"error: {uploads / 'nobody.md'} is not a file; nothing was added.\n"


def test_remove_deletes_the_file_and_updates_the_index(folders, capsys) -> None:
    corpus, uploads, where = folders
    run(["add", str(uploads / "ana-lima.md"), str(uploads / "bea souza.md"), *where], capsys)
    code, out, err = run(["remove", "ana-lima.md", *where], capsys)
    assert (code, err) == (0, "")
    assert [without_time(line) for line in out.splitlines()] == [
        "Deleted ana-lima.md (moved to the trash, .trash/, where it can be restored); "
        "Ana Lima is no longer in the index.",
        "0 added, 0 updated, 1 removed, 1 unchanged, 0 skipped; 1 documents, 1 chunks "
        "(0 embedded) in …s",
    ]
    assert not (corpus / "ana-lima.md").exists()
    _, out, _ = run(["people", "--index", where[-1]], capsys)
    assert out == "Bea Souza: bea_souza.md\n  I am a chemist at Braskem.\n"


def test_remove_an_unknown_name(folders, capsys) -> None:
    _, _, where = folders
    code, out, err = run(["remove", "../index/manifest.json", *where], capsys)
    assert (code, out) == (2, "")
    assert err == "error: No document named ../index/manifest.json is in the corpus.\n"


def test_document_management_works_without_gradio() -> None:
    probe = "import sys, profilechat.cli, profilechat.documents; print('gradio' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout == "False\n"


def test_documents_lists_person_title_and_file(folders, capsys) -> None:
    _, uploads, where = folders
    (uploads / "cv.html").write_text(
        "<html><head><title>Curriculum Vitae</title></head><body><h1>Bea Souza</h1>"
        "<p>I am a chemist at Braskem.</p></body></html>"
    )
    run(["add", str(uploads / "ana-lima.md"), str(uploads / "cv.html"), *where], capsys)
    code, out, _ = run(["documents", "--index", where[-1]], capsys)
    assert code == 0
    assert [re.sub(r", indexed .*", "", line) for line in out.splitlines()] == [
        "Ana Lima — ana-lima.md: 1 passages",  # its only heading is the person's name
        "Bea Souza — Curriculum Vitae (cv.html): 1 passages",
    ]
    _, out, _ = run(["documents", "--index", where[-1], "--json"], capsys)
    assert [row["title"] for row in json.loads(out)] == ["", "Curriculum Vitae"]


def test_trash_lists_restores_and_empties(folders, capsys) -> None:
    corpus, uploads, where = folders
    run(["add", str(uploads / "ana-lima.md"), str(uploads / "bea souza.md"), *where], capsys)
    run(["remove", "ana-lima.md", *where], capsys)
    run(["remove", "bea_souza.md", *where], capsys)
    assert run(["trash", *where], capsys)[1] == "ana-lima.md\nbea_souza.md\n"
    code, out, _ = run(["trash", "restore", "ana-lima.md", *where], capsys)
    assert code == 0 and out.startswith("Restored ana-lima.md: Ana Lima, 1 passages.")
    code, out, err = run(["trash", "empty", *where], capsys)  # no terminal to ask: refused
    assert (code, out) == (2, "")
    assert err == (
        "error: The trash was not emptied; run `profilechat trash empty --yes` to empty it.\n"
    )
    code, out, _ = run(["trash", "empty", "--yes", *where], capsys)
    assert (code, out) == (0, "Removed 1 document from the trash for good: bea_souza.md.\n")
    assert sorted(p.name for p in corpus.iterdir()) == [".trash", "ana-lima.md"]
    code, out, err = run(["trash", *where], capsys)
    assert (code, out, err) == (0, "", "The trash is empty.\n")
