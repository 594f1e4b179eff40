"""Answers about one entry of a CV: what someone did at a place is the entry's heading lines
and its details (bullets or a description), whole and capped; an ended entry does not answer
what someone does now; an author list names no employer."""

from __future__ import annotations

from pathlib import Path

import pytest

from profilechat.answer_kinds import held_role_asked, job_entries_at
from profilechat.answer_type import CURRENT, DATE, PLACE, answers_type
from profilechat.session import ProfileChat
from profilechat.types import Chunk

from .indexed import indexed_bot

# A CV as a PDF reader gives it: the group over its place, the role over its dates, bullets.
_PDF_CV = (
    "JANE DOE\njane@example.org\n\nRESEARCH EXPERIENCE\n"
    "Hill Robotics Group · Springfield, IL\n"
    "Research Scholar · Fall 2023 – Fall 2024\n"
    "• Investigated how grasping policies represent the shape of unseen objects.\n"
    "• Collaborated on a benchmark of tactile sensing for soft grippers.\n\n"
    "Lakeside Vision Lab · Lakeside, IL\n"
    "Research Assistant · Spring 2021 – Spring 2023\n"
    "• Built a dataset of cluttered kitchen scenes.\n\n"
    "WORK EXPERIENCE\n"
    "Globex, Applied Robotics Team · Seattle, WA\n"
    "Data Scientist · Fall 2024 – Present\n"
    "• Working on explainable planning agents for warehouse robots.\n"
)
# A LaTeX CV: role and place on the dated line, bullets apart from each other.
_TEX_CV = (
    "Jane Doe\n\nExperience\n\n"
    "Senior Engineer, Springfield · Initech Security Center, Initech · Aug 2020 – Dec 2022\n\n"
    "• Drove red-team operations across mobile apps and firmware.\n\n"
    "• Secured 30+ consumer products used by millions of people.\n\n"
    "Research Intern, Hill Town · Umbrella Labs · Dec 2018 – Feb 2019\n\n"
    "• Fuzzed baseband firmware of two phone vendors.\n"
)
_ABOUT = (
    "# Jane Doe\n\nI am a data scientist at Globex. At the Hill Robotics Group, I studied how "
    "robots grasp things they have never seen.\n"
)


def _bot(tmp_path: Path, embedder, files: dict[str, str]) -> ProfileChat:
    return indexed_bot(tmp_path, embedder, files)


def test_what_someone_did_at_a_place_quotes_the_entry_with_its_bullets(
    tmp_path: Path, embedder
) -> None:
    bot = _bot(tmp_path, embedder, {"cv.txt": _PDF_CV, "about.md": _ABOUT})
    answer = bot.ask("What did Jane Doe do at the Hill Robotics Group?")
    assert answer.found and "Research Scholar" in answer.text
    assert "grasping policies" in answer.text and "tactile sensing" in answer.text
    assert "kitchen" not in answer.text  # another entry
    now = bot.ask("What is Jane Doe working on at Globex?")
    assert now.found and "explainable planning agents" in now.text


def test_an_entrys_details_apart_from_its_title_are_still_its_own(tmp_path: Path, embedder) -> None:
    bot = _bot(tmp_path, embedder, {"cv.txt": _TEX_CV})
    answer = bot.ask("What did Jane Doe do at Initech?")
    assert answer.found and "Senior Engineer" in answer.text and "red-team" in answer.text
    assert "baseband" not in answer.text


def test_a_long_entry_is_quoted_whole_up_to_a_cap(tmp_path: Path, embedder) -> None:
    bullets = "".join(
        f"• Led project {n}, which moved the fleet's planning stack to a new simulator and "
        f"cut the cost of each run by a third for the teams that used it.\n"
        for n in range(1, 9)
    )
    cv = f"Jane Doe\n\nExperience\n\nEngineer, Acme Robotics · 2019 – 2023\n{bullets}"
    answer = _bot(tmp_path, embedder, {"cv.txt": cv}).ask("What did Jane Doe do at Acme Robotics?")
    assert answer.found and "Led project 1," in answer.text and "Led project 8" not in answer.text
    assert "more)" in answer.text
    assert len(answer.text.split()) <= 120


