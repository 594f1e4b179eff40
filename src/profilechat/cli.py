"""Command line `profilechat`: index, add, remove, trash, status, documents, people, ask, chat,
eval, serve.

Errors a user can cause are printed as one line on stderr with exit code 2; no tracebacks.
Libraries' warnings and progress messages go to logging and are shown with -v.

Each command imports only what it needs: `--help`, `status` and `people` read the manifest
without numpy, FAISS or the model, and the ONNX backend never imports torch.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from . import __version__
from .config import EMBEDDING_BACKENDS, ENV_PREFIX, Config
from .errors import ProfileChatError, QuestionError

EXIT_USAGE = 2


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.handler(args) or 0)
    except ProfileChatError as error:
        for line in str(error).splitlines():  # one sentence per refused file
            print(f"error: {line}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(
            "interrupted; the index on disk is unchanged unless the update had finished.",
            file=sys.stderr,
        )
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="profilechat", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbose_help = "show library warnings and progress messages (logging at INFO)"
    parser.add_argument("-v", "--verbose", action="store_true", help=verbose_help)
    commands = parser.add_subparsers(metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        # Also accepted after the command; SUPPRESS keeps a -v given before it.
        sub.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=verbose_help
        )
        sub.add_argument(
            "--index", type=Path, help="index folder (default: index, or $PROFILECHAT_INDEX_DIR)"
        )
        sub.add_argument(
            "--model",
            help="sentence-transformers model name or path (default: the bundled "
            "all-MiniLM-L6-v2, or $PROFILECHAT_MODEL)",
        )
        sub.add_argument(
            "--backend",
            choices=EMBEDDING_BACKENDS,
            help="how vectors are computed: auto (default: ONNX Runtime for the bundled model, "
            "torch otherwise), onnx or torch; or $PROFILECHAT_EMBEDDING_BACKEND",
        )
        return sub

    index = command("index", _index, "Build or update the index from a folder of profiles.")
    index.add_argument("corpus", nargs="?", type=Path, help="folder of profiles (default: corpus)")
    index.add_argument("--rebuild", action="store_true", help="re-embed everything from scratch")
    ray = index.add_argument_group("indexing on Ray (needs the ray extra: pip install -e '.[ray]')")
    ray.add_argument(
        "--ray",
        nargs="?",
        const="local",
        metavar="ADDRESS",
        help="prepare and embed new and changed documents on Ray: a new local Ray without "
        "ADDRESS, else the cluster at ADDRESS (auto, HOST:6379 or ray://HOST:10001); give it "
        "after CORPUS (default: in this process, or $PROFILECHAT_RAY_ADDRESS)",
    )
    ray.add_argument(
        "--ray-workers",
        type=int,
        metavar="N",
        help="worker actors, one CPU and one model each (default: one per CPU of the cluster, "
        "or $PROFILECHAT_RAY_WORKERS)",
    )
    ray.add_argument(
        "--ray-batch-size",
        type=int,
        metavar="N",
        help="documents sent to a worker at a time (default 16, or $PROFILECHAT_RAY_BATCH_SIZE)",
    )
    add = command("add", _add, "Copy profile files into the corpus and index them.")
    add.add_argument("files", nargs="+", type=Path, help="the files to add")
    add.add_argument("--corpus", type=Path, help="folder of profiles (default: corpus)")
    remove = command(
        "remove", _remove, "Move a file from the corpus to corpus/.trash/ and update the index."
    )
    remove.add_argument("name", help="the file's name in the corpus, as `documents` lists it")
    remove.add_argument("--corpus", type=Path, help="folder of profiles (default: corpus)")
    trash = command(
        "trash",
        _trash,
        "List the deleted documents in corpus/.trash/, restore one, or empty the trash.",
    )
    trash.add_argument(
        "action",
        nargs="?",
        choices=["list", "restore", "empty"],
        default="list",
        help="list (default), restore NAME, or empty (removes them for good)",
    )
    trash.add_argument("name", nargs="?", help="for restore: the file's name as `trash` lists it")
    trash.add_argument("--corpus", type=Path, help="folder of profiles (default: corpus)")
    trash.add_argument("--yes", action="store_true", help="empty without asking first")
    command("status", _status, "Show the index: model, documents, people, chunks, when built.")
    documents = command(
        "documents", _documents, "List the indexed documents by person, with title and file."
    )
    documents.add_argument("--json", action="store_true", help="one JSON list of documents")
    people = command(
        "people", _people, "List the people in the index, their documents and headlines."
    )
    people.add_argument("--corpus", type=Path, help="corpus folder, for the people.yaml hint")
    people.add_argument("--json", action="store_true", help="one JSON list of people")

    k_help = "passages to read per question (default 5, or $PROFILECHAT_TOP_K)"
    ask = command("ask", _ask, "Answer questions; '-' reads one question per line from stdin.")
    ask.add_argument("-k", type=int, help=k_help)
    ask.add_argument("--json", action="store_true", help="one JSON object per line")
    ask.add_argument("question", nargs="+", help="the question, or - for stdin")

    chat = command("chat", _chat, "A conversation: each line is the next turn.")
    chat.add_argument("-k", type=int, help=k_help)
    chat.add_argument("--json", action="store_true", help="one JSON object per answer")

    evaluate = command("eval", _eval, "Score retrieval and answers on a question file.")
    evaluate.add_argument("questions", type=Path, help="JSONL question file (see README)")
    evaluate.add_argument("-k", type=int, default=5, help="passages read per question (default 5)")
    evaluate.add_argument(
        "--show-failures", action="store_true", help="list each question answered wrongly"
    )
    evaluate.add_argument(
        "--mode",
        choices=["hybrid", "dense", "bm25"],
        default="hybrid",
        help="retrieval to score: hybrid (default), dense (FAISS only) or bm25 (BM25 only)",
    )

    serve = command("serve", _serve, "Start the web chat.")
    serve.add_argument("--corpus", type=Path, help="folder of profiles (default: corpus)")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default 7860)")
    for answering in (ask, chat, evaluate, serve):
        _llm_options(answering)
    return parser


def configure_logging(verbose: bool) -> None:
    """ProfileChat's own warnings always show; libraries' messages (PDF parsers, transformers,
    bm25s, Python warnings) only with -v, which shows everything down to INFO."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_VerbosityFilter(verbose))
    root = logging.getLogger()
    for old in [
        h for h in root.handlers if any(isinstance(f, _VerbosityFilter) for f in h.filters)
    ]:
        root.removeHandler(old)  # main() may run more than once in a process (tests)
    root.addHandler(handler)
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    logging.captureWarnings(True)
    # transformers keeps a handler of its own; it reads this when it is first imported.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "info" if verbose else "error")


