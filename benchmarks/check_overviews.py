"""How well overviews read each layout of generated profile (no model needed).

    .venv/bin/python benchmarks/check_overviews.py [--profiles 40]

Generates profiles in every layout of benchmarks/synthetic.py (the default STYLES and the
résumé / README layouts of RESUME_STYLES), reads them with the product's loaders and facts, and
answers "Who is X?" and "What are X's hobbies and interests?" from the facts alone (answer_kinds.fact_quotes).
Prints per layout the share of overviews that name the current job's title and employer, the
share that quote nothing that is only a rule, a date, a "last updated" stamp, a postal address
or a section heading, and the share of hobby answers naming the hobby (for the layouts that
have a hobbies section).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import format_table
from synthetic import RESUME_STYLES, STYLES, Profile, make_profile

from profilechat.answer_kinds import FactEvidence, fact_quotes
from profilechat.config import Config
from profilechat.facts import extract_facts
from profilechat.intent import read_intent
from profilechat.loaders import load_document
from profilechat.structure import document_sections, names_section_kind
from profilechat.types import Chunk

# Layouts whose rendering has a hobbies or interests section.
_WITH_HOBBIES = frozenset({"resume_dates_first", "resume_headings", "readme_profile"})
# What an overview must never quote as a line of its own.
_NOT_A_LINE = re.compile(
    r"^[\W_]*$|(?:[-=_.]\s?){5,}|\blast\s+updated?\b|\b\d{5}\b|^\d{4}\s*[-–]\s*(?:\d{4}|present)$",
    re.I,
)


def _answers(profile: Profile, folder: Path, question: str) -> list[str]:
    path = folder / profile.file_name
    path.write_text(profile.text, encoding="utf-8")
    doc = replace(load_document(path, folder, Config()), person=profile.name)
    chunk = Chunk(0, profile.name, doc.source, "", doc.text, 0, len(doc.text))
    facts = [FactEvidence(f, chunk) for f in extract_facts(doc, document_sections(doc))]
    quotes = fact_quotes(read_intent(question, 1), question, profile.name, facts) or []
    return [q.text for q in quotes]


def check(style: str, n: int, seed: int, folder: Path) -> list[str]:
    rng = random.Random(seed)
    names = [(f"Alex{i} Morgan{i}", "f" if i % 2 else "m") for i in range(n)]
    named = clean = hobbies = 0
    for name, gender in names:
        profile = make_profile(rng, name, gender, (style,))
        overview = _answers(profile, folder, f"Who is {profile.name}?")
        joined = " ".join(overview).casefold()
        job = profile.current
        named += job.title.casefold() in joined and job.employer.casefold() in joined
        clean += not any(_NOT_A_LINE.search(q) or names_section_kind(q) for q in overview)
        if style in _WITH_HOBBIES:
            said = " ".join(
                _answers(profile, folder, f"What are {profile.name}'s hobbies and interests?")
            )
            hobbies += profile.hobby.split()[0].casefold() in said.casefold()
    share = [f"{named / n:.2f}", f"{clean / n:.2f}"]
    return [style, *share, f"{hobbies / n:.2f}" if style in _WITH_HOBBIES else "-"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=40, help="profiles per layout")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for style in (*STYLES, *RESUME_STYLES):
            rows.append(check(style, args.profiles, args.seed, Path(tmp)))
    header = ["layout", "names title+employer", "no junk line", "hobby"]
    print(format_table(header, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