@pytest.mark.parametrize(
    ("question", "text", "lacking"),
    [
        # an author list names people, not the employer asked for
        (
            "Which software company does Jane Doe work for now?",
            "Best Video Award. Tom Roe, Ann Sturm, Jane Doe, Pedro Martins.",
            (PLACE,),
        ),
        ("Which company does Jane Doe work for?", "Engineer at Acme Labs, Tom Roe's team.", ()),
        # "how long" is answered by a duration as well as by dates; "when" only by dates
        ("How long did Jane Doe work at Acme?", "3+ years at Acme shipping bank portals.", ()),
        ("When did Jane Doe join Acme?", "3+ years at Acme shipping bank portals.", (DATE,)),
        # a list of single names is one of employers
        (
            "Which companies has Jane Doe worked at?",
            "At Acme, Globex, Initech, and other teams, I moved between engineering and product.",
            (),
        ),
        # an entry that has ended does not say where someone works now
        (
            "Where does Jane Doe work now?",
            "Research Assistant (PhD Student) (Sep 2019 - Mar 2024) Lakeside CS Department",
            (CURRENT,),
        ),
        ("Where does Jane Doe work now?", "Data Scientist, Acme · Fall 2024 – Present", ()),
        ("Where does Jane Doe currently work?", "I am an engineer at Acme Labs.", ()),
        ("Where did Jane Doe work in 2019?", "Research Assistant (2019 - 2021), Lakeside", ()),
    ],
)
def test_a_quote_holds_the_kind_asked_for(
    question: str, text: str, lacking: tuple[str, ...]
) -> None:
    assert answers_type(question, [text], "Jane Doe") == lacking


def test_an_ended_entry_among_current_ones_still_answers_now() -> None:
    texts = ["Research Assistant (2019 - 2021), Lakeside", "Engineer, Acme · 2022 – present"]
    assert answers_type("Where does Jane Doe work now?", texts, "Jane Doe") == ()
    # a degree beside an ended job says nothing of now
    ended = ["Research Assistant (2019 - 2021), Lakeside", "Ph.D. in Computer Science"]
    assert answers_type("Where does Jane Doe work now?", ended, "Jane Doe") == (CURRENT,)


def test_a_job_on_a_dated_line_of_a_bio_or_on_a_card_of_its_own(tmp_path: Path, embedder) -> None:
    bio = (
        "# Jane Doe\n\nAfter growing up in Spain, I moved to the UK in 2013.\n\n"
        "- 04/2024 - 07/2024: Postdoctoral Researcher, Bird unit, Hill Institute, Switzerland.\n"
        "- 05/2023 - 03/2024: Research Associate, School of Biology. Lakeside University, UK.\n"
        "- 10/2019 - 04/2023: Research Assistant, School of Biology. Lakeside University, UK.\n"
        "- 09/2014 – 08/2015: MSc. Quantitative Methods in Biology. Lakeside University, UK.\n"
    )
    page = (
        "# Ann Roe\n\nAnn Roe is a political scientist at Hill University.\n\n"
        "## Projects\n\nTools I built for research.\n\n"
        "## RFSN\n\nResearch Forum of Science Networks\n\n"
        "Scientific Coordinator of the Research Forum of Science Networks from 2022 to 2024.\n\n"
        "• Organized an international workshop in Dakar (July 2024)\n"
    )
    bot = _bot(tmp_path, embedder, {"jane.md": bio, "ann.md": page})
    jobs = bot.ask("What did Jane Doe do at Lakeside University?")
    assert jobs.found and "Research Associate" in jobs.text and "Research Assistant" in jobs.text
    assert "MSc" not in jobs.text  # a degree is no job
    card = bot.ask("What did Ann Roe do for the RFSN?")
    assert card.found and "Scientific Coordinator" in card.text and "Dakar" in card.text


