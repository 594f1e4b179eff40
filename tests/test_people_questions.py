"""Questions about several people: people lists decided for everyone, and comparisons of named
people, on small synthetic corpora with the real model."""

from __future__ import annotations

import pytest

from profilechat.answer_kinds import FactEvidence, degree_status, mentions_all
from profilechat.facts import Fact
from profilechat.session import ProfileChat
from profilechat.text import tokenize, with_synonyms

from .indexed import indexed_bot

# Far-off years keep the corpora's "still studying" and "finished" true whatever today is.
PROFILES = {
    "ann.md": "# Ann Roe\n\nAnn Roe is a professor of biology at Hill College.\n\n"
    "## Positions\n\n- Core Faculty, Biology PhD Program, Hill College, 2014 – present\n\n"
    "## Education\n\n- Ph.D. in Biology, Lakeside University, 2001 – 2005\n"
    "- B.S. in Physics, Hill College, 1997 – 2001\n\n"
    "## Publications\n\n- Ann Roe and Jo Lee. Gull Migration Models. In International "
    "Conference on Machine Learning, 2021.\n",
    "bo.md": "# Bo Chen\n\nI am a PhD student in geology at Lakeside University.\n\n"
    "## Experience\n\n- Research Intern, Google, Mountain View, 2019\n"
    "- Bo Chen, Ann Roe. River Sediment Forecasting. In 39th International Conference on "
    "Machine Learning (ICML), 2022.\n\n"
    "## Education\n\n- B.A. in Chemistry, Hill College, 2012 – 2016\n",
    "cy.md": "# Cy Diaz\n\nCy Diaz builds sensors for birds. Google Scholar Citations.\n\n"
    "## Education\n\n- Ph.D. in Physics, Lakeside University, 2022 – expected 2090\n\n"
    "## Service\n\n- Reviewer: ICML 2020, ICML 2021, NeurIPS 2021\n\n"
    "## Teaching\n\n- Teaching Assistant, Physics 1, Lakeside University, 2023\n"
    "- Head of the student reading group, 2024\n",
    "di.md": "# Di Park\n\nI am a postdoctoral fellow at Hill College, where I study owls.\n\n"
    "## Education\n\n- Ph.D. in Ecology, Hill College, 2003 – 2008\n"
    "- B.S. in Biology, Lakeside University, 1998 – 2002\n\n"
    "## Experience\n\n- Software Engineer, Google, Zurich, 2009 – 2011\n\n"
    "## Teaching\n\n- Head Teaching Assistant, Ecology 101, Hill College, 2004\n",
    "ed.md": "# Ed Fox\n\nI did my PhD at Lakeside University, where I studied frogs. "
    "I now teach high school science in Springfield.\n",
}


@pytest.fixture(scope="module")
def people_bot(tmp_path_factory, embedder) -> ProfileChat:
    return indexed_bot(tmp_path_factory.mktemp("people"), embedder, PROFILES)


@pytest.mark.parametrize(
    ("text", "acronym", "named"),
    [
        ("In International Conference on Machine Learning, 2023.", "icml", True),
        (
            "Proceedings of the 2024 Conference on Empirical Methods in Natural Language",
            "emnlp",
            False,
        ),
        ("Conference on Empirical Methods in Natural Language Processing, 2024", "emnlp", True),
        ("International Conference on Learning Representations, 2022", "icml", False),
        ("Massachusetts Institute of Technology", "mit", True),
        ("Head Teaching Assistant, Hill College", "ta", True),
    ],
)
def test_an_acronym_names_its_spelled_out_name(text: str, acronym: str, named: bool) -> None:
    assert mentions_all(text, [with_synonyms(acronym)]) is named


def _degree(text: str, **fields: str) -> FactEvidence:
    return FactEvidence(Fact("education", text, "cv.md", 0, len(text), dict(fields)), None)


@pytest.mark.parametrize(
    ("text", "fields", "status"),
    [
        ("Ph.D. in Biology, Lakeside University, 2001 – 2005", {"degree": "Ph.D."}, "completed"),
        ("Ph.D., Lakeside University, 2019 – 2024", {"degree": "Ph.D."}, "completed"),
        ("Ph.D., Lakeside University · 2022 – Est. 2027", {"degree": "Ph.D."}, "ongoing"),
        ("Ph.D. in Physics, 2022 – expected 2030", {"degree": "Ph.D."}, "ongoing"),
        ("Ph.D. in Physics, 2024 – present", {"degree": "Ph.D."}, "ongoing"),
        ("I am a PhD student at Yale University.", {"degree": "PhD"}, "ongoing"),
        ("I did my PhD at UC Berkeley.", {"degree": "PhD"}, "completed"),
        ("Ph.D., Lakeside University", {"degree": "Ph.D.", "years": "2026–2031"}, "ongoing"),
        ("PhD in Ecology", {"degree": "PhD"}, "unknown"),
    ],
)
def test_a_degree_is_completed_or_ongoing_by_its_dates_and_words(
    text: str, fields: dict[str, str], status: str
) -> None:
    assert degree_status(_degree(text, **fields).fact, this_year=2026) == status


