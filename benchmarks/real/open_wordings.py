"""Do open questions get the same answer however they are worded? For every person of a
development set, every open wording of benchmarks/question_forms.py (overview, research
interests, contact: "Give me the rundown on …", "What field is … in?", "How would I get hold
of …?") is asked with the person's name, and its answer is compared with the answer to the plain
wording of the same request ("Tell me about …", "What are …'s research interests?", "How can I
contact …?"). Run with the question reader's fitted model and with its patterns alone, in one
process (on a tree without the model, as that tree reads questions: PYTHONPATH=OTHER/src).

    python benchmarks/real/open_wordings.py --split dev [--work-dir DIR]

A check of question reading on development documents (the test half is refused); no question
of any evaluation set is used and nothing is fitted here.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import format_table
from question_forms import ASK, CORES, OPEN
from run_eval import add_development_arguments, build_index

from profilechat import intent
from profilechat.session import ProfileChat

HERE = Path(__file__).resolve().parent
# The plain wording of each open request, whose answer the others are compared with.
PLAIN = {
    "overview": "Tell me about {P}.",
    "interests": "What are {Ps} research interests?",
    "contact": "How can I contact {P}?",
}


def people_of(split: str) -> list[str]:
    rows = json.loads((HERE / "people.json").read_text(encoding="utf-8"))
    return sorted({row["person"] for row in rows if row["split"] == split})


def filled(core: str, name: str, rng: random.Random) -> str:
    possessive = name + ("'" if name.endswith("s") else "'s")
    text = core.format(P=name, Ps=possessive, ASK=rng.choice(ASK))
    return text[0].upper() + text[1:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_development_arguments(parser)
    args = parser.parse_args()
    config = build_index(args.split, args.work_dir / args.split)
    bot = ProfileChat.open(config=config)
    rows = []
    readers: list[tuple[str, object]] = [("as the code reads", None)]
    if hasattr(intent, "_stored_model"):  # a tree with the fitted model: both, side by side
        readers = [("patterns alone", None), ("fitted model", intent._stored_model())]
    for reader, model in readers:
        if hasattr(intent, "_stored_model"):
            intent._stored_model = lambda m=model: m  # type: ignore[assignment]
        rng = random.Random(args.seed)
        found, same, total = Counter(), Counter(), Counter()
        for name in people_of(args.split):
            for topic, plain in PLAIN.items():
                reference = bot.ask(filled(plain, name, rng)).text
                for core in CORES[(OPEN, topic)]:
                    answer = bot.ask(filled(core, name, rng))
                    total[topic] += 1
                    found[topic] += answer.found
                    same[topic] += answer.text == reference
        for topic in PLAIN:
            rows.append(
                [
                    reader,
                    topic,
                    total[topic],
                    f"{found[topic] / total[topic]:.3f}",
                    f"{same[topic] / total[topic]:.3f}",
                ]
            )
    print(
        format_table(
            ["reader", "request", "questions", "answered", "same as plain wording"],
            rows,
            f"open wordings about the {args.split} set's people",
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