def test_what_someone_did_at_a_place_is_asked_with_the_verb_do() -> None:
    from profilechat.answer_kinds import asks_work_at

    assert asks_work_at("What did Jane do at Acme?")
    assert asks_work_at("What is Jane working on at Acme?")
    assert asks_work_at("What was her role at Acme?")
    assert not asks_work_at("What did Jane publish at ICML 2023?")
    assert not asks_work_at("What did Jane co-author at ICLR 2021?")


def test_the_place_asked_about_is_read_after_its_preposition() -> None:
    from profilechat.answer_kinds import work_place_phrase

    question = "What did Capilla-Lasheras do at the University of Glasgow?"
    assert work_place_phrase(question) == "at the University of Glasgow?"
    assert work_place_phrase("What is Jane working on at Acme Labs these days?") == (
        "at Acme Labs these days?"
    )


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("Where was Jane Doe a postdoc?", "postdoc"),
        ("Where has she been a research scientist?", "research scientist"),
        ("Where did Jane work as a data scientist?", "data scientist"),
        ("Where did she do her postdoc?", "postdoc"),
        ("Where is Jane a professor now?", "professor"),
        ("Where did Jane Doe study?", ""),  # no job title
        ("Where did he get his PhD?", ""),
    ],
)
def test_the_job_title_a_where_question_asks_about(question: str, role: str) -> None:
    assert held_role_asked(question) == role


# A CV whose postdoc entry names its employer on the line above the title, and whose list of
# supervised postdocs names other places.
_POSTDOC_CV = (
    "Jane Doe\njane@example.org\n\nAPPOINTMENTS\n"
    "Lakeside University, Department of Physics\n"
    "Assistant Professor · 2023 – present\n"
    "Hill Institute of Technology\n"
    "Postdoctoral Research Associate · 2020 – 2023\n\n"
    "MENTORING\n"
    "Postdocs: Bo Li (2024 – 2025), now a lecturer at Globex College.\n"
)


def test_where_someone_held_a_job_title_quotes_that_jobs_entry(tmp_path: Path, embedder) -> None:
    bot = _bot(tmp_path, embedder, {"cv.txt": _POSTDOC_CV})
    answer = bot.ask("Where was Jane Doe a postdoc?")
    assert answer.found and "Hill Institute of Technology" in answer.text
    assert "Globex" not in answer.text and "Lakeside" not in answer.text


# A résumé whose jobs sit under a heading no CV vocabulary names, with a hyphenated employer,
# and a column of dates over each job's title and employer.
_UNNAMED_SECTION_CV = (
    "Jane Doe\njane@example.org\n\nHIGHLIGHTS\n"
    "Lead Designer | Kappa-Soft · 2020 - 2022 | Oslo\n"
    "• Moved 800 clinics to the new booking console.\n"
    "• Hired a team of four designers.\n"
    "UX Designer | Delta Labs · 2016 - 2020 | Bergen\n"
    "• Designed the voice assistant of a car dashboard.\n\n"
    "Experience\n\n2012–2015\n\nSenior Developer\nOmega-Works Ltd.\n"
    "Built the routing engine of a parcel service.\n\n2009–2012\n\nDeveloper\nSigma Group\n"
    "Wrote the billing reports.\n"
)


def test_a_job_under_an_unnamed_heading_or_a_column_of_dates_answers_what_was_done_there(
    tmp_path: Path, embedder
) -> None:
    bot = _bot(tmp_path, embedder, {"cv.txt": _UNNAMED_SECTION_CV})
    answer = bot.ask("What did Jane Doe do at Kappa-Soft?")
    assert answer.found and "800 clinics" in answer.text and "car dashboard" not in answer.text
    answer = bot.ask("What roles did Jane Doe have at Omega-Works?")
    assert answer.found and "Senior Developer" in answer.text and "2012" in answer.text
    assert "Sigma" not in answer.text


