"""Command line `profilechat`: index, add, remove, status, people, ask, chat, eval, serve.

Errors a user can cause are printed as one line on stderr with exit code 2; no tracebacks.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .config import Config
from .errors import ProfileChatError, QuestionError

EXIT_USAGE = 2


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
    commands = parser.add_subparsers(metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        sub.add_argument(
            "--index", type=Path, help="index folder (default: index, or $PROFILECHAT_INDEX_DIR)"
        )
        sub.add_argument("--model", help="sentence-transformers model name or path")
        return sub

    index = command("index", _index, "Build or update the index from a folder of profiles.")
    index.add_argument("corpus", nargs="?", type=Path, help="folder of profiles (default: corpus)")
    index.add_argument("--rebuild", action="store_true", help="re-embed everything from scratch")
    add = command("add", _add, "Copy profile files into the corpus and index them.")
    add.add_argument("files", nargs="+", type=Path, help="the files to add")
    add.add_argument("--corpus", type=Path, help="folder of profiles (default: corpus)")
    remove = command("remove", _remove, "Remove a file from the corpus and the index.")
    remove.add_argument("name", help="the file's name in the corpus, as `status` lists it")
    remove.add_argument("--corpus", type=Path, help="folder of profiles (default: corpus)")
    command("status", _status, "Show the index: model, documents, people, chunks, when built.")
    people = command(
        "people", _people, "List the people in the index, their documents and headlines."
    )
    people.add_argument("--corpus", type=Path, help="corpus folder, for the people.yaml hint")
    people.add_argument("--json", action="store_true", help="one JSON list of people")

    ask = command("ask", _ask, "Answer questions; '-' reads one question per line from stdin.")
    ask.add_argument("-k", type=int, help="passages to retrieve (default 5)")
    ask.add_argument("--json", action="store_true", help="one JSON object per line")
    ask.add_argument("question", nargs="+", help="the question, or - for stdin")

    chat = command("chat", _chat, "A conversation: each line is the next turn.")
    chat.add_argument("-k", type=int)
    chat.add_argument("--json", action="store_true")

    evaluate = command("eval", _eval, "Score retrieval and answers on a question file.")
    evaluate.add_argument("questions", type=Path, help="JSONL question file (see README)")
    evaluate.add_argument("-k", type=int, default=5)
    evaluate.add_argument("--show-failures", action="store_true")
    evaluate.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default="hybrid")

    serve = command("serve", _serve, "Start the web chat.")
    serve.add_argument("--corpus", type=Path)
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    return parser


def _config(args: argparse.Namespace, **extra: Any) -> Config:
    return Config.from_env(index_dir=args.index, model=args.model, **extra)


def _index(args: argparse.Namespace) -> int:
    from .indexing import update_index

    config = _config(args, corpus_dir=args.corpus)
    if not config.corpus_dir.is_dir():
        raise ProfileChatError(
            f"The corpus folder {config.corpus_dir} does not exist; "
            "pass a folder of profile documents."
        )
    report = update_index(config, rebuild=args.rebuild, progress=sys.stderr.isatty())
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
    for line in manager.recover():
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


def _status(args: argparse.Namespace) -> int:
    from .store import IndexStore

    config = _config(args)
    store = IndexStore.load(config.index_dir, config.approximate_above)
    rows = [
        ("index", str(config.index_dir)),
        ("model", f"{store.model} ({store.dimension} dimensions)"),
        ("documents", str(len(store.documents))),
        ("people", str(len(store.people))),
        ("chunks", str(len(store.chunks))),
        ("sentences", str(int(store.unit_offsets[-1]))),
        ("search", type(store.faiss_index).__name__),
        ("built", store.built_at),
    ]
    for name, value in rows:
        print(f"{name:<10} {value}")
    if store.model != config.model:
        print(
            f"warning: the configured model is {config.model!r}; run `profilechat index --rebuild`."
        )
    return 0


def _people(args: argparse.Namespace) -> int:
    from .people import PEOPLE_FILE, is_unknown
    from .store import IndexStore

    config = _config(args, corpus_dir=args.corpus)
    store = IndexStore.load(config.index_dir)
    people = [
        {
            "name": person,
            "documents": sources,
            "headline": next((f.text for f in store.facts_of(person) if f.kind == "headline"), ""),
            "unknown": is_unknown(person),
        }
        for person, sources in store.people.items()
    ]
    if args.json:
        print(json.dumps(people, ensure_ascii=False))
        return 0
    for person in people:
        print(f"{person['name']}: {', '.join(person['documents'])}")
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
    from .session import ProfileChat

    config = _config(args)
    return ProfileChat.open(config=config)


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
            answer = bot.ask(question, k=args.k)
        except QuestionError as error:
            print(f"error: {error}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        _print_answer(answer, args.json)
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
            answer = bot.ask(line, history=history, k=args.k)
        except QuestionError as error:
            print(f"error: {error}", file=sys.stderr)
            continue
        _print_answer(answer, args.json)
        history += [{"role": "user", "content": line}, answer.message()]
    return 0


def _print_answer(answer: Any, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
        return
    print(answer.text)
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
    from .web import serve

    serve(_config(args, corpus_dir=args.corpus, host=args.host, port=args.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
