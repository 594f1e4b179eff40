"""Questions for one detail of a CV entry (an advisor, a date, a company), and answers that
decline when the quoted evidence cannot hold the kind of thing asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from profilechat.answer_type import (
    DATE,
    NUMBER,
    PERSON,
    PLACE,
    THESIS,
    TITLE,
    answers_type,
    wanted_types,
)
from profilechat.session import ProfileChat

from .indexed import indexed_bot


def _bot(tmp_path: Path, embedder, files: dict[str, str]) -> ProfileChat:
    return indexed_bot(tmp_path, embedder, files)


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("When did Jane Doe join Acme?", (DATE,)),
        ("Since when has Jane been at Acme?", (DATE,)),
        ("How long was Jane at Acme?", (DATE,)),
        ("Who supervised Jane's doctorate?", (PERSON,)),
        ("Which company did Jane work for as an engineer?", (PLACE,)),
        ("Where did Jane do her master's?", (PLACE,)),
        ("Where and when did Jane get her PhD?", (DATE, PLACE)),
        ("How many papers has Jane published?", (NUMBER,)),
        ("What did Jane do at Acme?", ()),
        ("What is the title of Jane's dissertation?", (THESIS,)),
        ("What was Jane's thesis about?", (THESIS,)),
        ("What was Jane's job title at Acme?", (TITLE,)),
        ("What position did Jane hold at Acme?", (TITLE,)),
    ],
)
def test_the_kind_of_thing_a_question_asks_for(question: str, wanted: tuple[str, ...]) -> None:
    assert set(wanted_types(question)) == set(wanted)


def test_a_who_question_naming_two_people_asks_which_of_them() -> None:
    assert wanted_types("Who finished their PhD first, Ann Roe or Bo Li?", people_named=2) == ()


@pytest.mark.parametrize(
    ("question", "text", "lacking"),
    [
        ("When did Jane join Acme?", "Currently works as an engineer for Acme.", (DATE,)),
        ("When did Jane join Acme?", "Engineer, Acme · May 2021 – present", ()),
        ("Which company did Jane work for?", "Before that, she worked as an engineer.", (PLACE,)),
        ("Which company did Jane work for?", "Before that, she worked at Acme Labs.", ()),
        ("Who advised Jane's PhD?", "Ph.D. in Physics, Lakeside University (2015)", (PERSON,)),
        ("Who advised Jane's PhD?", "Advisors - Ann Roe, Bo Li", ()),
        ("Who advised Jane's PhD?", "My advisor is Prof. Lafferty.", ()),
        # the person's own name is not an answer to "who"
        ("Who advised Jane Doe's PhD?", "Jane Doe, PhD", (PERSON,)),
        ("Who advised Jane Doe's PhD?", "JANE DOE Ph.D.", (PERSON,)),
        # a degree line names no thesis; a labelled or quoted title does
        ("What is the title of Jane's dissertation?", "PhD Sociology (In Progress)", (THESIS,)),
        ("What is the title of Jane's thesis?", "Thesis: Learning to Walk", ()),
        ("What was Jane's dissertation about?", 'Ph.D. (2019), "Robots on Uneven Ground"', ()),
        # a job title is a title word; a sentence about fields of work is not one
        (
            "What was Jane's job title at Acme?",
            "At Acme and Hill, I moved between engineering, product and community.",
            (TITLE,),
        ),
        ("What was Jane's job title at Acme?", "Senior Developer Advocate, Acme (2019)", ()),
        ("What was Jane's job title at Acme?", "Two years as Front-End Captain at Acme", ()),
        ("What was Jane's job title at Acme Labs?", "At Acme Labs, I worked on product.", (TITLE,)),
    ],
)
def test_a_quote_holds_the_kind_asked_for_or_not(
    question: str, text: str, lacking: tuple[str, ...]
) -> None:
    assert answers_type(question, [text], "Jane Doe") == lacking


_ASSISTANT_CV = (
    "Jane Doe\n\nResearcher in machine learning.\n\n"
    "Experience\n\n"
    "Research Assistant (PhD Student) (Sep 2019 - Mar 2024)\nLakeside Computer Science Department\n"
    "Lakeside AI Laboratory: Advisors - Ann Roe, Bo Li\n\n"
    "Research Assistant (Master's Student) (Jan 2018 - Jun 2019)\nHill Computer Science Department\n"
    "Reasoning Group: Advisor - Carl Poe\n\n"
    "Research Intern (Jun 2021 - Sep 2021)\nAcme Labs\nSupervisor: Dr. Dana Fox\n\n"
    "Education\n\n"
    "Ph.D. in Computer Science, Lakeside University (Sep 2019 - Mar 2024)\n\n"
    "M.S. in Computer Science, Hill University (Jan 2018 - Jun 2019)\n"
)


def test_an_advisor_is_read_where_the_cv_puts_it_and_tied_to_the_degree(
    tmp_path: Path, embedder
) -> None:
    bot = _bot(tmp_path, embedder, {"cv.txt": _ASSISTANT_CV})
    phd = bot.ask("Who were Jane Doe's PhD advisors?")
    assert phd.found and "Ann Roe" in phd.text and "Bo Li" in phd.text
    assert "Carl Poe" not in phd.text
    masters = bot.ask("Who was Jane Doe's master's advisor?")
    assert masters.found and "Carl Poe" in masters.text and "Ann Roe" not in masters.text
    at_place = bot.ask("Who supervised Jane Doe at Acme Labs?")
    assert at_place.found and "Dana Fox" in at_place.text and "Ann Roe" not in at_place.text


def test_an_advisor_in_running_text_answers(tmp_path: Path, embedder) -> None:
    bio = (
        "# Jane Doe\n\nJane Doe is a research scientist at Acme. She received her Ph.D. from "
        "Lakeside University. She worked in the Systems Laboratory under the supervision of "
        "Prof. Ann Roe and Dr. Bo Li.\n"
    )
    answer = _bot(tmp_path, embedder, {"bio.md": bio}).ask("Who supervised Jane Doe's doctorate?")
    assert answer.found and "Ann Roe" in answer.text


def test_a_quote_without_the_asked_kind_is_declined(tmp_path: Path, embedder) -> None:
    bio = (
        "# Jane Doe\n\nJane Doe currently works as a product engineer for Acme, and lives in "
        "Springfield with her two cats. Before her academic career, she worked as a software "
        "engineer. She writes about open source.\n"
    )
    bot = _bot(tmp_path, embedder, {"bio.md": bio})
    when = bot.ask("When did Jane Doe join Acme?")
    assert not when.found and "Jane Doe's profile does not give a date" in when.text
    company = bot.ask("Which company did Jane Doe work for as a software engineer?")
    assert not company.found and "organisation or place" in company.text
    # the same profile still answers what it does say
    where = bot.ask("Where does Jane Doe work?")
    assert where.found and "Acme" in where.text


def test_a_time_clause_names_when_not_what_is_asked(tmp_path: Path, embedder) -> None:
    cv = (
        "Jane Doe\n\nEnergy market analyst.\n\nExperience\n\n"
        "Associate, Grid Operator GmbH · Berlin · Apr 2021 – Present\n\n"
        "Education\n\n"
        "Doctor of Engineering, University of Lakeside (Oct 2015 – Jun 2020)\n\n"
        "Master of Science, University of Hill (2011 – 2013)\n"
    )
    other = (
        "Ann Roe\n\nChemist.\n\nExperience\n\n"
        "Postdoctoral Researcher, Hill Institute · 2020 – 2022\n\n"
        "Education\n\nPhD in Chemistry, University of Hill (2015 – 2020)\n"
    )
    bot = _bot(tmp_path, embedder, {"jane.txt": cv, "ann.txt": other})
    answer = bot.ask("Did Jane Doe do a postdoc after her PhD?")
    assert not answer.found and "postdoc" in answer.text
    assert bot.ask("Did Ann Roe do a postdoc after her PhD?").found


def test_a_degree_is_confirmed_only_as_a_degree_held(tmp_path: Path, embedder) -> None:
    bio = (
        "# Jane Doe\n\nJane Doe is Professor of English and Director of the Texts and "
        "Technology PhD program at Lakeside University.\n\n## Education\n\n"
        "D.C.D., Doctor of Communications Design, University of Hill, 2010.\n\n"
        "B.A., Digital Narrative Studies, University of Maryland, 2005.\n"
    )
    student = (
        "# Ann Roe\n\nI am a final-year Ph.D. student at Lakeside University, working on "
        "robot learning.\n"
    )
    bot = _bot(tmp_path, embedder, {"jane.md": bio, "ann.md": student})
    assert not bot.ask("Does Jane Doe have a PhD in computer science?").found
    assert bot.ask("Does Jane Doe have a doctorate?").found
    masters = bot.ask("Does Ann Roe have a master's degree?")
    assert not masters.found and "master's" in masters.text


_ROLES_CV = (
    "Jane Doe\n\nSecurity researcher.\n\nExperience\n\n"
    "Senior Engineer · Acme Security Center · Aug 2022 – Dec 2024\n\n"
    "Software Engineering Intern (Jun 2017 - Sep 2017)\nGlobex, San Francisco\n\n"
    "Software Engineering Intern (Jun 2016 - Sep 2016)\nInitech Research, San Diego\n\n"
    "Other Activities\n\n"
    "Acme Tech Seminar · Springfield, Mar 2023\n\n"
    "Teaching Assistant, Electronics Design Lab. (EE305), Lakeside · Fall 2019\n\n"
    "Teaching Assistant, Network Programming (EE324), Lakeside · Fall 2016\n\n"
    "Teaching Assistant, Cryptography Engineering (EE817), Lakeside · Spring 2016\n\n"
    "Teaching Assistant, Intro to Circuits (EE101), Hill College · Fall 2014\n\n"
    "Languages\n\nSpanish (mother tongue)\nHungarian (mother tongue)\nEnglish (fluent)\n\n"
    "Technical Skills\n\nR\nBash / Shell\nLaTeX\n"
)


def test_entries_of_a_role_are_listed_whole_and_by_place(tmp_path: Path, embedder) -> None:
    bot = _bot(tmp_path, embedder, {"cv.txt": _ROLES_CV})
    internships = bot.ask("What internships did Jane Doe do?")
    assert internships.found and "Globex" in internships.text and "Initech" in internships.text
    courses = bot.ask("Which courses did Jane Doe TA at Lakeside?")
    assert "Network Programming" in courses.text and "Cryptography Engineering" in courses.text
    assert "(EE305), Lakeside · Fall 2019" in courses.text  # a line whose "Lab." ends no entry
    assert "Intro to Circuits" not in courses.text
    joined = bot.ask("When did Jane Doe join Acme Security Center?")
    assert joined.found and "Aug 2022" in joined.text


def test_skills_questions_quote_the_matching_skills_list(tmp_path: Path, embedder) -> None:
    bot = _bot(tmp_path, embedder, {"cv.txt": _ROLES_CV})
    spoken = bot.ask("What languages does Jane Doe speak?")
    assert spoken.found and "Spanish" in spoken.text and "Hungarian" in spoken.text
    assert "Bash" not in spoken.text
    technical = bot.ask("What technical skills are on Jane Doe's CV?")
    assert technical.found and "Bash / Shell" in technical.text


def test_a_yes_no_about_internships_reads_every_passage(tmp_path: Path, embedder) -> None:
    other = "# Ann Roe\n\nAnn Roe studies mathematics at Hill College and writes compilers.\n"
    bot = _bot(tmp_path, embedder, {"cv.txt": _ROLES_CV, "ann.md": other})
    yes = bot.ask("Did Jane Doe do any internships?")
    assert yes.found and yes.text.count("Intern") >= 2 and "Globex" in yes.text
    no = bot.ask("Has Ann Roe done an internship at a tech company?")
    assert not no.found and "internship" in no.text


def test_a_place_no_passage_mentions_is_not_answered_about(tmp_path: Path, embedder) -> None:
    bot = _bot(tmp_path, embedder, {"cv.txt": _ROLES_CV})
    answer = bot.ask("What is Jane Doe's role at the Mayo Clinic?")
    assert not answer.found and "does not mention Mayo Clinic" in answer.text


def test_what_someone_did_at_a_place_comes_from_the_experience_entry(
    tmp_path: Path, embedder
) -> None:
    answer = _bot(tmp_path, embedder, {"cv.txt": _ROLES_CV}).ask("What did Jane Doe do at Acme?")
    assert answer.found and "Senior Engineer" in answer.text and "Seminar" not in answer.text


def test_before_a_place_named_with_a_digit_is_the_dated_entry_before(
    tmp_path: Path, embedder
) -> None:
    cv = (
        "Jane Doe\n\nEnergy analyst.\n\nExperience\n\n"
        "• 3Sigma Grid GmbH · Berlin, Germany\nAssociate, Market Modeling · Apr 2021 – Present\n\n"
        "• Volta Insight · Berlin, Germany\nMarket Analyst · Apr 2020 – Mar 2021\n\n"
        "• Lakeside Research Center · Hill, Germany\nResearcher · Jan 2014 – Dec 2019\n"
    )
    answer = _bot(tmp_path, embedder, {"cv.txt": cv}).ask("Where did Jane Doe work before 3Sigma?")
    assert answer.found and "Volta Insight" in answer.text and "Apr 2020" in answer.text
    assert "Lakeside" not in answer.text


def test_advisor_verbs_and_a_qualifier_that_is_no_place(tmp_path: Path, embedder) -> None:
    bot = _bot(tmp_path, embedder, {"cv.txt": _ASSISTANT_CV, "roles.txt": _ROLES_CV})
    advises = bot.ask("Who advises Jane Doe?")
    assert advises.found and "Ann Roe" in advises.text
    # "Lakeside courses" says which courses, not where to look: every TA line is read
    courses = bot.ask("Which Lakeside courses did Jane Doe TA?")
    assert "Network Programming" in courses.text and "Cryptography Engineering" in courses.text


_SECTION_PER_EMPLOYER = (
    "# Jane Doe\n\nSoftware engineer in Dublin.\n\n"
    "## Globex\n\nSenior Software Engineer\n\nMay 2021 - Present\n\nDublin, Ireland\n\n"
    "Member of the storage team.\n\n"
    "## Initech (a Hooli company)\n\nSoftware Engineer II\n\nJanuary - May 2021\n\n"
    "Berlin, Germany\n\nMember of the platform team.\n\n"
    "## Vandelay\n\nSoftware Engineer\n\nSeptember 2019 - January 2021\n\n"
    "Amsterdam, Netherlands\n\nWorking on product features.\n"
)


def test_a_section_per_employer_gives_dates_and_time_order(tmp_path: Path, embedder) -> None:
    bot = _bot(tmp_path, embedder, {"index.md": _SECTION_PER_EMPLOYER})
    joined = bot.ask("When did Jane Doe join Globex?")
    assert joined.found and "May 2021" in joined.text
    before = bot.ask("Where did Jane Doe work right before Globex?")
    assert before.found and "Initech" in before.text and "Vandelay" not in before.text


def test_a_declined_degree_names_the_field_asked(tmp_path: Path, embedder) -> None:
    cv = (
        "Jane Doe\n\nProfessor of English.\n\nEducation\n\n"
        "D.C.D., Doctor of Communications Design, University of Hill, 2010.\n"
    )
    answer = _bot(tmp_path, embedder, {"cv.txt": cv}).ask(
        "Does Jane Doe have a PhD in computer science?"
    )
    assert not answer.found and "PhD in computer science" in answer.text


def test_a_reviewing_role_lists_the_journals_under_it(tmp_path: Path, embedder) -> None:
    cv = (
        "Jane Doe\n\nLinguist.\n\nPublications\n\n"
        "• Syntax in the wild. Jane Doe. Journal of Language Evolution (2021)\n\n"
        "Service\n\n• Department representative on the board\n• Article reviewer:\n"
        "– Evolutionary Anthropology\n– Journal of Language Evolution\n– Biolinguistics\n"
    )
    answer = _bot(tmp_path, embedder, {"cv.txt": cv}).ask(
        "Which journals has Jane Doe reviewed for?"
    )
    assert answer.found and "Evolutionary Anthropology" in answer.text
    assert "Biolinguistics" in answer.text and "Syntax in the wild" not in answer.text


def test_a_postdoc_mentor_is_no_degree_advisor(tmp_path: Path, embedder) -> None:
    cv = (
        "Jane Doe\n\nPostdoctoral fellow.\n\nEducation\n\n"
        "University of Lakeside · 2020 – 2025\nPh.D. in Computer Science\nSupervisor: Ann Roe\n"
    )
    about = (
        "# Jane Doe\n\nI am a postdoctoral fellow at the Hill Institute, jointly supervised by "
        "Professor Bo Li and Professor Carl Poe. I received my PhD from Lakeside.\n"
    )
    bot = _bot(tmp_path, embedder, {"cv.txt": cv, "about.md": about})
    phd = bot.ask("Who supervised Jane Doe's PhD?")
    assert phd.found and "Ann Roe" in phd.text and "Bo Li" not in phd.text
    postdoc = bot.ask("Who supervises Jane Doe in her postdoc?")
    assert postdoc.found and "Bo Li" in postdoc.text


def test_a_stack_in_a_job_description_is_no_skills_list(tmp_path: Path, embedder) -> None:
    page = (
        "# Jane Doe\n\nEngineer, language and framework-agnostic, most proficient in Rails.\n\n"
        "## Globex\n\nSoftware Engineer\n\nMember of the platform team (stack: Java, Kotlin).\n"
    )
    answer = _bot(tmp_path, embedder, {"index.md": page}).ask(
        "What framework is Jane Doe most proficient in?"
    )
    assert answer.found and "Rails" in answer.text and "Kotlin" not in answer.text


_ENTHUSIAST_CV = (
    "Jane Doe\n\nI'm a video content enthusiast, excited to contribute to the Acme community.\n"
    "Before that I was a designer at Globex, where I built the design system.\n\n"
    "Experience\n\nProduct Designer, Hill Labs (2019 – present)\nLed the checkout redesign.\n"
)


def test_a_yes_no_about_working_somewhere_needs_a_line_about_work(tmp_path: Path, embedder) -> None:
    bot = _bot(tmp_path, embedder, {"cv.txt": _ENTHUSIAST_CV})
    fan = bot.ask("Has Jane Doe worked at Acme?")
    assert not fan.found and "Acme" in fan.text
    assert bot.ask("Has Jane Doe worked at Hill Labs?").found
    prose = bot.ask("Has Jane Doe worked for Globex?")
    assert prose.found and "designer at Globex" in prose.text