class _VerbosityFilter(logging.Filter):
    """Some libraries set their own loggers' levels (bm25s logs at DEBUG), so the decision is
    made here, where every record passes, rather than by logger levels."""

    def __init__(self, verbose: bool) -> None:
        super().__init__()
        self.verbose = verbose

    def filter(self, record: logging.LogRecord) -> bool:
        if self.verbose:
            return record.levelno >= logging.INFO
        ours = record.name == "profilechat" or record.name.startswith("profilechat.")
        return record.levelno >= (logging.WARNING if ours else logging.ERROR)


def _llm_options(sub: argparse.ArgumentParser) -> None:
    llm = sub.add_argument_group("written answers (an OpenAI-compatible server)")
    llm.add_argument(
        "--llm",
        action=argparse.BooleanOptionalAction,
        help="answers written by the configured LLM server (default: on when one is configured)",
    )
    llm.add_argument("--llm-url", help="its base URL, e.g. http://127.0.0.1:11434/v1 (Ollama)")
    llm.add_argument("--llm-model", help="the model name the server knows")
    llm.add_argument("--llm-timeout", type=float, help="seconds to wait for it (default 60)")


def _config(args: argparse.Namespace, **extra: Any) -> Config:
    """The configuration: defaults, PROFILECHAT_* variables, then flags (the API key has no
    flag: it is read from the environment only)."""
    llm_flags = {
        "llm_url": getattr(args, "llm_url", None),
        "llm_model": getattr(args, "llm_model", None),
        "llm_timeout": getattr(args, "llm_timeout", None),
    }
    config = Config.from_env(
        index_dir=args.index,
        model=args.model,
        embedding_backend=args.backend,
        **llm_flags,
        **extra,
    )
    wanted = getattr(args, "llm", None)
    if wanted is False:
        return config.with_(llm_url="")
    if wanted and not config.llm_enabled:
        raise ProfileChatError(
            "--llm needs an LLM server: set PROFILECHAT_LLM_URL (e.g. http://127.0.0.1:11434/v1 "
            "for Ollama) or pass --llm-url, and PROFILECHAT_LLM_MODEL or --llm-model."
        )
    return config