_SKILLS_AND_JOBS_CV = (
    "Jane Doe\njane@example.org\n\nEXPERIENCE\n"
    "Lead Designer | Nova Technologies · 2013 - 2016 | Oslo\n"
    "• Designed the car dashboard's voice assistant.\n\n"
    "SKILLS\nTypography · Prototyping · Interaction flows\n"
)


def test_a_skills_word_inside_a_name_asks_no_skills(tmp_path: Path, embedder) -> None:
    # "Technologies" names the employer here; the question asks when, not for skills
    bot = _bot(tmp_path, embedder, {"cv.txt": _SKILLS_AND_JOBS_CV})
    answer = bot.ask("When was Jane Doe a designer at Nova Technologies?")
    assert answer.found and "2013 - 2016" in answer.text and "Typography" not in answer.text


def test_a_jobs_details_cut_into_the_next_passage_still_answer() -> None:
    # a long section is cut into passages between entries: a job's heading may end one
    # passage and its description open the next
    first = "Projects\nBeta Corp · Oslo\nEngineer · 2014 – 2016\n"
    second = "Built the routing engine of a parcel service. Ran its on-call rota.\n"
    passages = [
        Chunk(7, "Jane Doe", "cv.pdf", "Projects", first, 0, len(first), "other"),
        Chunk(8, "Jane Doe", "cv.pdf", "Projects", second, len(first), 99, "other"),
    ]
    quotes = job_entries_at("Jane Doe", passages, [frozenset({"beta"})]) or []
    assert [q.text for q in quotes] == [
        "Beta Corp · Oslo — Engineer · 2014 – 2016: Built the routing engine of a parcel "
        "service. Ran its on-call rota."
    ]


_PROSE_CAREER = (
    "# Jane Doe\n\nI lead engineering at Kappa Health, where we build booking software.\n\n"
    "Earlier I was CTO at Lykos, growing its team from four to forty engineers. My path began "
    "at Nordwind, where I advanced from Software Engineer to Head of Engineering.\n"
)
_TALK_BIO = (
    "# Talks\n\nJane Doe speaks about platform teams. Her career includes scaling roles at "
    "Lykos, Nordwind and Vela, helping teams grow from small squads into large groups.\n"
)


def test_the_positions_held_at_a_place_in_a_prose_career(tmp_path: Path, embedder) -> None:
    bot = _bot(tmp_path, embedder, {"about.md": _PROSE_CAREER, "talks.md": _TALK_BIO})
    answer = bot.ask("Which positions did Jane Doe hold at Nordwind?")
    assert answer.found and "Head of Engineering" in answer.text


_JOBS_IN_CITIES = (
    "Jane Doe\njane@example.org\n\nEXPERIENCE\n"
    "Kappa Freight · Oslo, Norway\nEngineer · 2019 – 2022\n• Ran the storage team.\n"
    "Delta Labs · Bergen, Norway\nEngineer · 2017 – 2019\n• Built the billing service.\n"
    "Omega Data · Oslo, Norway\nIntern · 2016 – 2017\n• Wrote test tools.\n"
    "Vela Maps · Oslo, Norway\nIntern · 2015\n• Drew map tiles.\n"
)


def test_the_companies_someone_worked_for_in_a_city(tmp_path: Path, embedder) -> None:
    bot = _bot(tmp_path, embedder, {"cv.txt": _JOBS_IN_CITIES})
    answer = bot.ask("Which companies has Jane Doe worked for in Oslo?")
    assert answer.found and "Kappa Freight" in answer.text and "Omega Data" in answer.text
    assert "Vela Maps" in answer.text  # every job there, not the two best sentences
    assert "Delta Labs" not in answer.text
