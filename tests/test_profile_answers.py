"""Open and current-role questions answered from profile facts (answer_kinds.fact_quotes):
overviews, careers, research interests, roles and places, on small synthetic profiles."""

from __future__ import annotations

from profilechat.answer import QueryTerms, ScoredSentence, is_title_line
from profilechat.answer_kinds import (
    FactEvidence,
    Quote,
    current_role_naming,
    fact_quotes,
    topics_of_work,
)
from profilechat.facts import extract_facts
from profilechat.intent import read_intent
from profilechat.structure import document_sections
from profilechat.text import plain_text
from profilechat.types import Chunk, Document, Hit

PERSON = "Jane Doe"


def evidence(text: str) -> list[FactEvidence]:
    """The facts of one document, each with the whole document as its passage."""
    doc = Document("jane.md", text, "0" * 64, person=PERSON)
    chunk = Chunk(0, PERSON, "jane.md", "", text, 0, len(text))
    return [FactEvidence(f, chunk) for f in extract_facts(doc, document_sections(doc))]


def ask(question: str, text: str) -> list[str]:
    quotes = fact_quotes(read_intent(question, 1), question, PERSON, evidence(text)) or []
    assert all(isinstance(q, Quote) for q in quotes)
    return [q.text for q in quotes]


BIO = (
    "# Jane Doe\n\n## Short bio\n\n"
    "Jane is a polyglot developer with 15 years of experience in release engineering.\n\n"
    "Currently works as a product engineer for [Acme](https://acme.example), used to edit a "
    "newsletter, and lives in York.\n"
)

PORTFOLIO = (
    "Jane Doe\n\nDublin, Ireland\n\nSoftware Engineer with ten years of experience in building "
    "web products. Currently building products for Acme.\n\n"
    "## Work Experience\n\nMy journey through companies and roles\n\n"
    "## Acme\n\nSenior Software Engineer\n\nMay 2021 - Present\n\nDublin, Ireland\n\n"
    "Member of the storage team.\n\n"
    "## Globex\n\nSoftware Engineer\n\nJanuary 2016 - March 2018\n\nBerlin, Germany\n\n"
    "Member of the search team.\n\n"
    "## Initech\n\nSoftware Developer\n\nDecember 2018 - April 2021\n\nAmsterdam\n\n"
    "Member of the pricing team.\n\n"
    "## Education\n\n- B.Sc. in Computing, Hill University, 2012\n"
)

CV = (
    "Jane Doe\n\nPhD in Hydrology · https://janedoe.example\n\n"
    "Experience\n\n"
    "Research Scientist, Acme Water · 2020 – Present\n\n"
    "Research Assistant, Lakeside University (Sep 2015 - Mar 2020)\n\n"
    "Education\n\n"
    "Ph.D. in Hydrology, Lakeside University, 2015 – 2020\n"
    "Thesis: Sediment transport in braided rivers\n\n"
    "Publications\n\n"
    "Floods in small catchments. J. Doe, A. Roe. Water Research, 2021.\n"
)


def test_an_overview_names_the_current_role_beside_the_headline() -> None:
    lines = ask("Tell me about Jane Doe", BIO)
    assert lines[0].startswith("Jane is a polyglot developer")
    assert any("product engineer for Acme" in line for line in lines)


def test_an_overview_is_short() -> None:
    long_bio = BIO + "\n" + " ".join(["Her research focuses on rivers and lakes."] * 12) + "\n"
    assert len(" ".join(ask("Who is Jane Doe?", long_bio)).split()) <= 80


def test_a_place_line_is_not_an_overview_headline_but_answers_where_someone_is() -> None:
    lines = ask("Tell me about Jane Doe", PORTFOLIO)
    assert lines[0].startswith("Software Engineer with ten years")
    assert "Dublin, Ireland" not in lines
    assert ask("Where is Jane Doe based?", PORTFOLIO) == ["Dublin, Ireland"]


def test_a_career_walks_the_jobs_newest_first_with_their_dates() -> None:
    lines = ask("Summarize Jane Doe's career", PORTFOLIO)
    jobs = [line for line in lines if " — " in line]
    assert jobs == [
        "Acme — Senior Software Engineer · May 2021 - Present",
        "Initech — Software Developer · December 2018 - April 2021",
        "Globex — Software Engineer · January 2016 - March 2018",
    ]
    assert any("Hill University" in line for line in lines)


