"""How answers hold when a development set's questions are typed less tidily: each question gets
the general English wrappers of benchmarks/question_forms.py (an opener, politeness, trailing
context, contractions, lower case without a question mark), seeded, and is answered twice in one
process — with the question reader's fitted model and with its patterns alone.

    python benchmarks/real/reworded_eval.py --split dev [--work-dir DIR] [--seed 0]

A robustness check of question reading on development questions (the test half is refused), not
a fitting target: nothing is fitted here.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from question_forms import _wrap
from run_eval import add_development_arguments, build_index

from profilechat import intent
from profilechat.evaluate import evaluate, format_report, load_questions
from profilechat.session import ProfileChat

HERE = Path(__file__).resolve().parent


def reworded(questions: list[dict], seed: int) -> list[dict]:
    rng = random.Random(seed)
    return [q | {"question": _wrap(q["question"], rng)} for q in questions]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_development_arguments(parser)
    args = parser.parse_args()
    config = build_index(args.split, args.work_dir / args.split)
    questions = reworded(load_questions(HERE / f"questions-{args.split}.jsonl"), args.seed)
    bot = ProfileChat.open(config=config)
    fitted = intent._stored_model()
    for name, model in (("patterns alone", None), ("fitted model", fitted)):
        intent._stored_model = lambda m=model: m  # type: ignore[assignment]
        print(f"== reworded {args.split} questions, {name}")
        print(format_report(evaluate(bot, questions)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
