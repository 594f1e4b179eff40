"""Profile facts extracted at index time: headline, position, education, contact, interests."""

from __future__ import annotations

from profilechat.facts import Fact, extract_facts
from profilechat.structure import document_sections
from profilechat.types import Document

from .test_structure import CV


def facts(text: str, person: str = "Jane Doe", links: tuple[str, ...] = ()) -> list[Fact]:
    doc = Document("jane.txt", text, "0" * 64, person=person, links=links)
    found = extract_facts(doc, document_sections(doc))
    for fact in found:  # every fact quotes the passage it came from, or is a link
        quoted = doc.text[fact.start : fact.end].split("\n")[0].strip()
        assert fact.start == -1 or (quoted and quoted in fact.text)
    return found


def of_kind(found: list[Fact], kind: str) -> list[Fact]:
    return [f for f in found if f.kind == kind]


def test_cv_facts() -> None:
    found = facts(CV)
    assert [f.text for f in of_kind(found, "headline")] == [
        "I am an associate professor of hydrology at Lakeside University."
    ]
    positions = of_kind(found, "position")
    assert positions[0].fields == {"years": "2019–present"}
    assert "Lakeside University — Associate Professor" in positions[0].text
    education = [
        {k: v for k, v in f.fields.items() if k not in ("entry", "advisor_line")}
        for f in of_kind(found, "education")
    ]
    assert of_kind(found, "education")[0].fields["advisor_line"] == "Advisor: Mary Major"
    assert education == [
        {
            "degree": "Ph.D.",
            "institution": "Hill University",
            "years": "2010–2015",
            "advisor": "Mary Major",
        },
        {"degree": "B.Sc.", "institution": "Hill University", "years": "2006–2010"},
    ]
    assert [f.fields for f in of_kind(found, "contact")] == [
        {"type": "email", "value": "jane@example.org"}
    ]


def test_third_person_bio_facts() -> None:
    bio = (
        "Jane Doe is a senior researcher at the Institute of Birds, where she studies swift "
        "migration. She received her PhD from Hill University in 2012 under the supervision of "
        "Prof. Mary Major. Her research interests include animal navigation and flight."
    )
    found = facts(bio)
    assert of_kind(found, "headline")[0].text.startswith("Jane Doe is a senior researcher")
    assert of_kind(found, "education")[0].fields == {
        "degree": "PhD",
        "institution": "Hill University",
        "years": "2012",
        "advisor": "Mary Major",
        "listed": "no",  # found in running text, not in a list of degrees
    }
    assert any("animal navigation" in f.text for f in of_kind(found, "interests"))


def test_contact_details_as_written() -> None:
    text = (
        "Jane Doe\n(512) 555-0147 | jane [at] example [dot] org\n"
        "https://github.com/janedoe\nI am a software engineer at Acme. I work at Acme since 2019."
    )
    contact = {f.fields["type"]: f.fields["value"] for f in of_kind(facts(text), "contact")}
    assert contact == {
        "phone": "(512) 555-0147",
        "email": "jane@example.org",
        "github": "https://github.com/janedoe",
    }


def test_links_kept_aside_are_contact_details() -> None:
    links = ("https://scholar.google.com/citations?user=x", "mailto:jane@example.org")
    contact = of_kind(facts("Jane Doe\n\nScholar · Email\n", links=links), "contact")
    assert [(f.fields["type"], f.start) for f in contact] == [("scholar", -1), ("email", -1)]


def test_sentences_that_merely_mention_at_are_not_emails() -> None:
    text = "Jane Doe\n\nI am an engineer at Google. I studied at MIT."
    assert of_kind(facts(text), "contact") == []


def test_an_introduction_is_not_a_headline() -> None:
    text = "Hi, I am Jane!\nI am a marine biologist at the Ocean Lab."
    assert [f.text for f in of_kind(facts(text), "headline")] == [
        "I am a marine biologist at the Ocean Lab."
    ]


def test_list_sections_are_counted() -> None:
    counts = [f for f in facts(CV) if f.kind == "count"]
    assert [(f.text, f.fields) for f in counts] == [
        ("PUBLICATIONS", {"section": "publications", "entries": "2"}),
        ("Honors & Awards", {"section": "awards", "entries": "2"}),
    ]


