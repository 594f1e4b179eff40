"""Who a document and a question are about: aliases read at index time, names typed in lower
case, a README introducing its author in Russian, and follow-ups that name nobody."""

from __future__ import annotations

import json

from profilechat.cli import main
from profilechat.config import Config
from profilechat.indexing import update_index
from profilechat.names import (
    PeopleDirectory,
    name_aliases,
    name_pairs,
    transliterated,
    word_cases,
)
from profilechat.people import identify_person
from profilechat.session import ProfileChat, resolve
from profilechat.text import tokenize
from profilechat.types import Document

from .fakes import HashEmbedder

# A GitHub profile README of the usual shape: a Russian greeting heading, a one-line stack,
# sections with emoji, badges; the author gives only a first name.
RUSSIAN_README = """# Здравствуйте 👋, я Алексей!

🎯 Python Developer | Django | Redis

### 🚀 Обо мне
- 💻 Пишу бэкенд на Python
- 📚 Учусь в университете, Прикладная математика (2022-2026)

### 🛠️ Технологии
![Python](https://img.shields.io/badge/Python-3776AB?style=for-the-badge)
![Redis](https://img.shields.io/badge/Redis-DC382D?style=for-the-badge)
"""


def _document(text: str, source: str = "someone__README.md") -> Document:
    return Document(source=source, text=text, content_hash="", metadata={})


# --------------------------------------------------------------------------- index time


def test_a_readme_introducing_its_author_in_russian_is_theirs() -> None:
    assert identify_person(_document(RUSSIAN_README)) == "Алексей"


def test_self_introductions_in_other_languages_name_the_author() -> None:
    for text, name in [
        ("Hallo! Ich bin Jonas Weber und baue Compiler.", "Jonas Weber"),
        ("Bonjour, je m'appelle Claire Martin.", "Claire Martin"),
        ("Hola, me llamo Lucía Gómez.", "Lucía Gómez"),
    ]:
        assert identify_person(_document(text, "x.md")) == name


def test_a_name_with_an_aside_is_filed_without_it_and_keeps_it_as_an_alias() -> None:
    cases = [
        ("Mira (Qing) Tan\nmira@example.org", "Mira Tan", ["Qing Tan"]),
        ("Lu(dovica) Ferri\nRome", "Lu Ferri", ["Ludovica Ferri"]),
        ("Wen Zhao (赵文)\nBeijing", "Wen Zhao", ["赵文"]),
        ("Jin-Soo (Daniel) Park\nSeoul", "Daniel Park", ["Jin-Soo Park"]),
    ]
    for text, person, aliases in cases:
        if person != "Daniel Park":  # filed by the heading itself
            assert identify_person(_document(text, "x.md")) == person
        assert [alias for alias, _, _ in name_aliases(text, person)] == aliases


def test_a_cyrillic_or_greek_name_is_also_spelt_in_latin_letters() -> None:
    assert transliterated("Алексей Смирнов") == "Aleksey Smirnov"
    assert transliterated("Νίκος") == "Nikos"
    assert [a for a, _, _ in name_aliases(RUSSIAN_README, "Алексей")] == ["Aleksey"]
    assert name_aliases("# Jane Doe (she/her)\n", "Jane Doe") == []


def test_aliases_are_stored_and_listed_with_the_person(tmp_path, capsys) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "mira.md").write_text("# Mira (Qing) Tan\n\nI build compilers at Acme.\n")
    (corpus / "readme.md").write_text(RUSSIAN_README)
    config = Config(corpus_dir=corpus, index_dir=tmp_path / "index", model="fake-hash-64")
    update_index(config, HashEmbedder())
    assert main(["people", "--index", str(config.index_dir), "--json"]) == 0
    listing = {p["name"]: p["aliases"] for p in json.loads(capsys.readouterr().out)}
    assert listing == {"Mira Tan": ["Qing Tan"], "Алексей": ["Aleksey"]}
    bot = ProfileChat.open(config=config, embedder=HashEmbedder())
    answer = bot.ask("Where does Qing Tan build compilers?")
    assert answer.found and answer.people == ["Mira Tan"]
    answer = bot.ask("Does Aleksey know Redis?")
    assert answer.found and answer.people == ["Алексей"]


# --------------------------------------------------------------------------- questions


def test_a_person_is_found_by_any_of_their_names() -> None:
    directory = PeopleDirectory(
        ["Mira Tan", "Алексей", "Daniel Park"],
        aliases={"Mira Tan": ["Qing Tan"], "Алексей": ["Aleksey"], "Daniel Park": ["Jin-Soo Park"]},
    )
    for question, person in [
        ("Who supervises Qing Tan?", "Mira Tan"),
        ("Tell me about Jin-Soo Park", "Daniel Park"),
        ("Does Aleksey know Redis?", "Алексей"),
        ("Who is Aleksey Smirnov?", "Алексей"),  # a surname the README never gave
        ("Кто такой Алексей?", "Алексей"),
    ]:
        resolved = resolve(question, [], directory)
        assert resolved.people == [person], question
    assert directory.unknown_names("Tell me about Jin-Soo Park") == []


