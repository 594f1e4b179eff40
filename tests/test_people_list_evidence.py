"""People lists decided on all of each person's passages: a skills line or a doctorate listed
as a position counts even when a search does not return it among the person's few passages."""

from __future__ import annotations

import pytest

from profilechat.answer import _asks_work_now
from profilechat.answer_kinds import asked_things
from profilechat.session import ProfileChat

from .indexed import indexed_bot


def _projects(tools: list[str]) -> str:
    """Passages that speak of using things, as a search for "who uses …" returns first."""
    return "".join(
        f"## Project {i + 1}\n\nWe used {tool} to survey sites and used the results to plan "
        f"the next season's field work, which used new sampling methods.\n\n"
        for i, tool in enumerate(tools)
    )


def _papers(author: str, topics: list[str]) -> str:
    return "".join(
        f"- {author} and Lee Moss. {topic.title()} at Scale. In Workshop on {topic.title()}, "
        f"{2015 + i}.\n"
        for i, topic in enumerate(topics)
    )


# Far-off years keep "still studying" true whatever today is.
PROFILES = {
    "fay.md": "# Fay Lund\n\nFay Lund studies how rivers carry sediment to the sea.\n\n"
    "## Experience\n\n- Hydrologist, Lakeside Water Board, 2015 – present\n"
    "- Field Technician, Hill County, 2011 – 2015\n\n"
    "## Publications\n\n"
    + _papers("Fay Lund", ["river sediment", "delta erosion", "flood timing", "silt traps"])
    + "\n"
    + _projects(["drones", "sonar", "buoys", "satellite images"])
    + "## Skills\n\n- Languages: Python, Stan, SQL\n- Field work: coring, drone surveys\n",
    "gus.md": "# Gus Mora\n\nGus Mora models bird migration over the Atlantic.\n\n"
    "## Positions\n\n- Ecologist, Hill College, 2012 – present\n\n"
    "## Publications\n\n"
    + _papers("Gus Mora", ["gull routes", "tern counts", "storm drift", "nest sites"])
    + "\n"
    + _projects(["radar", "leg bands", "trail cameras"])
    + "I am proficient in Stan and R for hierarchical models.\n",
    "hal.md": "# Hal Ito\n\nHal Ito builds web shops for small bakeries.\n\n"
    "## Experience\n\n- Web Developer, Crumb Studio, 2016 – present\n\n"
    "## Skills\n\n- Python, JavaScript, PostgreSQL\n",
    "ivy.md": "# Ivy Sato\n\nIvy Sato works on the economics of fisheries.\n\n"
    "## Experience\n\n- PhD Candidate | Lakeside University · 2023 – 2090\n"
    "- Data Analyst, Acme Fisheries, 2019 – 2023\n\n"
    "## Education\n\n- B.S. in Economics, Hill College, 2015 – 2019\n",
    "jon.md": "# Jon Reyes\n\nPhD Sociology (In Progress) · Hill College\n\n"
    "Jon Reyes writes about how towns share water.\n",
    "kim.md": "# Kim Vos\n\nKim Vos teaches statistics.\n\n"
    "## Education\n\n- Ph.D. in Statistics, Lakeside University, 2001 – 2006\n\n"
    "## Teaching\n\n- Supervised three PhD candidates in statistics, 2010 – present\n",
    "lea.md": "# Lea Holm\n\nLea Holm designs bridges.\n\n"
    "## Experience\n\n- Structural Engineer, Acme Bridges, 2010 – 2015\n"
    "- Lead Engineer, Span Works, 2015 – present\n",
    "max.md": "# Max Ruiz\n\nMax Ruiz designs tunnels.\n\n"
    "## Experience\n\n- Tunnel Engineer, Acme Bridges, 2018 – present\n\n"
    "## Education\n\n- M.S. in Civil Engineering, Acme Institute, 2016\n",
    "ned.md": "# Ned Berg\n\nPreviously, I was a draftsman at Acme Bridges. "
    "I now run a survey office of my own.\n",
    "pia.md": "# Pia Lenz\n\n## Accomplishments\n\n"
    "Lead Product Designer | Quill Apps · 2021 - Present | Remote\n"
    "- Designed a booking flow for clinics.\n\n"
    "Product Designer | Loom Shop · 2018 - 2021 | Oslo\n- Drew the shop's checkout.\n",
    "raf.md": "# Raf Otto\n\nUX Specialist with 8 years designing websites for museums.\n",
    "sam.md": "# Sam Quist\n\nI am the product manager of Quill Apps, since 2019.\n",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory, embedder) -> ProfileChat:
    return indexed_bot(tmp_path_factory.mktemp("list-evidence"), embedder, PROFILES)


def test_a_tool_is_found_in_skills_lists_a_search_does_not_return(bot: ProfileChat) -> None:
    answer = bot.ask("Does anyone here use Stan?")
    assert sorted(answer.people) == ["Fay Lund", "Gus Mora"], answer.text


def test_a_doctorate_in_progress_listed_as_a_position_or_a_line_counts(bot: ProfileChat) -> None:
    """A PhD candidacy listed among jobs, or as an untyped line "(In Progress)"; candidates
    someone supervises are not their own degree."""
    answer = bot.ask("Which of these people are currently PhD students or candidates?")
    assert sorted(answer.people) == ["Ivy Sato", "Jon Reyes"], answer.text


def test_who_works_somewhere_asks_for_a_job_there_now(bot: ProfileChat) -> None:
    """A job whose dates have ended, or a sentence in the past tense, is no job now; "has
    worked" asks about any time."""
    now = bot.ask("Who works at Acme Bridges?")
    assert now.people == ["Max Ruiz"], now.text
    ever = bot.ask("Who has worked at Acme Bridges?")
    assert sorted(ever.people) == ["Lea Holm", "Max Ruiz", "Ned Berg"], ever.text


def test_either_side_of_an_or_may_be_written_in_lower_case() -> None:
    """ "UX or product designer": UX, or both words of "product designer"."""
    groups = asked_things("Who works as a UX or product designer?", frozenset())
    assert sorted(sorted(g) for g in groups) == [["designer", "ux"], ["product", "ux"]]


def test_a_current_job_read_from_an_untyped_section_counts(bot: ProfileChat) -> None:
    answer = bot.ask("Who works as a UX or product designer?")
    assert sorted(answer.people) == ["Pia Lenz", "Raf Otto"], answer.text


@pytest.mark.parametrize(
    ("question", "job_now"),
    [
        ("Who works at Acme Bridges?", True),
        ("Which of them are working in Berlin?", True),
        ("Who has worked at Acme Bridges?", False),
        ("Who works on bird migration?", False),  # what people work on, not where
        ("Which of them work with Stan?", False),  # what people use
    ],
)
def test_a_job_now_is_asked_in_the_present_tense(question: str, job_now: bool) -> None:
    assert _asks_work_now(question) is job_now
