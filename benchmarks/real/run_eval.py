"""Evaluate answers on the real-document corpus, one half at a time.

    python benchmarks/real/run_eval.py --split dev [--show-failures] [--work-dir DIR]

Copies the half's documents (people.json) into a corpus folder, brings an index of them up to
date (unchanged documents are not re-embedded on later runs), and runs `profilechat eval` on
questions-<split>.jsonl, printing accuracy per question kind. The dev half is for tuning; the
test half is run once, at the end, and reported as it comes out. dev2 and dev3 are later development
sets of other real documents (scored once on the code of their day as "unseen", then tuned on).
dev4 and dev5 are validation sets: scored before and after a round of work, never tuned on, so
their failures are not shown (neither are the test half's).

The stability check (answers about a person do not depend on who else is indexed):

    python benchmarks/real/run_eval.py --split dev --extra-generated 40 [--extra-seed 11]

indexes 40 generated profiles beside the half's documents, drawn with made-up organisations,
venues, places, fields and skills (synthetic.FICTIONAL), so that a question about a real
company keeps its answer, and prints the report twice: as it is, and with people lists judged on
the half's own people only (a generated person holds a PhD too: "Who holds a doctorate?" rightly
grows, and the key names only the half's people). `--extra DIR` adds the profiles of a folder.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from profilechat.config import Config
from profilechat.evaluate import evaluate, format_report, load_questions
from profilechat.indexing import update_index
from profilechat.session import ProfileChat

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from synthetic import FICTIONAL, generate_profiles, write_corpus  # noqa: E402

EXTRA_PREFIX = "extra__"  # file names of the added profiles in the corpus folder
# Sets that are measured, not read: the test half and the validation sets.
HELD_BACK = frozenset({"test", "dev4", "dev5"})


def build_index(split: str, work: Path, extra: Path | None = None) -> Config:
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    wanted = {
        row["file"]
        for row in json.loads((HERE / "people.json").read_text(encoding="utf-8"))
        if row["split"] == split
    }
    sources = {name: HERE / "documents" / name for name in wanted}
    if extra is not None:  # unrelated profiles, for the stability check
        sources |= {f"{EXTRA_PREFIX}{p.name}": p for p in sorted(extra.iterdir()) if p.is_file()}
    for stale in corpus.iterdir():
        if stale.name not in sources:
            stale.unlink()
    for name, source in sorted(sources.items()):
        target = corpus / name
        if not target.exists() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)
    config = Config.from_env(corpus_dir=corpus, index_dir=work / "index")
    report = update_index(config)
    for line in report.summary_lines()[-1:]:
        print(line, file=sys.stderr)
    return config


def generated_extra(count: int, seed: int, work: Path) -> Path:
    """A folder of `count` generated profiles with made-up named things (kept between runs)."""
    folder = work / f"generated-{count}-seed{seed}"
    if not folder.is_dir():
        write_corpus(generate_profiles(count, seed=seed, vocabulary=FICTIONAL), folder)
    return folder


def own_people(config: Config) -> frozenset[str]:
    """The indexed people with a document of the half itself (not only added ones)."""
    store = ProfileChat.open(config=config).store
    return frozenset(
        person
        for person, files in store.people.items()
        if any(not name.startswith(EXTRA_PREFIX) for name in files)
    )


def known_splits() -> list[str]:
    """The halves people.json assigns documents to (dev, test, and any later development set);
    names1/names2 hold documents with their people only (check_people.py), no questions."""
    rows = json.loads((HERE / "people.json").read_text(encoding="utf-8"))
    return sorted({row["split"] for row in rows})


def question_splits() -> list[str]:
    """The sets with a question file: the ones run_eval.py can answer."""
    return [s for s in known_splits() if (HERE / f"questions-{s}.jsonl").is_file()]


def add_development_arguments(parser: argparse.ArgumentParser) -> None:
    """--split (a development split, never a held-back one), --seed and --work-dir: the options
    of the scripts that reword or re-ask development questions."""
    development = [split for split in question_splits() if split not in HELD_BACK]
    parser.add_argument("--split", choices=development, default="dev")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "profilechat-real-eval"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=question_splits(), default="dev")
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument("--kind", help="only questions of this kind")
    parser.add_argument(
        "--extra",
        type=Path,
        help="a folder of unrelated profiles indexed too (answers should not change)",
    )
    parser.add_argument(
        "--extra-generated",
        type=int,
        metavar="N",
        help="index N generated profiles with made-up organisations and places too",
    )
    parser.add_argument("--extra-seed", type=int, default=11, help="seed of --extra-generated")
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "profilechat-real-eval",
        help="where the half's corpus and index are kept between runs",
    )
    args = parser.parse_args()
    if args.show_failures and args.split in HELD_BACK:
        parser.error(f"{args.split} is held back: its figures are reported, its failures not read")
    extra = args.extra
    if args.extra_generated:
        extra = generated_extra(args.extra_generated, args.extra_seed, args.work_dir)
    name = args.split if extra is None else f"{args.split}-extra"
    config = build_index(args.split, args.work_dir / name, extra)
    questions = load_questions(HERE / f"questions-{args.split}.jsonl")
    if args.kind:
        questions = [q for q in questions if q.get("kind") == args.kind]
    bot = ProfileChat.open(config=config)
    report = evaluate(bot, questions)
    print(format_report(report, show_failures=args.show_failures))
    if extra is not None:
        judged = evaluate(bot, questions, judged_people=own_people(config))
        print("\npeople lists judged on the half's own people only:")
        print(format_report(judged, show_failures=args.show_failures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