def test_an_acronym_is_not_taken_for_a_degree() -> None:
    from profilechat.facts import DEGREE

    assert DEGREE.search("Who works on LLM serving?") is None
    assert DEGREE.search("LL.M. in International Law, 2010").group(0) == "LL.M."
    # small capitals read as lower case
    assert DEGREE.search("m.eng. & b.a. in engineering, 2018").group(0) == "m.eng."
    assert DEGREE.search("a ba or an ms without dots") is None
    assert DEGREE.search("Jane went to the m.s. program").group(0) == "m.s."


def test_a_degree_is_summarised_from_its_entry_as_written() -> None:
    from profilechat.facts import degree_summary

    found = of_kind(
        facts(
            "Jane Doe\n\nEducation\n\n"
            "Lakeside University, Springfield - Department of Physics\n"
            "Ph.D. in Applied Physics, Aug 2015 — May 2020\n"
            "Dissertation: Cold Atoms in Optical Lattices\n"
            "Committee: Alan Smith (supervisor), Bea Jones\n\n"
            "Experience\n\nEngineer, Acme, 2020 – present\n"
        ),
        "education",
    )
    assert [degree_summary(f) for f in found] == [
        "Ph.D. in Applied Physics, Lakeside University (Aug 2015 — May 2020)"
    ]


def test_a_degree_is_not_given_the_next_degrees_dates() -> None:
    from profilechat.facts import degree_summary

    fact = Fact(
        "education",
        "Ph.D. in Computer Science",
        "cv.pdf",
        0,
        10,
        {
            "degree": "Ph.D.",
            "institution": "Lakeside University",
            "entry": "Ph.D. in Computer Science M.A. in Computer Science, est. 2024",
        },
    )
    assert degree_summary(fact) == "Ph.D. in Computer Science, Lakeside University"


def test_a_major_written_before_the_degree_stays_in_its_summary() -> None:
    from profilechat.facts import degree_summary

    found = of_kind(
        facts(
            "Jane Doe\n\nEducation\n\n"
            "Lakeside University\n"
            "Computer Science, Ph.D., 2019\n"
            "Mathematics and Physics, B.Sc., 2013\n"
        ),
        "education",
    )
    assert [degree_summary(f) for f in found] == [
        "Computer Science, Ph.D., Lakeside University (2019)",
        "Mathematics and Physics, B.Sc., Lakeside University (2013)",
    ]


def test_entries_of_list_sections_are_kept_whole() -> None:
    entries = of_kind(facts(CV), "entry")
    assert [(f.text, f.fields) for f in entries] == [
        (
            "Floods in small catchments. J. Doe, M. Major. Water Research, 2021.",
            {"section": "publications", "heading": "PUBLICATIONS", "years": "2021"},
        ),
        (
            "Sediment and rivers. J. Doe. Journal of Hydrology, 2019.",
            {"section": "publications", "heading": "PUBLICATIONS", "years": "2019"},
        ),
        (
            "- 2020 Early Career Award, Society of Hydrology",
            {"section": "awards", "heading": "Honors & Awards", "years": "2020"},
        ),
        (
            "- 2014 Best Student Paper",
            {"section": "awards", "heading": "Honors & Awards", "years": "2014"},
        ),
    ]


def test_a_degree_under_a_dated_institution_line_takes_its_dates() -> None:
    from profilechat.facts import degree_summary

    found = of_kind(
        facts(
            "Jane Doe\n\nEducation\n\n"
            "Lakeside University · 2015 – 2020\nPh.D. in Physics\nThesis: Cold Atoms\n\n"
            "Hill College · 2011 – 2015\nB.Sc. in Mathematics\n"
        ),
        "education",
    )
    assert [(degree_summary(f), f.fields["years"]) for f in found] == [
        ("Ph.D. in Physics, Lakeside University (2015 – 2020)", "2015–2020"),
        ("B.Sc. in Mathematics, Hill College (2011 – 2015)", "2011–2015"),
    ]
    assert "Thesis: Cold Atoms" in found[0].fields["entry"]