def test_the_current_role_is_the_entry_running_to_the_present() -> None:
    lines = ask("What is Jane Doe's current role?", PORTFOLIO)
    assert "Acme — Senior Software Engineer — May 2021 - Present" in lines
    assert ask("Where does Jane work?", BIO)[0].startswith("Currently works as a product engineer")


def test_research_keywords_are_answered_on_one_line() -> None:
    page = "Jane Doe\n\nI am a historian.\n\nResearch Interests\n\n• Media Studies\n• Digital Culture\n• Comics\n"
    assert ask("What are Jane's research interests?", page) == [
        "Media Studies, Digital Culture, Comics"
    ]


def test_what_someone_works_on_now_puts_the_current_statement_first() -> None:
    page = (
        "Jane Doe\n\nI am a PhD student at Hill University.\n\n"
        "My research interests lie in statistics. My research asks how models generalise. "
        "My current research focus is on reasoning in language models.\n"
    )
    lines = ask("What is Jane working on currently?", page)
    assert lines[0] == "My current research focus is on reasoning in language models."


def _scored(sentence: str, kind: str, entry: str = "") -> ScoredSentence:
    chunk = Chunk(0, PERSON, "jane.md", "", sentence, 0, len(sentence), kind)
    return ScoredSentence(PERSON, entry, sentence, Hit(chunk, 1.0), 1.0, 1.0, ("jane.md", 0))


def test_a_job_or_grant_title_says_where_not_what_someone_researches() -> None:
    """The word "research" in "Research Assistant (2019 – 2024)" does not make the line an
    answer to "What does she research?"; the bullet under it, or a paper, may be one."""
    assert is_title_line(
        _scored("Research Assistant (PhD Student) (Sep 2019 - Mar 2024)", "experience")
    )
    assert is_title_line(_scored("Predoctoral research grant", "awards"))
    bullet = "Applied causal analysis to interpret and de-bias large language models."
    assert not is_title_line(_scored(bullet, "experience", entry="Research Assistant · 2022"))
    assert not is_title_line(
        _scored("Probabilistic circuits for inference. NeurIPS 2020", "publications")
    )


def test_a_sections_heading_quoted_alone_is_no_answer() -> None:
    """ "What is she building now?" matches the heading "🔧 What I'm building now" best; the
    lines under it answer, the heading only names them."""
    from profilechat.answer import select_sentences
    from profilechat.config import Config

    section = "🔧 What I'm building now"
    text = f"{section}\n\n- A compiler for a small language\n"
    chunk = Chunk(0, PERSON, "jane.md", section, text, 0, len(text), "other")
    heading, line = (
        ScoredSentence(PERSON, entry, sentence, Hit(chunk, 1.0), score, score, ("jane.md", at))
        for entry, sentence, score, at in (
            ("", "🔧 What I'm building now", 0.9, 0),
            (section, "A compiler for a small language", 0.6, 30),
        )
    )
    config = Config()
    query = QueryTerms.build("What is Jane building now?", set(), {})
    chosen = select_sentences([heading, line], [PERSON], True, config, query, [])
    assert [s.sentence for s in chosen[PERSON]] == ["A compiler for a small language"]


def test_a_cv_header_title_beside_a_link_is_its_headline() -> None:
    assert ask("What is Jane's current role?", CV) == [
        "Research Scientist, Acme Water · 2020 – Present"
    ]
    assert ask("Who is Jane Doe?", CV)[0] == "PhD in Hydrology"


def test_where_someone_has_worked_lists_the_jobs() -> None:
    lines = ask("Where has Jane Doe worked?", PORTFOLIO)
    assert lines[:2] == [
        "Acme — Senior Software Engineer · May 2021 - Present",
        "Initech — Software Developer · December 2018 - April 2021",
    ]


def test_how_much_experience_is_not_a_current_role_question() -> None:
    assert ask("How much experience does Jane have?", PORTFOLIO) == []


def test_a_role_detail_at_an_organisation_needs_a_line_naming_it() -> None:
    facts = evidence(PORTFOLIO)
    acme = [frozenset({"acme"})]
    titles = current_role_naming(PERSON, "What are Jane's titles at Acme?", facts, acme)
    assert titles and "Acme — Senior Software Engineer · May 2021 - Present" in [
        q.text for q in titles
    ]
    assert current_role_naming(PERSON, "Which team is Jane on at Acme?", facts, acme) is None


def test_a_background_is_a_career() -> None:
    lines = ask("Summarize Jane Doe's background", PORTFOLIO)
    assert "Initech — Software Developer · December 2018 - April 2021" in lines


