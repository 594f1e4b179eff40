"""What a question asks for: form, topic and time order."""

from __future__ import annotations

from pathlib import Path

import pytest

from profilechat.intent import (
    COMPARISON,
    FACTOID,
    OPEN,
    PEOPLE_LIST,
    YES_NO,
    read_by_patterns,
    read_intent,
    read_with_model,
)
from profilechat.intent_model import IntentModel


@pytest.mark.parametrize(
    ("question", "named", "form", "topic"),
    [
        ("Tell me about Jane Doe.", 1, OPEN, "overview"),
        ("Who is Jane Doe?", 1, OPEN, "overview"),
        ("What does Jane Doe do?", 1, OPEN, "overview"),
        ("Can you give me a short bio of Jane?", 1, OPEN, "overview"),
        ("What is Jane known for?", 1, OPEN, "overview"),
        ("How can I contact Jane?", 1, OPEN, "contact"),
        ("What is her GitHub?", 1, OPEN, "contact"),
        ("What are Jane's research interests?", 1, OPEN, "interests"),
        ("Which of the researchers have worked at Google?", 0, PEOPLE_LIST, "role"),
        ("Who works on robotics?", 0, PEOPLE_LIST, "interests"),
        ("Does anyone here have a PhD?", 0, PEOPLE_LIST, "education"),
        # what the profiles say, asked of no one in particular
        ("Who lists formal methods among their research areas?", 0, PEOPLE_LIST, "interests"),
        ("How many of them have worked at Google?", 0, PEOPLE_LIST, "role"),
        ("How many people here studied at Hill College?", 0, PEOPLE_LIST, "education"),
        ("Has Jane worked at Acme?", 1, YES_NO, "role"),
        ("Does Jane have a master's degree?", 1, YES_NO, "education"),
        ("Who supervised Jane's PhD?", 1, FACTOID, "advisor"),
        ("Where did Jane study?", 1, FACTOID, "education"),
        ("Where did Jane do her undergrad?", 1, FACTOID, "education"),
        ("Tell me about her education", 1, FACTOID, "education"),
        ("Where does Jane work?", 1, FACTOID, "role"),
        ("Compare Jane and Bob's education", 2, COMPARISON, "education"),
        ("What did he do before Acme?", 1, FACTOID, "role"),
        ("Where is Jane based?", 1, FACTOID, "location"),
        ("Where is Jane Doe located?", 1, FACTOID, "location"),
        ("What is Jane's system based on?", 1, FACTOID, ""),
        ("Which department is Jane in?", 1, FACTOID, "role"),
        ("What are Jane's titles at Acme?", 1, FACTOID, "role"),
        ("What does Jane research?", 1, OPEN, "interests"),
        ("What are Jane's areas of expertise?", 1, OPEN, "interests"),
    ],
)
def test_form_and_topic(question: str, named: int, form: str, topic: str) -> None:
    intent = read_intent(question, named)
    assert (intent.form, intent.topic) == (form, topic)


@pytest.mark.parametrize(
    ("question", "time", "count"),
    [
        ("What did he do before Acme?", "before", False),
        ("Where did she go after her PhD?", "after", False),
        ("What was her first job?", "first", False),
        ("What has she published recently?", "latest", False),
        ("Since when has he worked at Acme?", "when", False),
        ("How many papers has Jane published?", "", True),
    ],
)
def test_time_order_and_count(question: str, time: str, count: bool) -> None:
    intent = read_intent(question, 1)
    assert (intent.time, intent.count) == (time, count)


def test_an_employer_named_like_a_profile_site_is_not_a_contact_question() -> None:
    assert read_intent("What did he do before LinkedIn?", 1).topic == "role"


@pytest.mark.parametrize(
    "question",
    [
        "What is Jane Doe's educational background?",
        "Tell me about her academic background",
        "Describe Jane's educational history.",
    ],
)
def test_an_educational_background_is_about_education(question: str) -> None:
    intent = read_intent(question, 1)
    assert (intent.form, intent.topic) == (FACTOID, "education")


def test_a_possessive_topic_is_not_an_overview() -> None:
    intent = read_intent("Who is Jane Doe's PhD advisor?", 1)
    assert (intent.form, intent.topic) == (FACTOID, "advisor")