def test_a_combined_degree_in_small_capitals_is_one_degree() -> None:
    from profilechat.facts import degree_summary

    found = of_kind(
        facts(
            "Jane Doe\n\nEducation\n\nph.d. in engineering, lakeside university · 2018 – 2022\n\n"
            "Doctoral research in hydrology.\n\n"
            "m.eng. & b.a. in engineering, Hill University · 2014 – 2018\n"
        ),
        "education",
    )
    assert [degree_summary(f) for f in found][-1] == (
        "m.eng. & b.a. in engineering, Hill University (2014 – 2018)"
    )
    assert found[-1].text.startswith("m.eng.")  # the paragraph above heads no group


def test_interest_statements_are_about_the_person_and_their_topics() -> None:
    """Sentences that merely mention research or interests (an invitation to the reader, where
    the papers appeared, a paper's abstract) are not what someone works on; "X is an
    economist working on …" and "I conducted research on …" are."""
    about = (
        "Jane Doe\n\n"
        "Jane Doe is an economist working on labour markets and migration. An overview of my "
        "work is available here. Her research has been published in leading journals. If my "
        "research aligns with your needs, please write. Whether you're interested in rivers or "
        "lakes, get in touch. At Hill University I conducted research on flood forecasting.\n\n"
        "Papers\n\n"
        "In this thesis we focus on the case of bounded losses.\n"
    )
    texts = [f.text for f in of_kind(facts(about), "interests")]
    assert texts == [
        "Jane Doe is an economist working on labour markets and migration.",
        "At Hill University I conducted research on flood forecasting.",
    ]


def test_an_interest_statement_ending_in_a_colon_keeps_its_list() -> None:
    about = (
        "Jane Doe\n\nMy research asks questions of the following kind:\n\n"
        "• How do rivers carry sediment?\n• Why do floods repeat?\n\nI also like tea.\n"
    )
    (statement,) = of_kind(facts(about), "interests")
    assert statement.text.startswith("My research asks questions of the following kind:")
    assert "How do rivers carry sediment?" in statement.text
    assert "Why do floods repeat?" in statement.text
    assert "tea" not in statement.text


def test_a_research_section_listing_papers_gives_only_its_statement() -> None:
    page = (
        "Jane Doe\n\nI am a hydrologist at Lakeside University.\n\nResearch\n\n"
        "I'm interested in floods, droughts and sediment transport.\n\n"
        "Floods in Small Catchments. Jane Doe, Ann Roe, Bob Lee. Water Research, 2021.\n\n"
        "Droughts Again. Jane Doe, Carl Poe. Journal of Hydrology, 2020.\n"
    )
    texts = [f.text for f in of_kind(facts(page), "interests")]
    assert texts == ["I'm interested in floods, droughts and sediment transport."]


def test_a_place_line_under_the_name_is_a_location_not_a_headline() -> None:
    page = (
        "Jane Doe\n\nDublin, Ireland\n\nSoftware Engineer with 10+ years of experience in "
        "building web products. Currently building products for Acme.\n"
    )
    found = facts(page)
    assert [f.text for f in of_kind(found, "location")] == ["Dublin, Ireland"]
    assert of_kind(found, "headline")[0].text.startswith("Software Engineer with 10+ years")
    assert [f.text for f in of_kind(found, "position")] == ["Currently building products for Acme."]


def test_a_header_line_with_contact_details_keeps_its_title() -> None:
    found = facts("Jane Doe · jane@example.org\nPhD in Energy Systems · https://janedoe.org/\n")
    assert [f.text for f in of_kind(found, "headline")] == ["PhD in Energy Systems"]


def test_a_current_sentence_that_also_mentions_the_past_is_a_position() -> None:
    bio = (
        "Jane Doe\n\nShort bio\n\nJane is a polyglot developer.\n\n"
        "Currently works as a product engineer for [Acme](https://acme.example), used to edit "
        "a newsletter, and lives in York.\n"
    )
    positions = of_kind(facts(bio), "position")
    assert [f.text[:45] for f in positions] == ["Currently works as a product engineer for [Ac"]


