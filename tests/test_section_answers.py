"""Questions answered by the entries of one CV section (awards, teaching, service): the right
entries, each quoted whole, never the heading or the whole section when one entry is asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from profilechat.section_answers import (
    asked_sections,
    frame_verb,
    held_entry_quotes,
    section_entry_quotes,
)
from profilechat.session import ProfileChat
from profilechat.types import Chunk

from .indexed import indexed_bot

_AWARDS = (
    "Scholarships & Awards\n"
    "Best Paper Award, Midwest Macro Meetings, 2021\n"
    "Dissertation Fellowship, Hill University, 2020\n"
    "Graduate Research Scholarship, Hill University, 2017\n"
    "Blackwell-Rosenbluth Award, International Society for Bayesian Analysis, 2024\n"
)
_TEACHING = (
    "Teaching\n"
    "Lakeside Christian University\n"
    "Intermediate Macroeconomics (undergraduate), 2022 – present\n"
    "Machine Learning and Big Data in Economics (graduate), 2023 – present\n"
    "Hill University (teaching assistant)\n"
    "Principles of Economics, 2018 – 2020\n"
)
_SERVICE = (
    "Service\n"
    "Organizer, Lakeside Workshop on Monetary Policy, 2023\n"
    "Co-organizer, European Young Statisticians Meeting (EYSM), 2025\n"
    "Referee for Journal of Monetary Economics, Econometrica\n"
    "Member, American Economic Association; Society for Economic Dynamics\n"
)
_NAME_TERMS = frozenset({"jane", "doe"})


def _chunk(i: int, kind: str, text: str) -> Chunk:
    return Chunk(i, "Jane Doe", "cv.txt", text.split("\n")[0], text, 0, len(text), kind)


_PASSAGES = [
    _chunk(0, "awards", _AWARDS),
    _chunk(1, "teaching", _TEACHING),
    _chunk(2, "service", _SERVICE),
]


def _answer(question: str) -> list[str]:
    found = section_entry_quotes("Jane Doe", question, _PASSAGES, _NAME_TERMS)
    return [q.text for q in found or []]


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        ("What awards has Doe received?", "received"),
        ("Which ISBA award did Rebaudo win in 2024?", "win"),
        ("Which professional societies does Alicia belong to?", "belong"),
        ("which meeting did she organize in 2025?", "organize"),
        ("What does Jane teach?", ""),  # no noun phrase: the verb is what is asked
        ("Where did Jane Doe study?", ""),
    ],
)
def test_the_verb_of_a_which_question_is_its_frame(question: str, verb: str) -> None:
    assert frame_verb(question) == verb


def test_the_sections_a_question_asks_about() -> None:
    assert asked_sections("What awards has Doe received?") == ("awards",)
    assert asked_sections("What does Jane teach at LCU?") == ("teaching",)
    assert asked_sections("Which meeting did Doe organize?") == ("service",)
    assert asked_sections("Besides teaching, what does Jane do?") == ()
    assert asked_sections("Where did Jane study?") == ()


def test_a_whole_section_is_listed_entry_by_entry_without_its_heading() -> None:
    found = _answer("What awards has Jane Doe received?")
    assert found[0] == "Best Paper Award, Midwest Macro Meetings, 2021"
    assert len(found) == 4
    assert not any("Scholarships & Awards" in text for text in found)


def test_an_entry_is_narrowed_by_year_and_by_an_acronym_of_a_spelled_out_body() -> None:
    assert _answer("Which ISBA award did Doe win in 2024?") == [
        "Blackwell-Rosenbluth Award, International Society for Bayesian Analysis, 2024"
    ]
    assert _answer("Which meeting did Doe organize in 2025?") == [
        "Co-organizer, European Young Statisticians Meeting (EYSM), 2025"
    ]


def test_the_kind_asked_prefers_the_entries_naming_it() -> None:
    assert _answer("Which scholarships has Jane Doe received?") == [
        "Graduate Research Scholarship, Hill University, 2017"
    ]
    assert _answer("Which professional societies does Jane belong to?") == [
        "Member, American Economic Association; Society for Economic Dynamics"
    ]
    organised = _answer("Which conference did Doe organize?")
    assert len(organised) == 2 and all("rganizer" in text for text in organised)


def test_courses_carry_the_university_heading_their_group() -> None:
    assert _answer("What does Jane Doe teach at LCU?") == [
        "Lakeside Christian University — Intermediate Macroeconomics (undergraduate), "
        "2022 – present",
        "Lakeside Christian University — Machine Learning and Big Data in Economics "
        "(graduate), 2023 – present",
    ]
    assert _answer("What courses did Jane teach at Hill University?") == [
        "Hill University (teaching assistant) — Principles of Economics, 2018 – 2020"
    ]


def test_a_body_no_entry_names_leaves_the_answer_to_other_evidence() -> None:
    assert (
        section_entry_quotes("Jane Doe", "Which ACM award did Doe win?", _PASSAGES, _NAME_TERMS)
        is None
    )


def test_a_yes_no_question_about_a_kind_of_award_quotes_the_entries_naming_it() -> None:
    found = held_entry_quotes(
        "Jane Doe", "Does Jane Doe hold any fellowship?", _PASSAGES, _NAME_TERMS
    )
    assert [q.text for q in found or []] == ["Dissertation Fellowship, Hill University, 2020"]
    awards = held_entry_quotes("Jane Doe", "Has Jane won an award?", _PASSAGES, _NAME_TERMS)
    assert awards is not None and len(awards) == 4  # "Scholarships & Awards": all are awards
    prizes = held_entry_quotes("Jane Doe", "Has Jane won a prize?", _PASSAGES, _NAME_TERMS)
    assert prizes is not None and len(prizes) == 4  # a word for any award: every entry
    assert held_entry_quotes("Jane Doe", "Does Jane hold a patent?", _PASSAGES, _NAME_TERMS) is None


_CV = "Jane Doe\nAssistant Professor of Economics\nj.doe@lcu.edu\n\n" + "\n".join(
    (_TEACHING, _AWARDS, _SERVICE)
)


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, embedder) -> ProfileChat:
    root: Path = tmp_path_factory.mktemp("sections")
    return indexed_bot(root, embedder, {"cv.txt": _CV})


@pytest.mark.parametrize(
    "question",
    ["What awards has Doe received?", "What awards did Jane Doe receive?"],
)
def test_a_plain_verb_of_the_question_is_no_detail_the_answer_must_hold(
    bot: ProfileChat, question: str
) -> None:
    answer = bot.ask(question)
    assert answer.found and "Best Paper Award" in answer.text


def test_an_acronym_of_the_university_finds_its_courses_not_the_email(bot: ProfileChat) -> None:
    answer = bot.ask("What does Jane Doe teach at LCU?")
    assert "Intermediate Macroeconomics" in answer.text and "@" not in answer.text


def test_a_yes_no_question_about_a_fellowship_says_yes_with_it(bot: ProfileChat) -> None:
    answer = bot.ask("Does Jane Doe hold any fellowship?")
    assert answer.text.split(": ", 1)[1].startswith("Yes — Dissertation Fellowship")
    assert "Best Paper" not in answer.text


def test_a_year_led_item_wrapped_onto_the_next_line_is_one_entry() -> None:
    text = (
        "Scholarships and Awards\n"
        "2020-2023 Doctoral Research Scholarship, Fonds de recherche\n"
        "(FRQSC), Université Laval\n"
        "2019 Merit Scholarship, Chaire de leadership en enseignement\n"
        "des sciences sociales, Université Laval\n"
    )
    found = section_entry_quotes(
        "Jane Doe",
        "What scholarships has Jane Doe received?",
        [_chunk(0, "awards", text)],
        _NAME_TERMS,
    )
    assert [q.text for q in found or []] == [
        "2020-2023 Doctoral Research Scholarship, Fonds de recherche — (FRQSC), Université Laval",
        "2019 Merit Scholarship, Chaire de leadership en enseignement — des sciences sociales, "
        "Université Laval",
    ]


def test_a_question_for_a_paper_that_won_an_award_is_not_about_the_awards_list() -> None:
    assert asked_sections("Which of Jane Doe's papers won a best paper award?") == ()
    assert asked_sections("Which paper won the best paper award?") == ()


def test_a_heading_naming_the_kind_asked_answers_with_its_entries() -> None:
    text = (
        "Professional Society Memberships\n"
        "• Conference on College Composition and Communication (CCCC)\n"
        "• Global Society of Online Literacy Educators (GSOLE)\n"
    )
    found = section_entry_quotes(
        "Jane Doe",
        "Which professional associations does Jane belong to?",
        [_chunk(0, "service", text)],
        _NAME_TERMS,
    )
    assert found is not None and len(found) == 2


def test_words_after_the_verb_narrow_the_entries() -> None:
    text = "Awards\nMulti-Top Driver Award, 2014\nEmployee of the Month, 2015\n"
    found = section_entry_quotes(
        "Jane Doe", "What award did Jane win as a driver?", [_chunk(0, "awards", text)], _NAME_TERMS
    )
    assert [q.text for q in found or []] == ["Multi-Top Driver Award, 2014"]
    assert (
        section_entry_quotes(
            "Jane Doe",
            "What award did Jane win as a pilot?",
            [_chunk(0, "awards", text)],
            _NAME_TERMS,
        )
        is None
    )


def test_a_yes_no_question_naming_several_words_needs_an_entry_naming_them_all() -> None:
    text = "Honors and Awards\nBest Paper Award, FDG 2019\nDissertation Fellowship, 2020\n"
    chunks = [_chunk(0, "awards", text)]
    found = held_entry_quotes(
        "Jane Doe", "Has Jane won any best paper awards?", chunks, _NAME_TERMS
    )
    assert [q.text for q in found or []] == ["Best Paper Award, FDG 2019"]


def test_a_heading_inside_another_passage_starts_a_section_of_its_kind() -> None:
    text = (
        "Certifications / Training\n"
        "• TESOL Certification, 2018\n"
        "Software / Computer Technologies\n"
        "• Zotero\n"
        "Professional Society Memberships / Volunteerism\n"
        "• Conference on College Composition and Communication (CCCC)\n"
        "• Global Society of Online Literacy Educators (GSOLE)\n"
    )
    chunk = _chunk(0, "education", text)
    found = section_entry_quotes(
        "Jane Doe", "Which professional societies does Jane belong to?", [chunk], _NAME_TERMS
    )
    # the entry naming a society is preferred; the skills and training lines are not quoted
    assert [q.text for q in found or []] == ["Global Society of Online Literacy Educators (GSOLE)"]
    assert found is not None and found[0].chunk is chunk  # cited as the passage it is in


def test_an_organised_event_under_its_own_inner_heading_answers_what_was_organised() -> None:
    text = (
        "Travel Awards\n"
        "2024 Travel award: BNP world meeting.\n"
        "Organization of Scientific Events\n"
        "(Local and Scientific) Organizer of European Young Statisticians Meeting (EYSM 2025).\n"
        "Co-writer of the grant application to support the organization of EYSM 2025.\n"
        "Session Organizer\n"
        "COMPSTAT 2026. Athens, Greece.\n"
    )
    found = section_entry_quotes(
        "Jane Doe",
        "Which meeting did Doe organize in 2025?",
        [_chunk(0, "awards", text)],
        _NAME_TERMS,
    )
    assert [q.text for q in found or []] == [
        "(Local and Scientific) Organizer of European Young Statisticians Meeting (EYSM 2025)."
    ]


_SUPERVISED = (
    "Local Duties\n"
    "Students and Postdocs Supervised at Lakeside University\n"
    "Postdocs (with first placement)\n"
    "Lorenzo Rimella (4/2024–7/2025) – Assistant Professor at Hill University.\n"
    "Current Ph.D. Students\n"
    "Francesco Furlan (10/2025–Present, co-supervised with M. Ruggiero).\n"
)


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("Which postdoc did Giovanni Rebaudo supervise?", ("students",)),
        ("Which students has Andy Shih mentored?", ("students",)),
        ("Who are Rebaudo's current PhD students?", ("students",)),
        ("Who supervised Rebaudo's PhD?", ()),
        ("Who was her PhD advisor?", ()),
        ("Where did she do her postdoc?", ()),
        ("What program does she direct?", ()),  # directing a program is no supervising
    ],
)
def test_a_question_about_whom_someone_supervised(question: str, kinds: tuple[str, ...]) -> None:
    assert asked_sections(question) == kinds


def test_the_people_someone_supervised_are_read_under_their_inner_headings() -> None:
    chunks = [_chunk(0, "awards", _SUPERVISED)]
    postdoc = section_entry_quotes(
        "Jane Doe", "Which postdoc did Jane Doe supervise?", chunks, _NAME_TERMS
    )
    assert [q.text for q in postdoc or []] == [
        "Lorenzo Rimella (4/2024–7/2025) – Assistant Professor at Hill University."
    ]
    students = section_entry_quotes(
        "Jane Doe", "Who are Jane Doe's current PhD students?", chunks, _NAME_TERMS
    )
    assert [q.text for q in students or []] == [
        "Francesco Furlan (10/2025–Present, co-supervised with M. Ruggiero)."
    ]


def test_a_name_starting_with_a_letter_beyond_ascii_is_the_subject() -> None:
    assert frame_verb("Which conference did Özdemir chair?") == "chair"
    found = held_entry_quotes(
        "Ceren Şahin",
        "Does Ceren Şahin hold any fellowship?",
        _PASSAGES,
        frozenset({"ceren", "şahin"}),
    )
    assert [q.text for q in found or []] == ["Dissertation Fellowship, Hill University, 2020"]


def test_a_page_footer_with_a_year_does_not_make_a_year_led_list() -> None:
    text = (
        "Teaching\n\n"
        "I teach OCEA 2001 (Introduction to Marine Ecology) and OCEA 4130 (Underwater Acoustics).\n\n"
        "Jane Doe · Ocean Sciences Building · jane@example.org\n\n"
        "© 2024 Jane Doe. Built with Jekyll.\n"
    )
    found = section_entry_quotes(
        "Jane Doe",
        "Which classes does Jane Doe teach?",
        [_chunk(0, "teaching", text)],
        _NAME_TERMS,
    )
    assert found is not None and "Underwater Acoustics" in found[0].text


def test_a_yes_no_question_about_teaching_courses_quotes_the_course_entry() -> None:
    text = (
        "TEACHING\n"
        "aihc 5100: ai Fundamentals for Healthcare Professionals · Fall 2025\n"
        "Created a 24-lecture, two-credit course for the graduate school.\n"
    )
    found = held_entry_quotes(
        "Jane Doe", "Does Jane teach any courses?", [_chunk(0, "teaching", text)], _NAME_TERMS
    )
    assert found is not None and found[0].text.startswith("aihc 5100")


def test_a_verb_no_entry_names_but_a_bio_line_does_leaves_the_answer_to_that_line() -> None:
    teaching = _chunk(0, "teaching", "Teaching\nLecturer at Lakeside University since 2023.\n")
    about = _chunk(
        1,
        "about",
        "About\nAt Lakeside University she created the course Digital Tools (POL-6078).\n",
    )
    question = "Which course did Jane Doe create at Lakeside University?"
    assert section_entry_quotes("Jane Doe", question, [teaching, about], _NAME_TERMS) is None
    # with no such line, the section's entries answer
    found = section_entry_quotes("Jane Doe", question, [teaching], _NAME_TERMS)
    assert found is not None
