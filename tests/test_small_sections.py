"""Teaching, students and contact sections in the layouts homepages and CVs use: a group page's
"PhD students" and "Alumni" lists, a course list with codes, supervision written as dated
lines, a README's "Reach me" links, a German doctorate. Made-up profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from profilechat.answer_kinds import with_name_filled_in
from profilechat.facts import DEGREE
from profilechat.section_answers import asked_sections
from profilechat.session import ProfileChat
from profilechat.structure import section_kind

from .indexed import indexed_bot

_GROUP_PAGE = """# Minji Park

Assistant Professor of Computer Science at Eastlake University.

**Email:** firstname [dot] lastname [at] eastlake [dot] edu

## Group

### PhD students
- Arjun Mehta (2021–)
- Clara Duval (2022–, co-advised with R. Stone)

### Alumni
- Wei Zhang (PhD 2023, now at Snowflake)

## Teaching
- CS 445: Database Systems (Fall 2021, Fall 2022)
- CS 645: Advanced Topics in Data Management (Spring 2023)
- Teaching Assistant, Operating Systems, Lakeside University (2014)
"""

_CV = """Lena Weber
Postdoctoral Researcher, Rhine University

Education
2021  Dr. rer. nat. in Meteorology, University of Kiel
2017  M.Sc. Physics, University of Kiel

Supervision
2023 - present  Jonas Brandt (MSc thesis)
2022 - 2023  Emma Koch (BSc thesis)

Computer Skills
Programming: Fortran, Python, Julia
HPC: SLURM, MPI, OpenMP

Languages
German (native), English (C2), Italian (B1)

Lena Weber - Curriculum Vitae - lena.weber@rhine-uni.de    Page 1 of 2
"""

_README = """## Hi, I'm Luca Rossi

Full-stack developer based in Milan. I build web apps with React and Django.

### 📫 How to reach me
- 💼 [LinkedIn](https://www.linkedin.com/in/luca-rossi-dev)
- 🌐 [lucarossi.dev](https://lucarossi.dev)
"""


@pytest.fixture
def bot(tmp_path: Path, embedder) -> ProfileChat:
    files = {"park.md": _GROUP_PAGE, "weber.txt": _CV, "README.md": _README}
    return indexed_bot(tmp_path, embedder, files)


def test_headings_of_student_lists_and_readme_links() -> None:
    assert section_kind("Alumni") == "students"
    assert section_kind("Former members") == "students"
    assert section_kind("📫 How to reach me") == "contact"
    assert section_kind("Connect with me") == "contact"


def test_a_students_phd_is_not_the_persons_own(bot: ProfileChat) -> None:
    answer = bot.ask("Does Minji Park have a PhD?")
    assert not answer.found and "Wei Zhang" not in answer.text


def test_every_course_of_a_teaching_list_answers_what_she_teaches(bot: ProfileChat) -> None:
    answer = bot.ask("What courses does Minji Park teach?")
    assert answer.found and "Database Systems" in answer.text
    assert "Advanced Topics in Data Management" in answer.text


def test_whom_someone_supervised(bot: ProfileChat) -> None:
    assert asked_sections("Who has Lena Weber supervised?") == ("students",)
    assert asked_sections("Who was Lena Weber advised by?") == ()
    assert asked_sections("Who supervised Lena Weber?") == ()
    answer = bot.ask("Who has Lena Weber supervised?")
    assert answer.found and "Jonas Brandt" in answer.text and "Emma Koch" in answer.text


def test_a_german_doctorate_is_a_phd(bot: ProfileChat) -> None:
    assert DEGREE.findall("Dr.-Ing. in Mechanical Engineering, TU Berlin") == ["Dr.-Ing."]
    assert DEGREE.findall("Dr. Smith gave the talk.") == []
    answer = bot.ask("Did Lena Weber do a PhD?")
    assert answer.found and "Yes — " in answer.text and "Kiel" in answer.text


def test_a_readme_reach_me_list_holds_the_website(bot: ProfileChat) -> None:
    answer = bot.ask("Does Luca Rossi have a website?")
    assert answer.found and "lucarossi.dev" in answer.text


def test_skills_of_a_labelled_line_not_a_footer_naming_the_person(bot: ProfileChat) -> None:
    code = bot.ask("What programming languages does Lena Weber use?")
    assert code.found and "Fortran" in code.text and "Page 1 of 2" not in code.text
    hpc = bot.ask("Which HPC tools does Lena Weber use?")
    assert hpc.found and "SLURM" in hpc.text


def test_an_address_written_as_a_pattern_of_the_name() -> None:
    assert with_name_filled_in("firstname.lastname@uni.edu", "Minji Park") == "minji.park@uni.edu"
    assert with_name_filled_in("first.last@uni.edu", "Ana Lima") == "ana.lima@uni.edu"
    assert with_name_filled_in("jdoe@uni.edu", "Jane Doe") == "jdoe@uni.edu"


def test_the_email_of_a_pattern_is_spelled_out(bot: ProfileChat) -> None:
    answer = bot.ask("What is Minji Park's email address?")
    assert answer.found and "minji.park@eastlake.edu" in answer.text


def test_a_count_of_one_entry_reads_as_one(bot: ProfileChat) -> None:
    answer = bot.ask("How many students has Minji Park advised?")
    assert answer.found and "1 entry under Alumni" in answer.text and "1 entries" not in answer.text