def test_experience_cards_under_their_own_headings_are_positions_and_experience() -> None:
    """Portfolio pages set each job as a card: the employer as a heading, then the title, the
    dates and the place on lines of their own."""
    page = (
        "Jane Doe\n\nSoftware Engineer with ten years of experience.\n\n"
        "## Work Experience\n\nMy journey through companies and roles\n\n"
        "## Acme\n\nSenior Software Engineer\n\nMay 2021 - Present\n\nDublin, Ireland\n\n"
        "Member of the storage team.\n\n"
        "## Initech\n\nSoftware Developer\n\nDecember 2019 - August 2020\n\nAmsterdam\n\n"
        "Member of the pricing team.\n\n"
        "## Education\n\n- B.Sc. in Computing, Hill University, 2012\n"
    )
    found = facts(page)
    (position,) = of_kind(found, "position")
    assert position.text == "Acme — Senior Software Engineer · May 2021 - Present"
    assert position.fields["years"] == "2021–present"
    (job,) = of_kind(found, "experience")
    assert job.text == "Initech — Software Developer · December 2019 - August 2020"


def test_a_school_called_tech_is_an_institution() -> None:
    bio = "Jane Doe\n\nJane Doe works at Acme. She received her Ph.D. at Virginia Tech in 2015.\n"
    (degree,) = of_kind(facts(bio), "education")
    assert degree.fields["institution"] == "Virginia Tech"


def test_a_labelled_interests_line_and_an_introduction_with_a_role_are_facts() -> None:
    cv = (
        "Jane Doe\n\nWelcome! I am Jane Doe, a data scientist at Acme.\n\nEducation\n\n"
        "- Ph.D. in Statistics, Hill University, 2015\n\n"
        "Interests: networked systems, robot learning\n"
    )
    found = facts(cv)
    assert of_kind(found, "headline")[0].text == "I am Jane Doe, a data scientist at Acme."
    assert [f.text for f in of_kind(found, "interests")] == [
        "Interests: networked systems, robot learning"
    ]


def test_an_introduction_with_a_dash_and_a_role_is_a_headline() -> None:
    about = "About Me\n\nHi, I’m Jane Doe — a software engineer and writer. I love tea.\n"
    assert of_kind(facts(about), "headline")[0].text == (
        "Hi, I’m Jane Doe — a software engineer and writer."
    )


def test_a_university_systems_campus_after_a_comma_is_part_of_the_institution() -> None:
    from profilechat.facts import degree_summary

    cv = (
        "Jane Doe\n\nEducation\n\n"
        "University of California, Los Angeles\nM.S. in Computer Science\nJan 2018 - Jun 2019\n\n"
        "University of Michigan, Computer Science, B.S., 2016\n"
    )
    master, bachelor = of_kind(facts(cv), "education")
    assert master.fields["institution"] == "University of California, Los Angeles"
    assert "University of California, Los Angeles" in degree_summary(master)
    # a field of study after the comma is no campus
    assert bachelor.fields["institution"] == "University of Michigan"
    # "Institution" is not "Institut": a prize named after a society is no place of study
    prize = "m.eng. in engineering · 2014 – 2018\nAwarded the Institution of Engineering Prize.\n"
    (engineering,) = of_kind(facts(f"Jane Doe\n\nEducation\n\n{prize}"), "education")
    assert "institution" not in engineering.fields
    bio = "Jane Doe\n\nShe received her Ph.D. from the University of Wisconsin, Madison in 2015.\n"
    (degree,) = of_kind(facts(bio), "education")
    assert degree.fields["institution"] == "University of Wisconsin, Madison"


def test_a_jobs_role_under_its_dated_line_is_part_of_its_title() -> None:
    cv = (
        "Jane Doe\n\nExperience\n\n"
        "acme research · November 2022 – Present\nSenior Researcher\n"
        "Generative models for protein dynamics, from formulation to evaluation.\n"
        "hill labs · February 2022 – May 2022\nResearch Scientist Intern\n"
    )
    found = facts(cv)
    assert [f.text for f in of_kind(found, "position")] == [
        "acme research · November 2022 – Present — Senior Researcher"
    ]
    assert [f.text for f in of_kind(found, "experience")] == [
        "hill labs · February 2022 – May 2022 — Research Scientist Intern"
    ]