def test_without_an_interest_statement_the_thesis_and_newest_papers_say_what_she_works_on() -> None:
    quotes = topics_of_work(PERSON, evidence(CV)) or []
    assert [q.text for q in quotes] == [
        "Thesis: Sediment transport in braided rivers",
        "Floods in small catchments. J. Doe, A. Roe. Water Research, 2021.",
    ]


def test_a_long_entry_of_an_experience_section_is_not_a_job() -> None:
    paper = "Jane Doe, Ann Roe and Bob Lee. " + "A very long title about rivers " * 5 + "2023."
    cv = CV.replace("Education\n\n", f"{paper}\n\nEducation\n\n")
    assert not any("very long title" in line for line in ask("Summarize Jane's career", cv))


def test_an_overview_names_the_research_keywords_together() -> None:
    page = "Jane Doe\n\nI am a historian.\n\nResearch Interests\n\n• Media Studies\n• Comics\n"
    assert ask("Who is Jane Doe?", page) == ["I am a historian.", "Media Studies, Comics"]


def test_an_overview_leaves_out_pastimes_that_an_interests_question_still_gets() -> None:
    cv = "Jane Doe\n\nI am a historian.\n\nInterests & Hobbies\n\nHiking, chess and cooking.\n"
    assert ask("Who is Jane Doe?", cv) == ["I am a historian."]
    assert ask("What are Jane Doe's interests?", cv) == ["Hiking, chess and cooking."]


def test_a_role_someone_has_now_is_the_current_role() -> None:
    lines = ask("What role does Jane Doe have now?", PORTFOLIO)
    assert "Acme — Senior Software Engineer — May 2021 - Present" in lines


def test_a_quote_mark_is_not_part_of_a_quoted_line() -> None:
    assert (
        plain_text("> Jane is a **professor**.\n> She teaches.")
        == "Jane is a professor. She teaches."
    )
    assert plain_text("a > b") == "a > b"


def test_an_overview_states_a_degree_once() -> None:
    page = "Jane Doe\n\nI am a PhD student in Statistics at Yale University.\n"
    assert ask("Tell me about Jane Doe", page) == [
        "I am a PhD student in Statistics at Yale University."
    ]


def test_an_author_list_in_an_experience_section_is_not_a_job() -> None:
    authors = "Ann Roe, Jane Doe, and Bob Lee. Floods in small catchments. Water Research, 2023."
    cv = CV.replace("Education\n\n", f"{authors}\n\nEducation\n\n")
    assert not any("Ann Roe" in line for line in ask("Summarize Jane's career", cv))


def test_an_academic_career_is_a_career() -> None:
    assert ask("Summarize Jane Doe's academic career", PORTFOLIO)[1].startswith("Acme — ")


def test_without_a_thesis_two_newest_papers_are_quoted() -> None:
    papers = "".join(
        f"Paper {n} on rivers. J. Doe. Water Research, {2010 + n}.\n" for n in range(4)
    )
    cv = "Jane Doe\n\nI am a hydrologist.\n\nPublications\n\n" + papers
    quotes = topics_of_work(PERSON, evidence(cv)) or []
    assert [q.text for q in quotes] == [
        "Paper 3 on rivers. J. Doe. Water Research, 2013.",
        "Paper 2 on rivers. J. Doe. Water Research, 2012.",
    ]


# Résumé layouts the overview must read whatever the style (one of each seen in industry CVs).
DATES_FIRST = (
    "Jane Doe\n\nBuilding reliable payment systems.\n\nExperience\n\n2018–2025\n\n"
    "Principal Developer\nAcme Travel\nPrincipal developer supporting and coordinating teams.\n\n"
    "2015–2017\n\nSenior Developer\nGlobex\nBackend developer in payments.\n\n"
    "Education\n\nMSc in Computer Science, Hill University, 2010\n"
)
CARDS = (
    "Jane Doe / Interaction Designer\n\nProfile\n\nUX specialist with eight years of "
    "wireframing and prototyping. Experienced speaker.\n\nWork History\n\n"
    "Senior Experience Designer\n\nAdobe Systems\n\n2011-Present\n\n"
    "Developing interaction designs and prototypes for the editor team.\n\n"
    "Director of UX\n\nRain\n\n2010-2011\n\nEstablished user experience workflows.\n"
)
STAMPED = (
    "Jane Doe · Last update on 20th October 2023 Kernel Engineer\njane@example.org\n"
    "Currently in Dublin, Ireland\n\nSummary\nLow-level engineer, open-source contributor and "
    "maintainer.\nFocused on long-term projects.\n\nExperience\nAcme Networks · Dublin, Ireland\n"
    "Linux kernel engineer · Sept ’17 – present\nWorking on TCP support in the kernel, with "
    "tests and documentation for the whole feature set.\n\nEducation\n"
    "Hill Institute · 2008 – 2014\n"
)
ADDRESS_HEADER = (
    "Jane Doe\nSunderland, MA, 01375 | +15083303967\njane@example.org | janedoe.example\n"
    "EXPERIENCE\nResearch Assistant June 2022 – Present\nHill University, Amherst, MA\n"
    "· Co-authors papers with faculty members.\n"
)


