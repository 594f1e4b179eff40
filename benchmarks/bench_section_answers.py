"""Choose how section answers match a question's word to its other forms, on generated data.

    .venv/bin/python benchmarks/bench_section_answers.py [--profiles 200] [--seed 11]

Generates profiles (synthetic.py) and writes each one's awards and service as a CV section in
one of several styles real CVs use (dash items with the year first, "Award, Body, Year" lines,
"Award (Year)" lines, year-led items wrapped over two lines; service as "Organizer, …",
"Co-organized …", "Session chair, …", "Program committee member, …", "Reviewer for …"), then
asks questions whose words differ in form from the entries ("Which workshop did X organize?" of
"Co-organizer, …", "Which fellowships has X received?" of "… Fellowship", "Does X hold any
fellowship?" of "… Fellow") and scores section_answers.section_entry_quotes /
held_entry_quotes: an answer is right when it quotes every expected entry and no other.

For each value of MIN_SHARED_STEM and MAX_ENDING it prints the share of questions answered
right: the constants in section_answers.py are the best values here (no evaluation question was
used). No embedding model is needed: the functions read passages directly.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import format_table
from synthetic import VENUES, generate_profiles

from profilechat import section_answers
from profilechat.section_answers import held_entry_quotes, section_entry_quotes
from profilechat.text import tokenize
from profilechat.types import Chunk

# Bodies that give awards, for "Award, Body, Year" lines.
_BODIES = ("Lakeside University", "National Science Foundation", "Hill Society of Engineers")
# Service roles as CVs write them: (entry, verb a question uses, the event noun it names).
_ORGANISING = (
    ("Organizer, {venue} Workshop on {topic}, {year}", "organize", "workshop"),
    ("Co-organized the {venue} Symposium on {topic} ({year})", "organize", "symposium"),
    ("Session chair, {venue} Conference {year}", "chair", "conference"),
    ("Organising committee, {venue} Summer School {year}", "organise", "school"),
)
_OTHER_SERVICE = (
    "Program committee member, {venue} {year}",
    "Reviewer for {venue} and {venue2}",
    "Member, Association for {topic}",
)
_TOPICS = ("Machine Learning", "Databases", "Robotics", "Privacy", "Networks")


@dataclass(frozen=True)
class Case:
    question: str
    chunks: list[Chunk]
    expected: frozenset[str]  # the entries a right answer quotes; empty: no answer
    held: bool = False  # a yes/no question (held_entry_quotes)


def _award_lines(rng: random.Random, awards: list[tuple[int, str]]) -> tuple[str, list[str]]:
    """An awards section in one of four styles, and each award's entry as quoted."""
    style = rng.randrange(4)
    body = rng.choice(_BODIES)
    if style == 0:
        lines = [f"- {year} {award}" for year, award in awards]
        return "\n".join(lines), [line[2:] for line in lines]
    if style == 1:
        lines = [f"{award}, {body}, {year}" for year, award in awards]
        return "\n".join(lines), lines
    if style == 2:
        lines = [f"{award} ({year})" for year, award in awards]
        return "\n".join(lines), lines
    wrapped = [(f"{year} {award}, awarded by the", f"{body}") for year, award in awards]
    text = "\n".join(f"{a}\n{b}" for a, b in wrapped)
    return text, [f"{a} — {b}" for a, b in wrapped]


def _chunk(person: str, heading: str, kind: str, body: str) -> Chunk:
    text = f"{heading}\n{body}\n"
    return Chunk(0, person, "cv.txt", heading, text, 0, len(text), kind)


def award_cases(rng: random.Random, name: str, awards: list[tuple[int, str]]) -> list[Case]:
    if not awards:
        return []
    if rng.random() < 0.3:  # a fellowship written as the title it gives ("Graduate Fellow")
        awards = [*awards, (rng.randint(2010, 2025), f"{rng.choice(_BODIES)} Graduate Fellow")]
    body, quoted = _award_lines(rng, awards)
    chunks = [_chunk(name, rng.choice(("Awards", "Honors and Awards", "Honours")), "awards", body)]
    surname = name.split()[-1]
    cases = [Case(f"What awards has {surname} received?", chunks, frozenset(quoted))]
    year, _ = rng.choice(awards)
    in_year = frozenset(q for q, (y, _) in zip(quoted, awards, strict=True) if y == year)
    cases.append(Case(f"Which award did {surname} win in {year}?", chunks, in_year))
    fellowships = frozenset(q for q in quoted if "Fellow" in q)
    if fellowships:
        plural = rng.choice(("fellowship", "fellowships"))
        cases.append(Case(f"Which {plural} has {name} received?", chunks, fellowships))
    cases.append(Case(f"Does {name} hold any fellowship?", chunks, fellowships, held=True))
    return cases


def service_cases(rng: random.Random, name: str) -> list[Case]:
    venues = rng.sample(VENUES, 4)
    organised = rng.choice(_ORGANISING)
    fill = {
        "venue": venues[0],
        "venue2": venues[1],
        "topic": rng.choice(_TOPICS),
        "year": rng.randint(2015, 2025),
    }
    entry = organised[0].format(**fill)
    others = [
        line.format(**(fill | {"venue": v}))
        for line, v in zip(_OTHER_SERVICE, venues[1:], strict=True)
    ]
    lines = others[:]
    lines.insert(rng.randrange(len(lines) + 1), entry)
    chunks = [
        _chunk(name, rng.choice(("Service", "Professional Service")), "service", "\n".join(lines))
    ]
    surname = name.split()[-1]
    _, verb, noun = organised
    participle = verb + "d" if verb.endswith("e") else verb + "ed"
    return [
        Case(f"Which {noun} did {surname} {verb}?", chunks, frozenset({entry})),
        Case(f"Which event has {surname} {participle}?", chunks, frozenset({entry})),
    ]


def right(case: Case) -> bool:
    surname_terms = frozenset(tokenize(case.chunks[0].person))
    if case.held:
        found = held_entry_quotes(case.chunks[0].person, case.question, case.chunks, surname_terms)
    else:
        found = section_entry_quotes(
            case.chunks[0].person, case.question, case.chunks, surname_terms
        )
    quoted = frozenset(q.text for q in found or [])
    return quoted == case.expected


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    cases: list[Case] = []
    for profile in generate_profiles(args.profiles, seed=args.seed):
        cases += award_cases(rng, profile.name, profile.awards)
        cases += service_cases(rng, profile.name)
    rows = []
    for shared in (3, 4, 5, 6, 7):
        for ending in (2, 3, 4, 5, 6):
            section_answers.MIN_SHARED_STEM, section_answers.MAX_ENDING = shared, ending
            correct = sum(right(c) for c in cases)
            rows.append(
                [str(shared), str(ending), f"{correct / len(cases):.3f} ({correct}/{len(cases)})"]
            )
    print(f"{len(cases)} generated questions about {args.profiles} profiles, seed {args.seed}")
    print(format_table(["MIN_SHARED_STEM", "MAX_ENDING", "right"], rows))


if __name__ == "__main__":
    main()