def test_a_venue_list_finds_papers_written_out_or_under_another_heading(people_bot) -> None:
    """ "ICML" is found as "International Conference on Machine Learning", and a paper listed
    under a misread heading still counts when its entry names the person; a reviewer's line
    names the venue but no paper of theirs."""
    answer = people_bot.ask("Who has published at ICML?")
    assert sorted(answer.people) == ["Ann Roe", "Bo Chen"], answer.text


def test_degree_lists_tell_finished_degrees_from_ongoing_ones(people_bot) -> None:
    students = people_bot.ask("Which of these people are PhD students right now?")
    assert sorted(students.people) == ["Bo Chen", "Cy Diaz"], students.text
    doctors = people_bot.ask("Who among them holds a doctorate?")
    assert sorted(doctors.people) == ["Ann Roe", "Di Park", "Ed Fox"], doctors.text


def test_a_question_about_now_reads_current_roles(people_bot) -> None:
    postdocs = people_bot.ask("Who is currently a postdoc?")
    assert postdocs.people == ["Di Park"], postdocs.text


def test_a_scholar_profile_link_names_no_employer(people_bot) -> None:
    google = people_bot.ask("Who has worked at Google?")
    assert sorted(google.people) == ["Bo Chen", "Di Park"], google.text


def test_an_abbreviated_role_is_found_written_out_in_one_line(people_bot) -> None:
    """ "a head TA" is one noun phrase: a "Head Teaching Assistant" line, not a passage with a
    teaching assistant on one line and a head of something on the next."""
    answer = people_bot.ask("Who has been a head TA?")
    assert answer.people == ["Di Park"], answer.text


def test_who_started_first_compares_the_dates_of_each_persons_entry(people_bot) -> None:
    answer = people_bot.ask("Who started their PhD first, Di Park or Ann Roe?")
    assert answer.found and answer.people == ["Ann Roe"], answer.text
    assert "2001" in answer.text and "2003" in answer.text  # both dates, each cited
    finished = people_bot.ask("Who finished their bachelor's first, Bo Chen or Di Park?")
    assert finished.people == ["Di Park"], finished.text
    assert "2002" in finished.text and "2016" in finished.text


def test_a_comparison_answers_the_same_field_for_each_person(people_bot) -> None:
    answer = people_bot.ask("Compare where Ann Roe and Di Park got their PhDs")
    assert sorted(answer.people) == ["Ann Roe", "Di Park"], answer.text
    assert "Lakeside University" in answer.text and "Ecology" in answer.text


def test_which_one_names_the_person_whose_evidence_supports_it(people_bot) -> None:
    physics = people_bot.ask("Bo Chen or Ann Roe - which one studied physics?")
    assert physics.people == ["Ann Roe"], physics.text
    finished = people_bot.ask("Which of Ann Roe and Cy Diaz has already finished a PhD?")
    assert finished.people == ["Ann Roe"], finished.text


@pytest.mark.parametrize(
    ("question", "modifiers"),
    [
        ("Who has been a head TA?", [{"head"}]),
        ("Which of the researchers have worked at Google?", []),  # a verb: no noun phrase
        ("Who got an honorable mention for the CRA Award?", []),
    ],
)
def test_only_a_noun_phrase_modifies_a_capitalised_thing(question: str, modifiers) -> None:
    from profilechat.answer_kinds import modifiers_of_things

    assert [set(g) & {"head"} for g in modifiers_of_things(question)] == modifiers


@pytest.mark.parametrize(
    ("question", "end", "earliest"),
    [
        ("Who started their PhD first, Ann Roe or Di Park?", False, True),
        ("Which of Ann Roe and Di Park started grad school earlier?", False, True),
        ("Who finished their bachelor's first, Ann Roe or Di Park?", True, True),
        ("Who graduated more recently, Ann Roe or Di Park?", True, False),
    ],
)
def test_a_time_order_comparison_says_which_date_and_which_end(
    question: str, end: bool, earliest: bool
) -> None:
    from profilechat.comparisons import Order, asked_order

    assert asked_order(question) == Order(end=end, earliest=earliest)
    assert asked_order("Compare where Ann Roe and Di Park got their PhDs") is None