def test_an_overview_names_the_newest_job_with_its_employer_when_dates_come_first() -> None:
    answer = ask("Who is Jane Doe?", DATES_FIRST)
    assert any("Principal Developer" in q and "Acme Travel" in q for q in answer)
    assert all(q.strip() != "2018–2025" for q in answer)


def test_an_overview_reads_jobs_set_as_headings_and_the_title_beside_the_name() -> None:
    answer = ask("Who is Jane Doe?", CARDS)
    assert answer[0] == "Interaction Designer"
    assert any("Adobe Systems" in q and "2011-Present" in q for q in answer)
    assert not any(q.startswith("Work History") for q in answer)


def test_an_overview_skips_a_stamp_and_takes_the_summary_and_the_current_job() -> None:
    answer = ask("Who is Jane Doe?", STAMPED)
    assert not any("Last update" in q for q in answer)
    assert "Low-level engineer, open-source contributor and maintainer." in answer
    assert any("Acme Networks" in q and "Linux kernel engineer" in q for q in answer)


def test_an_address_line_is_no_headline_and_the_job_keeps_its_employer() -> None:
    answer = ask("Who is Jane Doe?", ADDRESS_HEADER)
    assert not any("01375" in q for q in answer)
    assert answer[0] == "Research Assistant June 2022 – Present — Hill University, Amherst, MA"


def test_hobbies_under_a_rule_line_are_each_a_topic() -> None:
    page = (
        "Jane Doe\n\nINTERESTS\n.............................................\n\n"
        "* Gastronomy\n* Fashion design\n* Urban survival\n"
    )
    answer = ask("What are Jane Doe's hobbies and interests?", page)
    assert answer == ["Gastronomy, Fashion design, Urban survival"]


def test_a_career_told_as_prose_gives_its_past_jobs() -> None:
    page = (
        "Hello, I'm Jane Doe\n\nI'm an engineering leader and currently Head of Engineering at "
        "Parloa, building voice agents.\n\nEarlier I was CTO at Lykon, bootstrapping a health "
        "stack. Those years began at HelloFresh, where I advanced to Head of Engineering.\n"
    )
    answer = ask("Summarize Jane Doe's career", page)
    assert any("Lykon" in q for q in answer) and any("HelloFresh" in q for q in answer)


def test_a_job_line_with_a_rule_in_it_is_a_job_and_a_rule_line_is_none() -> None:
    resume = (
        "Jane Doe\n\nEXPERIENCE\n........................................\n\n"
        "2024- ACME Senior SE ---------------------------- Boston MA\n"
        "Lead technical vision for the platform.\n"
        "2018-2023 GLOBEX, Staff SE ----------------------- Boston MA\n"
        "Built the recommender.\n"
    )
    answer = ask("Summarize Jane Doe's career", resume)
    assert any("GLOBEX" in q for q in answer)
    assert not any(q.startswith("....") for q in answer)
    assert any("ACME" in q for q in ask("Who is Jane Doe?", resume))


def test_the_current_job_keeps_the_employer_line_its_entry_is_grouped_under() -> None:
    cv = (
        "Jane Doe\n\nPhD in Energy Systems Analysis\n\nProfessional Experience\n\n"
        "• Acme Transmission GmbH · Berlin, Germany\n"
        "Associate, Power Market Modeling · Apr 2021 – Present\n"
        "Analyst, Power Market Modeling · Jan 2020 – Mar 2021\n"
    )
    answer = ask("Who is Jane Doe?", cv)
    assert any("Acme Transmission" in q and "Associate" in q for q in answer)