def _index(args: argparse.Namespace) -> int:
    from .indexing import TerminalProgress, update_index

    config = _config(
        args,
        corpus_dir=args.corpus,
        ray_address=args.ray,
        ray_workers=args.ray_workers,
        ray_batch_size=args.ray_batch_size,
    )
    if not config.corpus_dir.is_dir():
        raise ProfileChatError(
            f"The corpus folder {config.corpus_dir} does not exist; "
            "pass a folder of profile documents."
        )
    report = update_index(config, rebuild=args.rebuild, progress=TerminalProgress(sys.stderr))
    for line in report.summary_lines():
        print(line)
    return 0


def _manager(args: argparse.Namespace) -> Any:
    from functools import partial

    from .documents import DocumentManager
    from .store import indexed_records

    config = _config(args, corpus_dir=args.corpus)
    records = partial(indexed_records, config.index_dir)
    manager = DocumentManager(config, None, records, show_progress=sys.stderr.isatty())
    for line in [*manager.recover(), *manager.expire_trash()]:
        print(line, file=sys.stderr)
    return manager


def _add(args: argparse.Namespace) -> int:
    """Added files and the index summary on stdout; a refused file's sentence on stderr, and
    exit code 2 when any file was refused."""
    missing = [path for path in args.files if not path.is_file()]
    if missing:
        raise ProfileChatError(f"{missing[0]} is not a file; nothing was added.")
    outcome = _manager(args).upload([str(path) for path in args.files])
    for line in outcome.refused:
        print(f"error: {line}", file=sys.stderr)
    for line in [*outcome.done, *outcome.summary]:
        print(line)
    return EXIT_USAGE if outcome.refused else 0


def _remove(args: argparse.Namespace) -> int:
    for line in _manager(args).delete(args.name).lines():
        print(line)
    return 0


def _trash(args: argparse.Namespace) -> int:
    manager = _manager(args)
    if args.action == "restore":
        for line in manager.restore(args.name).lines():
            print(line)
        return 0
    if args.action == "empty":
        if not args.yes and not _confirmed(
            f"Remove the {len(manager.trashed())} deleted documents for good?"
        ):
            raise ProfileChatError(
                "The trash was not emptied; run `profilechat trash empty --yes` to empty it."
            )
        for line in manager.empty_trash():
            print(line)
        return 0
    trashed = manager.trashed()
    for name in trashed:
        print(name)
    if not trashed:
        print("The trash is empty.", file=sys.stderr)
    return 0