def test_question_words_are_not_things_to_find() -> None:
    """ "Whose …" and "… among their research areas" name nothing a profile must contain."""
    from profilechat.answer_kinds import asked_things

    idf = {"whose": 5.0, "among": 5.0, "vision": 3.0, "formal": 3.0, "research": 1.0}
    things = asked_things("Whose current research focuses on computer vision?", frozenset(), idf)
    assert things == [with_synonyms("vision")]
    things = asked_things("Who lists formal methods among their research areas?", frozenset(), idf)
    assert things == [with_synonyms("formal")]


def test_either_phrase_of_an_or_will_do() -> None:
    """ "formal methods or formal verification": "formal" and one of the other two words."""
    from profilechat.answer_kinds import asked_things

    idf = {"formal": 3.0, "method": 2.0, "verification": 4.0, "research": 1.0}
    question = "Who lists formal methods or formal verification among their research areas?"
    things = asked_things(question, frozenset(), idf)
    assert things[0] == with_synonyms("formal")
    assert {"method", "verification"} <= things[1]
    assert mentions_all("Research: Formal methods, control theory", things)
    assert not mentions_all("Research: control theory, verification of proofs", things)


def test_either_capitalised_name_of_an_or_will_do() -> None:
    """ "Google or Meta": one of the two organisations, not both."""
    from profilechat.answer_kinds import asked_things

    things = asked_things("Who has worked at Google or Meta?", frozenset())
    assert mentions_all("Software Engineer, Google, 2019", things)
    assert mentions_all("Research Scientist, Meta, 2021", things)
    assert not mentions_all("Research Scientist, Acme, 2021", things)
    things = asked_things("Who has worked at Google DeepMind?", frozenset())
    assert not mentions_all("Research Scientist, DeepMind Health", things)


def test_a_list_over_an_or_and_a_count_of_people(people_bot) -> None:
    either = people_bot.ask("Who has worked at Google or at Hill College?")
    assert set(either.people) == {"Ann Roe", "Bo Chen", "Di Park"}
    counted = people_bot.ask("How many of them have worked at Google?")
    assert set(counted.people) == {"Bo Chen", "Di Park"}
    assert counted.text.startswith("2 people")


@pytest.mark.parametrize(
    ("question", "state"),
    [
        ("Which of them are professors?", True),
        ("Who is currently a postdoc?", True),
        ("Which of them are interested in computer vision?", False),
        ("Which of them are based in Massachusetts?", False),
        ("Who is mainly interested in NLP?", False),
    ],
)
def test_a_participle_with_its_preposition_asks_no_current_role(question: str, state: bool) -> None:
    from profilechat.answer_kinds import asks_current_state

    assert asks_current_state(question) is state


def test_a_lower_case_compound_is_asked_for_whole() -> None:
    """ "privacy-preserving analytics": the compound as one thing; "Meta-Learning" and
    "meta-learning" still name no Meta."""
    from profilechat.answer_kinds import asked_things

    idf = {"privacy": 3.0, "preserv": 3.0, "analyt": 3.0, "research": 1.0}
    idf |= {t: 3.0 for t in tokenize("privacy preserving analytics")}
    things = asked_things("Who works on privacy-preserving analytics?", frozenset(), idf)
    assert mentions_all("Interests: privacy-preserving analytics, databases", things)
    assert not mentions_all("Interests: preserving old analytics", things)
    assert not mentions_all("Meta-Learning for Robots", [with_synonyms("meta")])
    assert not mentions_all("using meta-learning to find weights", [with_synonyms("meta")])


def test_service_or_a_talk_at_a_venue_is_no_paper_there(tmp_path, embedder) -> None:
    files = {
        "eva.md": "# Eva Lund\n\n## News\n\nMay 2021: Organised a workshop on owls at ICML.\n\n"
        "June 2020: Gave an invited talk at Hill College.\n",
        "fay.md": "# Fay Moss\n\n## News\n\nJuly 2022: Our paper on owls was published at ICML.\n",
    }
    bot = indexed_bot(tmp_path, embedder, files)
    assert bot.ask("Who has published at ICML?").people == ["Fay Moss"]
    assert "Eva Lund" in bot.ask("Who organised a workshop at ICML?").people