def test_jobs_under_an_untyped_heading_give_the_current_role() -> None:
    resume = (
        "JANE DOE\n\nWHAT I BRING\n\nOver ten years of experience in product design.\n\n"
        "ACCOMPLISHMENTS\n"
        "Lead Product Designer | Simpology · 2022 - Present | Remote\n"
        "• Created a new design system.\n"
        "Senior Designer | SkoolBag · 2020 - 2022 | Sydney\n"
    )
    answer = ask("Who is Jane Doe?", resume)
    assert "Lead Product Designer | Simpology · 2022 - Present | Remote" in answer
    assert not any("ACCOMPLISHMENTS" in q for q in answer)


def test_a_title_set_as_a_heading_under_the_name_heading_is_the_title_line() -> None:
    page = (
        "# Jane Doe\n\n## Lecturer, Department of Economics\n\n## Hill University\n\n"
        "Phone: (806) 555-7691\n\n## Education\n\n- M.S. in Finance, Hill University, 2011\n"
    )
    # with the organisation's heading under it
    assert ask("Who is Jane Doe?", page)[0] == "Lecturer, Department of Economics, Hill University"


def test_a_date_word_alone_is_no_title_line() -> None:
    cv = "present\nJane Doe\nData Scientist · Durham, NC\n\nEducation\n\nPhD, Hill University, 2020\n"
    assert "present" not in ask("Who is Jane Doe?", cv)


def test_a_line_naming_a_degree_in_progress_answers_who_is_still_studying_for_it() -> None:
    """A CV whose education was not read as entries (two columns run together) still states
    "PhD Sociology (In Progress)": a comparison asking who is still working on a PhD finds it,
    and a question about a PhD held does not take it."""
    from profilechat.answer_kinds import degree_sentence

    text = "Jane Doe\npresent\nPhD Sociology (In Progress) · Durham, NC\n2019\nHill University\n"
    chunk = Chunk(0, PERSON, "jane.md", "", text, 0, len(text), "about")
    question = "Which of them is still working on a PhD, Jane Doe or John Roe?"
    stated = degree_sentence(question, PERSON, [chunk], studying=True)
    assert stated is not None and "In Progress" in stated.text
    assert degree_sentence("Who has a PhD, Jane Doe or John Roe?", PERSON, [chunk]) is None


def test_where_someone_did_a_postdoc_is_their_own_entry_not_their_labs_postdocs() -> None:
    from profilechat.answer import _block_text
    from profilechat.answer_kinds import entries_of_role

    jobs = (
        "Experience\n\nAssistant Professor, Hill University · 2023–\n\n"
        "Postdoctoral Fellow, Lakeside Institute · 2020–2023\n"
    )
    lab = "Students\n\nPostdocs supervised: John Roe (2024–2025)\n"
    passages = [
        Chunk(0, PERSON, "jane.md", "Experience", jobs, 0, len(jobs), "experience"),
        Chunk(1, PERSON, "jane.md", "Students", lab, 200, 200 + len(lab), "students"),
    ]
    for question in ("Where did Jane Doe do her postdoc?", "Where were they postdocs?"):
        quotes = entries_of_role(PERSON, question, passages, [], _block_text) or []
        assert [q.text for q in quotes] == ["Postdoctoral Fellow, Lakeside Institute · 2020–2023"]


def test_a_sentence_restating_an_earlier_one_is_quoted_once() -> None:
    """A page with a first-person and a third-person bio, or a CV as PDF and as HTML, says the
    same twice; a list's entries that differ in a year are not restatements."""
    from profilechat.answer import without_restatements

    first = "After my PhD, I moved to Hill University as a postdoctoral fellow in the Roe group."
    third = "After her PhD, she moved to Hill University as a postdoctoral fellow in the Roe lab."
    unspaced = "Expert inC# and distributed systemdevelopment, with a knack foranalyzing problems."
    spaced = "Expert in C# and distributed system development, with a knack for analyzing problems."
    kept = without_restatements([_scored(s, "about") for s in (first, unspaced, third, spaced)])
    assert [s.sentence for s in kept] == [first, spaced]
    courses = [
        "Teaching Assistant for Data Structures and Algorithms at Hill University, Fall 2019",
        "Teaching Assistant for Data Structures and Algorithms at Hill University, Fall 2020",
    ]
    assert len(without_restatements([_scored(c, "teaching") for c in courses])) == 2