def test_degrees_listed_above_their_institutions_with_abbreviations() -> None:
    from profilechat.facts import degree_summary

    cv = (
        "Jane Doe\n\nEducation\n"
        "• Doctor of Philosophy (Ph.D.) student in Texts and Technology (In-Progress)\n"
        "• Lakeside University (Orlando, FL)\n"
        "• Professional Writing Certificate, Writing and Rhetoric\n"
        "• Lakeside University (Orlando, FL) 2025\n"
        "• Master of Arts (M.A.) in Education\n"
        "• Hill University (St. Petersburg, FL)\n"
    )
    degrees = of_kind(facts(cv), "education")
    master = next(f for f in degrees if f.fields["degree"].startswith("Master"))
    assert master.fields["institution"] == "Hill University"
    assert degree_summary(master).startswith("Master of Arts (M.A.) in Education, Hill University")


def test_an_engineers_degree_at_a_school_no_pattern_names_is_quoted_whole() -> None:
    from profilechat.facts import degree_summary

    cv = (
        "Jane Doe\n\nEDUCATION\n\n"
        "Engineer’s degree   1999 - 2004\nMathematics and Scientific Modeling.\nESILV - Paris La Défense\n"
    )
    (degree,) = of_kind(facts(cv), "education")
    assert degree.fields["degree"] == "Engineer’s degree"
    summary = degree_summary(degree)
    assert "Mathematics and Scientific Modeling" in summary and "ESILV" in summary


def titles(text: str) -> list[str]:
    return [f.text for f in of_kind(facts(text), "headline") if f.fields.get("form") == "title"]


def test_a_title_line_takes_the_organisation_line_under_it() -> None:
    page = (
        "Jane Doe\n\nLecturer, Department of Economics\n\nHill University\n\nEmail: jane@hill.edu\n"
    )
    assert titles(page) == ["Lecturer, Department of Economics, Hill University"]
    cv = "Jane Doe\nSenior Engineer\nAcme Labs\n+1 555 123 4567 | jane@example.org\n"
    assert titles(cv) == ["Senior Engineer, Acme Labs"]
    # a place under the title, or a title that names its employer, stays as it is
    assert titles("Jane Doe\nSenior Engineer\nBerlin, Germany\n") == ["Senior Engineer"]
    assert titles("Jane Doe\nEngineer at Acme\nHill University\n") == ["Engineer at Acme"]


def test_a_sentence_inside_a_paragraph_or_a_dated_entry_is_no_title() -> None:
    story = "Jane Doe\n\nI started as a developer. Over time the job grew into leading teams.\n"
    assert titles(story) == []
    assert titles("Jane Doe\n\nYes! I moved from physics to chemistry after years of work.\n") == []
    timeline = (
        "Jane Doe\n\n2020 – 2027: Fellow, Bird Institute, migration group. Go to BIRDS for more.\n"
    )
    assert titles(timeline) == []
    # a paragraph's lead phrase still is one when nothing else says who she is
    lead = "Jane Doe\n\nSoftware Engineer with ten years of experience. Currently at Acme.\n"
    assert titles(lead) == ["Software Engineer with ten years of experience."]


def test_a_bio_sections_heading_is_no_title() -> None:
    page = "Talks\n\n1. A talk on caching\n\nSpeaker Bio\n\nJane Doe is an engineer at Acme.\n"
    assert "Speaker Bio" not in titles(page)
    assert of_kind(facts(page), "headline")[0].text == "Jane Doe is an engineer at Acme."


def test_interests_under_a_hobbies_heading_are_pastimes() -> None:
    cv = "Jane Doe\nEngineer\n\nInterests/hobbies\n\nHiking, cooking and chess.\n"
    (hobby,) = of_kind(facts(cv), "interests")
    assert hobby.fields == {"leisure": "yes"}
    research = "Jane Doe\nEngineer\n\nResearch Interests\n\nProgram synthesis\n"
    assert [f.fields for f in of_kind(facts(research), "interests")] == [{}]