def test_given_names_a_question_adds_to_a_known_surname_are_no_things_asked() -> None:
    # The page says only "Daniel Park"; the question uses his other given name.
    directory = PeopleDirectory(["Daniel Park", "Ana Lima"])
    resolved = resolve("Tell me about Jin-Soo Park", [], directory)
    assert resolved.people == ["Daniel Park"]
    assert resolved.text == "Tell me about Daniel Park"
    assert resolve("Does Ana Lima know Park?", [], directory).text == "Does Ana Lima know Park?"


def test_a_name_typed_in_lower_case_names_the_person() -> None:
    texts = [
        ("Aida Rahimi", "Aida Rahimi studies morality in language models."),
        ("Amir Zur", "Amir Zur is a data scientist; Zur holds an MS from Stanford."),
        # Another profile writes the name in lower case, as an acronym: still Aida's name.
        ("Bo Lin", "I lead the ai and data analytics (aida) team and write about law."),
        ("Cy Law", "Cy Law studied law; the law school."),
    ]
    people = [person for person, _ in texts]
    cases = word_cases(texts, people)
    vocabulary = frozenset(t for _, text in texts for t in tokenize(text))
    directory = PeopleDirectory(people, vocabulary, cases.ordinary, None, cases.capitalised)
    assert resolve("who was aida's phd supervisor", [], directory).people == ["Aida Rahimi"]
    assert resolve("who was zur's MS advisor", [], directory).people == ["Amir Zur"]
    # An ordinary word of the documents is no name, whatever the case of the question.
    assert resolve("Who studied law at Stanford?", [], directory).people is None
    assert resolve("who studied law", [], directory).people is None


def test_a_name_whose_words_the_documents_never_write_together_is_someone_not_indexed() -> None:
    texts = [
        (
            "Ana Lima",
            "Ana Lima wrote papers with Daniel J. Park and Grace Okonkwo at Lakeside University.",
        ),
        ("Bo Lin", "Bo Lin is a professor at Lakeside University and does research at Google."),
        ("Cy Roe", "Cy Roe studied in Yao's Class and held a Marie Skłodowska-Curie fellowship."),
    ]
    people = [person for person, _ in texts]
    cases = word_cases(texts, people)
    vocabulary = frozenset(t for _, text in texts for t in tokenize(text))
    directory = PeopleDirectory(
        people,
        vocabulary,
        cases.ordinary,
        None,
        cases.capitalised,
        lambda: name_pairs(text for _, text in texts),
    )
    # Both words are in the documents, but never as one name: someone the index does not hold.
    assert directory.unknown_names("How can I contact Daniel Okonkwo?") == ["Daniel Okonkwo"]
    # A co-author the documents name (also across a middle initial) is not unknown, and neither
    # is an organisation written with a word the documents also use in lower case.
    assert directory.unknown_names("Who wrote with Daniel Park?") == []
    assert directory.unknown_names("Who wrote with Daniel J. Park?") == []
    assert directory.unknown_names("Who wrote with Daniel J.?") == []  # one name word: no pair
    assert directory.unknown_names("Who works at Lakeside University?") == []
    assert directory.unknown_names("Who does Google Research?") == []
    # Possessives and one part of a double-barrelled name are the name as the documents write it.
    assert directory.unknown_names("Who studied in Yao's Class?") == []
    assert directory.unknown_names("Who held a Marie Curie fellowship?") == []


def _conversation(bot: ProfileChat, *questions: str) -> list[dict]:
    history: list[dict] = []
    for question in questions:
        history += [{"role": "user", "content": question}, bot.ask(question, history).message()]
    return history


def test_a_follow_up_pointing_back_is_about_the_previous_people(tmp_path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ana.md").write_text(
        "# Ana Lima\n\nAna Lima works at Acme Robotics.\n\n"
        "She joined the perception team in Lisbon.\n\n"
        "She co-hosts two podcasts; their language is Portuguese.\n"
    )
    (corpus / "bob.md").write_text(
        "# Bob Stone\n\nBob Stone leads a team of rowers.\n\nHis team trains on a lake.\n"
    )
    config = Config(corpus_dir=corpus, index_dir=tmp_path / "index", model="fake-hash-64")
    embedder = HashEmbedder()
    update_index(config, embedder)
    bot = ProfileChat.open(config=config, embedder=embedder)
    history = _conversation(bot, "Where does Ana Lima work?")
    # "team" is in Bob's profile; "that" points at Ana's job.
    resolved = resolve("which team is that and where?", history, bot._engine.directory)
    assert resolved.people == ["Ana Lima"]
    assert resolved.context.startswith("Where does Ana Lima work?")
    answer = bot.ask("which team is that and where?", history)
    assert answer.people == ["Ana Lima"] and "perception team" in answer.text
    # "they" are the podcasts: the previous question says what is asked about.
    history = _conversation(bot, "What podcasts does Ana Lima co-host?")
    resolved = resolve("what language are they in?", history, bot._engine.directory)
    assert resolved.context.startswith("What podcasts does Ana Lima co-host?")
    answer = bot.ask("what language are they in?", history)
    assert answer.people == ["Ana Lima"] and "Portuguese" in answer.text
    # The people an answer carries count even when the question named nobody.
    carried = [
        {"role": "user", "content": "Who rows?"},
        {"role": "assistant", "content": "Someone does. [1]", "people": ["Bob Stone"]},
    ]
    assert resolve("where is that?", carried, bot._engine.directory).people == ["Bob Stone"]
    # A people-list question is about everyone, even after a question about someone.
    assert resolve("Who has a team that rows?", history, bot._engine.directory).people is None
