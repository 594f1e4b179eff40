"""Follow-ups written out from the conversation's data: the previous question, the people its
answer was about and the entries it quoted ("and before that?", "who supervised her there?",
"when?", "and her master's?", "the first one", "which of them …", "who else …")."""

from __future__ import annotations

import pytest

from profilechat.facts import Fact
from profilechat.followups import (
    answer_quotes,
    named_place,
    place_in,
    quoted_facts,
    rewrite,
    swapped_detail,
    with_question_word,
)
from profilechat.session import ProfileChat, resolve

from .indexed import indexed_bot

LENA = """# Lena Ortiz

Lena Ortiz is a staff engineer working on robot perception.

## Experience

Staff Engineer · Orbital Dynamics · Jan 2021 – Present
Led the perception team.

Software Engineer · Bluefin Labs · Mar 2017 – Dec 2020
Built mapping software. Mentored by Carla Mendes.

Research Engineer · Cedar Systems · Jun 2015 – Aug 2016
Wrote a lidar driver.

## Education

Ph.D. in Physics, Lakeside University, 2010 – 2015. Advisor: Maria Costa.

M.S. in Physics, Hill College, 2008 – 2010. Advisor: John Reed.

## Publications

- Lena Ortiz. Sparse Lidar Maps for Small Robots. ICRA 2019.
- Lena Ortiz, Bo Tan. Tactile Grasping with Soft Fingers. IROS 2016.
"""

BRUNO = """# Bruno Keller

Bruno Keller is a chemist.

## Experience

Chemist · Alder Pharma · 2018 – Present

## Education

Ph.D. in Chemistry, Hill College, 2012 – 2018.
"""

