"""People lists on generated profiles: how often a "which of them …" answer names exactly the
right people, by what is asked.

    .venv/bin/python benchmarks/bench_people_lists.py [--profiles 60] [--questions 240]
        [--work-dir DIR]

Generates profiles and people-list questions with everyone who should be listed
(benchmarks/synthetic.py `people_list_questions`: employers, universities, venues, PhD fields,
"X or Y" of two employers, research interests as the profile words them, by their head, with a
generic noun added, or by another name of the field; then, a quarter as many again, who works
somewhere now and who lists a skill), indexes the profiles with the product and
asks every question. Prints, per kind of thing asked, the share of exactly right lists and the
people missed and listed wrongly. Run it with another tree's `src` on PYTHONPATH (same
--work-dir: the index is kept) to compare two versions on the same data.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import format_table
from synthetic import generate_profiles, people_list_questions, write_corpus

from profilechat.config import Config
from profilechat.indexing import update_index
from profilechat.session import ProfileChat


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=60)
    parser.add_argument("--questions", type=int, default=240)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--work-dir", type=Path, help="keep the generated corpus and index here")
    args = parser.parse_args()
    profiles = generate_profiles(args.profiles, seed=args.seed)
    questions = people_list_questions(profiles, args.questions, seed=args.seed)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # right, asked, missed, extra
    with tempfile.TemporaryDirectory() as folder:
        root = args.work_dir or Path(folder)
        write_corpus(profiles, root / "corpus")
        config = Config(corpus_dir=root / "corpus", index_dir=root / "index")
        update_index(config)
        bot = ProfileChat.open(config=config)
        for question in questions:
            listed = set(bot.ask(question["question"]).people)
            expected = set(question["people"])
            for kind in (question["asks"], "all"):
                row = tally[kind]
                row[0] += listed == expected
                row[1] += 1
                row[2] += len(expected - listed)
                row[3] += len(listed - expected)
    print(
        f"{args.profiles} generated profiles (seed {args.seed}), {len(questions)} people-list "
        "questions"
    )
    rows = [
        [kind, f"{right}/{asked}", f"{right / asked:.3f}", str(missed), str(extra)]
        for kind, (right, asked, missed, extra) in sorted(tally.items())
    ]
    print(format_table(["asks", "exact lists", "share", "people missed", "listed wrongly"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