@pytest.mark.parametrize(
    "question",
    ["Summarize Jane Doe's career", "Summarize her background", "Tell me about Jane's career"],
)
def test_a_whole_career_or_background_is_an_overview(question: str) -> None:
    assert read_intent(question, 1).form == OPEN


@pytest.mark.parametrize(
    ("question", "form", "topic"),
    [
        ("Give me the rundown on Jane Doe.", OPEN, "overview"),
        ("What's Jane up to these days?", OPEN, "overview"),
        ("Fill me in on Jane.", OPEN, "overview"),
        ("What is Jane an expert in?", OPEN, "interests"),
        ("How would I get hold of Jane?", OPEN, "contact"),
        ("Where can I find Jane online?", OPEN, "contact"),
        ("Do you know what Jane studied?", FACTOID, "education"),
        ("Can you tell me where Jane works?", FACTOID, "role"),
    ],
)
def test_wordings_the_patterns_miss_are_read_by_the_fitted_model(
    question: str, form: str, topic: str
) -> None:
    assert (
        read_by_patterns(question, 1).topic != topic or read_by_patterns(question, 1).form != form
    )
    intent = read_intent(question, 1)
    assert (intent.form, intent.topic) == (form, topic)


@pytest.mark.parametrize(
    ("question", "named", "form"),
    [
        ("Hi, who has a PhD?", 0, PEOPLE_LIST),
        ("Quick question: does Jane have a PhD?", 1, YES_NO),
        ("Sorry, who is Jane Doe?", 1, OPEN),
    ],
)
def test_a_greeting_before_a_question_does_not_hide_its_form(
    question: str, named: int, form: str
) -> None:
    assert read_by_patterns(question, named).form == form


def test_without_a_stored_model_the_patterns_read_the_question() -> None:
    question = "Give me the rundown on Jane Doe."
    assert read_with_model(question, 1, None) == read_by_patterns(question, 1)


def test_a_name_the_model_never_saw_does_not_change_the_reading() -> None:
    readings = {
        (i.form, i.topic)
        for name in ("Jane Doe", "Xyzzy Quux", "Oluwaseun Adeyemi-Okafor", "zork blorp")
        for i in [read_intent(f"What's {name} best known for?", 1)]
    }
    assert readings == {(OPEN, "overview")}


def test_a_question_naming_no_one_is_a_list_only_when_worded_as_one() -> None:
    assert read_intent("Whose paper showed that small models suffice?", 0).form != PEOPLE_LIST
    assert read_intent("Which of them worked at Acme?", 0).form == PEOPLE_LIST


def test_the_stored_model_saves_and_loads_unchanged(tmp_path: Path) -> None:
    model = IntentModel.load()
    assert model is not None
    model.save(tmp_path / "weights.json")
    again = IntentModel.load(tmp_path / "weights.json")
    assert again is not None
    for question in ("Who is Jane Doe?", "Which of them worked at Acme?", "Is Jane married?"):
        assert read_with_model(question, 1, again) == read_with_model(question, 1, model)


@pytest.mark.parametrize(
    "question",
    [
        "Where does Ms. Lee work?",
        "Who is Ms Lee?",
        "where does ms lee work",
        "Is Mr. Okafor on LinkedIn?",
        "What does Mrs. Brandt teach?",
    ],
)
def test_a_title_before_a_name_is_not_a_degree(question: str) -> None:
    assert "education" not in read_by_patterns(question, 1).topics
    assert read_intent(question, 1).topic != "education"


@pytest.mark.parametrize(
    "question",
    [
        "Does Jane have an MS?",
        "Where did Jane get her M.S.?",
        "Did Jane do an MSc in physics?",
        "Which university gave Jane her MS degree?",
        "does jane have an ms in statistics",
    ],
)
def test_a_degree_abbreviation_is_still_education(question: str) -> None:
    assert "education" in read_by_patterns(question, 1).topics


@pytest.mark.parametrize(
    "question",
    [
        "What was Jane's GPA at Stanford?",
        "What grades did Jane get at Oxford?",
        "What was her grade point average at Hill College?",
    ],
)
def test_grades_at_a_place_are_education(question: str) -> None:
    assert read_intent(question, 1).topic == "education"