DANA = """# Dana Wu

Dana Wu is a data scientist.

## Experience

Data Scientist · Orbital Dynamics · 2019 – Present

## Education

B.S. in Statistics, Lakeside University, 2015 – 2019.
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory, embedder) -> ProfileChat:
    files = {"lena.md": LENA, "bruno.md": BRUNO, "dana.md": DANA}
    return indexed_bot(tmp_path_factory.mktemp("followups"), embedder, files)


def _history(bot: ProfileChat, *questions: str) -> list[dict]:
    history: list[dict] = []
    for question in questions:
        answer = bot.ask(question, history=history)
        history += [{"role": "user", "content": question}, answer.message()]
    return history


def _fact(kind: str, text: str, **fields: str) -> Fact:
    return Fact(kind, text, "cv.md", 0, 0, fields)


def test_an_answers_quotes_are_its_text_between_citations_without_labels() -> None:
    message = {
        "role": "assistant",
        "content": "Lena Ortiz (lena.md): Staff Engineer · Orbital Dynamics [1] Led it. [2]",
        "people": ["Lena Ortiz"],
    }
    assert answer_quotes(message) == ["Staff Engineer · Orbital Dynamics", "Led it."]
    yes = {**message, "content": "Lena Ortiz (lena.md): Yes — Intern · Cedar Systems [1]"}
    assert answer_quotes(yes) == ["Intern · Cedar Systems"]
    assert answer_quotes({**message, "people": []}) == []
    assert answer_quotes({**message, "found": False}) == []


def test_the_facts_an_answer_quoted_are_found_in_quote_order() -> None:
    acme = _fact("experience", "Engineer · Acme · 2019 – 2021", organisation="Acme")
    hill = _fact("education", "M.S., Hill College", institution="Hill College")
    quotes = ["M.S., Hill College (2012)", "Engineer · Acme · 2019 – 2021"]
    assert quoted_facts(quotes, [acme, hill]) == [hill, acme]
    assert place_in("Where was she? Engineer · Acme", [acme, hill]) == "Acme"
    assert named_place(
        "Did Lena Ortiz intern at Google DeepMind?", frozenset({"lena", "ortiz"})
    ) == ("Google DeepMind")
    assert named_place("Where did Lena Ortiz do her PhD?", frozenset({"lena", "ortiz"})) == ""


def test_a_bare_question_word_asks_the_previous_question_again() -> None:
    assert with_question_word("Where did Lena do her PhD?", "when") == "When did Lena do her PhD?"
    assert (
        with_question_word("Did Lena intern at Acme?", "where") == "Where did Lena intern at Acme?"
    )
    assert rewrite("and when?", "Where did Lena do her PhD?", [], [], frozenset()).text == (
        "When did Lena do her PhD?"
    )


def test_an_elliptical_follow_up_swaps_a_detail_of_the_same_kind() -> None:
    names = frozenset({"lena", "ortiz"})
    previous = "Where did Lena Ortiz do her PhD?"
    assert swapped_detail("and her master's?", previous, names) == (
        "Where did Lena Ortiz do her master's?"
    )
    assert swapped_detail(
        "and at Bluefin Labs?", "Did Lena Ortiz work at Orbital Dynamics?", names
    ) == ("Did Lena Ortiz work at Bluefin Labs?")
    assert swapped_detail("and 2019?", "What did Lena Ortiz publish in 2016?", names) == (
        "What did Lena Ortiz publish in 2019?"
    )
    assert swapped_detail("and her students?", previous, names) == ""


def test_there_is_the_place_the_previous_question_or_answer_names() -> None:
    facts = [
        _fact("experience", "Engineer · Acme Robotics · 2019–2021", organisation="Acme Robotics"),
        _fact("education", "Ph.D., Lakeside University", institution="Lakeside University"),
    ]
    names = frozenset({"ana", "lima"})
    asked = rewrite(
        "who supervised her there?",
        "Where did Ana Lima study?",
        ["Ph.D., Lakeside University"],
        facts,
        names,
    )
    assert asked.text == "who supervised her at Lakeside University?"
    named = rewrite(
        "who supervised her there?", "Did Ana Lima intern at Nova Labs?", [], facts, names
    )
    assert named.text == "who supervised her at Nova Labs?"
    # after a question asking where, "there" is the place the answer gave
    where = rewrite(
        "what was her role there?",
        "Where did Ana Lima work before Lakeside University?",
        ["Engineer · Acme Robotics · 2019–2021"],
        facts,
        names,
    )
    assert where.text == "what was her role at Acme Robotics?"
    for question in ("is there a paper on robots?", "there were two advisors?"):
        assert rewrite(question, "Where did Ana Lima study?", [], facts, names).text == question


def test_the_first_one_is_the_first_entry_the_previous_answer_listed() -> None:
    quotes = ["Sparse Lidar Maps for Small Robots. ICRA 2019.", "Tactile Grasping. IROS 2016."]
    second = rewrite(
        "when was the second one published?", "What has Lena published?", quotes, [], frozenset()
    )
    assert "Tactile Grasping" in second.text and second.referent == quotes[1]
    first = rewrite(
        "where did that paper appear?", "What has Lena published?", quotes, [], frozenset()
    )
    assert "Sparse Lidar Maps" in first.text


def test_before_that_is_before_the_entry_the_previous_answer_quoted(bot: ProfileChat) -> None:
    history = _history(bot, "Where did Lena Ortiz work before Orbital Dynamics?")
    assert "Bluefin Labs" in history[-1]["content"]
    answer = bot.ask("and before that?", history=history)
    assert answer.found and answer.people == ["Lena Ortiz"]
    assert "Cedar Systems" in answer.text and "Bluefin" not in answer.text


def test_there_in_a_question_with_which_is_still_about_the_person(bot: ProfileChat) -> None:
    history = _history(bot, "Where did Lena Ortiz do her PhD?")
    resolved = resolve("which lab was she in there?", history, bot._engine.directory)
    assert resolved.people == ["Lena Ortiz"] and resolved.each
    answer = bot.ask("who was her advisor there?", history=history)
    assert answer.found and "Maria Costa" in answer.text and "John Reed" not in answer.text


def test_when_and_her_masters_ask_the_previous_question_again(bot: ProfileChat) -> None:
    history = _history(bot, "Where did Lena Ortiz do her PhD?")
    when = bot.ask("when?", history=history)
    assert when.found and when.people == ["Lena Ortiz"] and "2015" in when.text
    masters = bot.ask("and her master's?", history=history)
    assert masters.found and "Hill College" in masters.text


def test_which_of_them_after_a_list_is_a_list_among_its_people(bot: ProfileChat) -> None:
    history = _history(bot, "Who has worked at Orbital Dynamics?")
    assert set(bot.ask("Who has worked at Orbital Dynamics?").people) == {"Lena Ortiz", "Dana Wu"}
    among = bot.ask("Which of them studied at Lakeside University?", history=history)
    assert set(among.people) == {"Lena Ortiz", "Dana Wu"}
    resolved = resolve("Who else studied at Hill College?", history, bot._engine.directory)
    assert resolved.people == ["Bruno Keller"] and resolved.among


def test_a_question_naming_no_one_goes_on_about_the_previous_person(bot: ProfileChat) -> None:
    history = _history(bot, "What did Lena Ortiz publish in 2019?")
    resolved = resolve("at which venue?", history, bot._engine.directory)
    assert resolved.people == ["Lena Ortiz"] and "2019" in resolved.context
    answer = bot.ask("at which venue?", history=history)
    assert answer.people == ["Lena Ortiz"] and "ICRA" in answer.text
    # a people list stays a list about everyone
    assert resolve("Who has a PhD?", history, bot._engine.directory).people is None


def test_a_pronoun_after_someone_not_indexed_is_still_not_indexed(bot: ProfileChat) -> None:
    history = _history(bot, "Where did Zora Quill earn her PhD?")
    answer = bot.ask("who was her advisor?", history=history)
    assert not answer.found and "Zora Quill" in answer.text
