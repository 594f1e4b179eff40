"""Yes/no questions answer "Yes — " with a line that names what was asked, or say what the
profile does not mention: a skill named only in a job's bullet, an acronym written right after
the person's name, things asked in lower-case words ("a postdoc", "a best paper award"), and
evidence that is a degree entry. Made-up profiles in the usual résumé, bio and homepage styles."""

from __future__ import annotations

from pathlib import Path

import pytest

from profilechat.section_answers import asked_sections, yes_no_object
from profilechat.session import ProfileChat

from .indexed import indexed_bot

_RESUME = """DANIEL OKAFOR
Senior Backend Engineer
Lagos, Nigeria · daniel@okafor.dev

EXPERIENCE

Paystream — Senior Backend Engineer                                   Mar 2021 – Present
• Designed the settlement service in Go and PostgreSQL handling 2M transactions a day.
• Migrated event processing to Apache Kafka and cut latency by 40%.

Kudi Finance — Software Engineer                                      Jun 2017 – Feb 2021
• Built REST APIs in Node.js and TypeScript.

EDUCATION

B.Sc. Computer Science, University of Ibadan                          2013 – 2017

CERTIFICATIONS

AWS Certified Solutions Architect – Associate (2022)
"""

_BIO = """# Rui Ferreira

Rui Ferreira is a professor of economics at Tagus University. He received his PhD from the
University of Lisbon in 2009 and was a postdoctoral fellow at the London School of Economics.
Before academia he worked as an analyst at the Bank of Portugal for three years.
"""

_HOMEPAGE = """<html><body><h1>Kenji Sato</h1>
<p>I am a PhD student in robotics at Halvern University. My research is on tactile sensing.</p>
<h2>News</h2>
<ul><li>Oct 2023: Our paper on fingertip sensors won the Best Paper Award at CoRL 2023.</li></ul>
<h2>Education</h2>
<ul><li>B.Eng. in Mechanical Engineering, University of Osaka, 2019</li></ul>
</body></html>
"""


@pytest.fixture
def bot(tmp_path: Path, embedder) -> ProfileChat:
    files = {"okafor.txt": _RESUME, "ferreira.md": _BIO, "sato.html": _HOMEPAGE}
    return indexed_bot(tmp_path, embedder, files)


def test_a_skill_named_only_in_a_job_bullet_is_a_yes_with_its_job(bot: ProfileChat) -> None:
    answer = bot.ask("Does Daniel Okafor know Kafka?")
    assert answer.found and "Yes — " in answer.text and "Apache Kafka" in answer.text
    assert not bot.ask("Does Daniel Okafor know Rust?").found


def test_an_acronym_after_the_name_is_what_is_asked(bot: ProfileChat) -> None:
    answer = bot.ask("Is Daniel Okafor AWS certified?")
    assert answer.found and "Yes — " in answer.text and "AWS Certified" in answer.text


def test_lower_case_things_are_confirmed_by_a_line_naming_them(bot: ProfileChat) -> None:
    award = bot.ask("Has Kenji Sato won a best paper award?")
    assert award.found and "Yes — " in award.text and "CoRL" in award.text
    bank = bot.ask("Has Rui Ferreira worked at a central bank?")
    assert bank.found and "Yes — " in bank.text and "Bank of Portugal" in bank.text
    study = bot.ask("Did Daniel Okafor study computer science?")
    assert study.found and "Yes — " in study.text and "Ibadan" in study.text


def test_a_degree_entry_is_the_evidence_for_a_degree(bot: ProfileChat) -> None:
    answer = bot.ask("Does Kenji Sato have a bachelor's degree?")
    assert answer.found and "Yes — " in answer.text and "Osaka" in answer.text
    assert not bot.ask("Does Kenji Sato have a PhD?").found


def test_the_object_of_a_yes_no_question() -> None:
    assert yes_no_object("Did Rui Lobo do a postdoc?") == "postdoc"
    assert yes_no_object("Has Ana Lima worked at a central bank?") == "at a central bank"
    assert yes_no_object("Has Ana Lima mentored anyone?") == "mentored"
    assert yes_no_object("Is Ana Lima hiring?") == "hiring"
    assert yes_no_object("What does Ana Lima teach?") is None


_ACADEMIC = """# Tobias Brandt

Postdoctoral researcher at the Alder Institute for AI.

[Google Scholar](https://scholar.google.com/citations?user=xyz)

## Education
- PhD in Computer Science, Stanford University, 2023.

## Awards
- Google PhD Fellowship in Machine Learning, 2021

## Publications
- T. Brandt, K. Osei (Microsoft Research). Sparse Adapters for Fast Inference. NeurIPS 2022.

## Talks
- Invited talk, MIT CSAIL, October 2022.
"""


def test_a_name_outside_a_job_or_a_degree_is_no_yes(tmp_path: Path, embedder) -> None:
    bot = indexed_bot(tmp_path, embedder, {"brandt.md": _ACADEMIC})
    assert not bot.ask("Has Tobias Brandt worked at Google?").found  # a fellowship, a link
    assert not bot.ask("Has Tobias Brandt worked at Microsoft?").found  # a co-author's
    assert not bot.ask("Did Tobias Brandt study at MIT?").found  # a talk
    student = bot.ask("Is Tobias Brandt a PhD student?")  # the PhD is finished
    assert not student.found and "in progress" in student.text
    held = bot.ask("Does Tobias Brandt have a PhD?")
    assert held.found and "Yes — " in held.text and "Stanford" in held.text


def test_mentoring_named_in_a_job_bullet_is_a_yes(tmp_path: Path, embedder) -> None:
    resume = _RESUME.replace(
        "• Built REST APIs in Node.js and TypeScript.",
        "• Built REST APIs in Node.js and TypeScript.\n• Mentored three junior engineers.",
    )
    bot = indexed_bot(tmp_path, embedder, {"okafor.txt": resume})
    answer = bot.ask("Has Daniel Okafor mentored anyone?")
    assert answer.found and "Yes — " in answer.text and "three junior engineers" in answer.text
    assert asked_sections("Has Daniel Okafor mentored anyone?") == ("students",)
    assert asked_sections("Was Daniel Okafor mentored by Ada Obi?") == ()