def _confirmed(question: str) -> bool:
    """A yes from the terminal; no terminal, no yes."""
    if not sys.stdin.isatty():
        return False
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def _documents(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from .document_view import document_rows
    from .store import IndexStore

    config = _config(args)
    rows = document_rows(IndexStore.load(config.index_dir, config.approximate_above))
    if args.json:
        print(json.dumps([asdict(row) for row in rows], ensure_ascii=False))
        return 0
    for row in rows:
        print(f"{row.label()}: {row.passages} passages, indexed {row.indexed_at}")
    return 0


def _segments_line(counts: dict[str, int]) -> str:
    deleted = counts.get("deleted chunks", 0)
    return f"{counts.get('segments', 0)} ({deleted} deleted chunks awaiting compaction)"


def _status(args: argparse.Namespace) -> int:
    from .manifest import ANALYSIS_VERSION, IndexSummary

    config = _config(args)
    index = IndexSummary.load(config.index_dir)
    rows = [
        ("index", str(config.index_dir)),
        ("model", f"{index.model} ({index.dimension} dimensions)"),
        ("embedded", f"with {index.backend or 'unrecorded backend'}"),
        ("documents", str(len(index.documents))),
        ("people", str(len(index.people))),
        ("chunks", str(index.counts.get("chunks", 0))),
        ("sentences", str(index.counts.get("sentences", 0))),
        ("search", index.search),
        ("segments", _segments_line(index.counts)),
        ("built", index.built_at),
    ]
    for name, value in rows:
        print(f"{name:<10} {value}")
    if index.model != config.model:
        print(
            f"warning: the configured model is {config.model!r}; run `profilechat index --rebuild`."
        )
    if index.analysis != ANALYSIS_VERSION:
        print(
            "note: these documents were read by an older ProfileChat; "
            "the next `profilechat index` reads them all again."
        )
    return 0


def _people(args: argparse.Namespace) -> int:
    from .manifest import IndexSummary
    from .people import PEOPLE_FILE, people_listing

    config = _config(args, corpus_dir=args.corpus)
    index = IndexSummary.load(config.index_dir)
    people = people_listing(index.people, index.facts())
    if args.json:
        print(json.dumps(people, ensure_ascii=False))
        return 0
    for person in people:
        also = f" (also {', '.join(person['aliases'])})" if person["aliases"] else ""
        print(f"{person['name']}{also}: {', '.join(person['documents'])}")
        if person["unknown"]:
            file_name = person["documents"][0]
            print(
                f'  nobody is named in it: add "{file_name}: Full Name" to '
                f"{config.corpus_dir / PEOPLE_FILE} and run `profilechat index`."
            )
        elif person["headline"]:
            print(f"  {person['headline']}")
    return 0


def _open_bot(args: argparse.Namespace) -> Any:
    from .embedding import load_embedder
    from .manifest import check_model, read_manifest
    from .session import ProfileChat

    config = _config(args)
    # A missing index or another model is reported before the model loads.
    check_model(read_manifest(config.index_dir)["model"]["name"], config.model)
    embedder = load_embedder(config.model, config.batch_size, config.embedding_backend)
    return ProfileChat.open(config=config, embedder=embedder)


def _ask(args: argparse.Namespace) -> int:
    questions: Iterable[str]
    if args.question == ["-"]:
        questions = (line.rstrip("\n") for line in sys.stdin)
    else:
        questions = [" ".join(args.question)]
        if not questions[0].strip():
            raise QuestionError("Please type a question; an empty one cannot be answered.")
    bot = _open_bot(args)
    status = 0
    for question in questions:
        if not question.strip() and args.question == ["-"]:
            continue
        try:
            _answer(bot, question, [], args.k, args.json)
        except QuestionError as error:
            print(f"error: {error}", file=sys.stderr)
            status = EXIT_USAGE
    return status


def _chat(args: argparse.Namespace) -> int:
    bot = _open_bot(args)
    interactive = sys.stdin.isatty() and not args.json
    history: list[dict[str, Any]] = []
    if interactive:
        print(f"Ask about {', '.join(bot.people)}. An empty line or Ctrl-D ends the chat.")
    while True:
        try:
            line = input("> " if interactive else "")
        except EOFError:
            break
        if not line.strip():
            if interactive:
                break
            continue
        try:
            answer = _answer(bot, line, history, args.k, args.json)
        except QuestionError as error:
            print(f"error: {error}", file=sys.stderr)
            continue
        history += [{"role": "user", "content": line}, answer.message()]
    return 0


def _answer(
    bot: Any, question: str, history: list[dict[str, Any]], k: int | None, as_json: bool
) -> Any:
    """Answer and print: JSON in one piece; text as a written answer arrives, then sources."""
    if as_json:
        answer = bot.ask(question, history=history, k=k)
        print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
        return answer
    shown = ""
    for item in bot.stream(question, history, k=k):
        if isinstance(item, str):
            print(item, end="", flush=True)
            shown += item
        else:
            answer = item
    if not answer.text.startswith(shown):  # the written answer fell back to the quoted one
        print()
        shown = ""
    print(answer.text[len(shown) :])
    _print_sources(answer)
    return answer


def _print_sources(answer: Any) -> None:
    if answer.written_by:
        print(f"  (written by {answer.written_by} from the passages below)")
    for source in answer.sources:
        where = f"{source.source}, {source.section}" if source.section else source.source
        print(f"  [{source.number}] {source.person} — {where}")
    print(flush=True)


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report, load_questions

    bot = _open_bot(args)
    questions = load_questions(args.questions)
    report = evaluate(bot, questions, k=args.k, mode=args.mode)
    print(format_report(report, show_failures=args.show_failures))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .launch import serve

    config = _config(args, corpus_dir=args.corpus, host=args.host, port=args.port)
    # web.py loads the model with load_embedder's default backend, read from the environment.
    os.environ[ENV_PREFIX + "EMBEDDING_BACKEND"] = config.embedding_backend
    serve(config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