def test_a_question_about_phd_research_gets_the_research_topics_when_no_degree_says_it() -> None:
    from profilechat.answer_kinds import research_topics

    cv = (
        "Jane Doe\n\nI am a PhD candidate at Hill University. My research focuses on the "
        "valuation of clinical AI systems.\n\nEducation\n\nM.Sc. Statistics, Lake University, 2019\n"
    )
    question = "What is Jane Doe's PhD research about?"
    intent = read_intent(question, 1)
    assert ask(question, cv) == []  # no PhD among the degrees listed
    topics = research_topics(PERSON, intent, evidence(cv)) or []
    assert [q.text for q in topics] == [
        "My research focuses on the valuation of clinical AI systems."
    ]
    thesis = read_intent("What was Jane Doe's PhD thesis about?", 1)
    assert research_topics(PERSON, thesis, evidence(cv)) is None


def test_what_someone_works_on_is_the_thesis_of_their_highest_degree() -> None:
    """A CV stating no research interests: the doctorate's thesis (run into its degree's line
    by a PDF), not the master's thesis listed on a line of its own."""
    cv = (
        "Jane Doe\n\nEducation\n\n"
        "Ph.D. in Microbiology, Hill University, 2016 – 2020 Thesis title: Genetics of a bat "
        "pathogen\n\n"
        "M.Sc. in Microbiology, Hill University, 2014 – 2016\nThesis title: Spores of a yeast\n"
    )
    quotes = topics_of_work(PERSON, evidence(cv)) or []
    assert [q.text for q in quotes] == ["Thesis title: Genetics of a bat pathogen"]


# Dates set above each job and degree, apart from their titles.
_DATES_ABOVE = (
    "Jane Doe\n\nExperience\n\n2018–2024\n\nPrincipal Engineer\nKappa Travel\n"
    "Led the booking platform.\n\n2014–2018\n\nSenior Engineer\nKappa Travel\n"
    "Built the search service.\n\nEducation\n\n2012\n\nMSc in Applied Physics\n"
    "Lakeside University of Technology\n\n2010\n\nBSc in Physics\nHill College\n"
)


def test_the_most_recent_position_in_the_past_tense_is_the_newest_job() -> None:
    # every job has ended: "What was her most recent position?" asks for the newest one
    assert ask("What was Jane Doe's most recent position?", _DATES_ABOVE) == [
        "2018–2024 — Principal Engineer — Kappa Travel"
    ]


def test_a_line_of_dates_alone_is_quoted_with_the_title_and_place_under_it() -> None:
    found = evidence(_DATES_ABOVE)
    jobs = [f.fact.text for f in found if f.fact.kind == "experience"]
    assert jobs == [
        "2018–2024 — Principal Engineer — Kappa Travel",
        "2014–2018 — Senior Engineer — Kappa Travel",
    ]
    degrees = [f.fact.text for f in found if f.fact.kind == "education"]
    assert degrees == [
        "2012 MSc in Applied Physics Lakeside University of Technology",
        "2010 BSc in Physics Hill College",
    ]


EDUCATION_WITH_GRADES = (
    "Jane Doe\n\nEducation\n\n"
    "PhD in Hydrology, Lakeside University, 2020\n"
    "B.Sc. in Physics, Hill University, 2014. GPA: 3.9/4.0\n"
)


def test_a_grade_question_is_not_answered_with_the_list_of_degrees() -> None:
    """ "What was her GPA?" asks for the line stating the grade (the sentences find it by its
    words), not for the degrees an education question gets."""
    assert read_intent("What was Jane's GPA at Hill University?", 1).topic == "education"
    assert ask("What was Jane's GPA at Hill University?", EDUCATION_WITH_GRADES) == []
    assert ask("Where did Jane study?", EDUCATION_WITH_GRADES)


def test_before_and_after_a_job_told_in_prose_follow_its_time_words() -> None:
    """A bio told newest first says what came earlier with "Previously", "Before that": the
    sentence after the one naming Acme says what she did before Acme, and the one before a
    sentence opening "Previously … at Beta" says what came after Beta."""
    from profilechat.answer_kinds import asked_things, prose_time_quotes

    text = (
        "Jane Doe leads the robotics group at Acme. Previously she built drones at Beta Corp. "
        "Before that she taught physics at Hill School."
    )
    chunk = Chunk(0, PERSON, "jane.md", "", text, 0, len(text), "about")
    names = frozenset({"jane", "doe"})

    def answer(question: str) -> list[str]:
        things = asked_things(question, names)
        return [
            q.text
            for q in prose_time_quotes(read_intent(question, 1), PERSON, [chunk], things) or []
        ]

    assert answer("What did Jane Doe do before Acme?") == [
        "Previously she built drones at Beta Corp."
    ]
    assert answer("What did she do after Beta Corp?") == [
        "Jane Doe leads the robotics group at Acme."
    ]
    assert answer("What did Jane Doe do before Hill School?") == []
