"""Stage "structure": sections with kinds, entries with dates, chunks that follow entries."""

from __future__ import annotations

import pytest

from profilechat.chunking import chunk_document
from profilechat.structure import (
    Dates,
    document_sections,
    heading_title,
    names_section_kind,
    parse_dates,
    read_heading,
    section_kind,
)
from profilechat.types import Document

CV = """Jane Doe
jane@example.org

I am an associate professor of hydrology at Lakeside University.

EDUCATION

Hill University, Department of Earth Sciences

Ph.D. in Hydrology, Sep 2010 — May 2015

Advisor: Mary Major

B.Sc. in Physics, 2006 - 2010

Research Experience
Lakeside University — Associate Professor          2019 – present
• Leads the river dynamics group
• Teaches fluid mechanics
Acme Water Ltd. — Research Scientist               2015 – 2019
• Built flood forecasting models

PUBLICATIONS
Floods in small catchments. J. Doe, M. Major. Water Research, 2021.
Sediment and rivers. J. Doe. Journal of Hydrology, 2019.

Honors & Awards
- 2020 Early Career Award, Society of Hydrology
- 2014 Best Student Paper
"""


def document(text: str = CV, headings: tuple[int, ...] = ()) -> Document:
    return Document("jane.txt", text, "0" * 64, person="Jane Doe", headings=headings)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("EDUCATION", "education"),
        ("Research Interests", "interests"),
        ("Selected Recent Publications", "publications"),
        ("Honors & Awards", "awards"),
        ("Professional Experience", "experience"),
        ("Research Experience", "experience"),
        ("Talks and Tutorials", "talks"),
        ("Teaching", "teaching"),
        ("Students and Mentoring", "students"),
        ("Contact", "contact"),
        ("Technical Skills", "skills"),
        ("Open Source Contributions", "projects"),
        ("EDITED COLLECTIONS", "publications"),
        ("Conference Extended Abstracts and Workshops", "publications"),
        ("Posters", "talks"),
        ("My favourite recipes and other things I cook at home", "other"),
        ("Lakeside University", "other"),
    ],
)
def test_section_kinds_from_general_cv_vocabulary(heading: str, kind: str) -> None:
    assert section_kind(heading) == kind


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("Ph.D. in Hydrology, Sep 2010 — May 2015", Dates(2010, 2015)),
        ("2019 – present", Dates(2019, None, True)),
        ("May 2024 - now: Senior Engineer", Dates(2024, None, True)),
        ("Since 2021, I lead the group.", Dates(2021, None, True)),
        ("Water Research, 2021.", Dates(2021, 2021)),
        ("Room 2301, 5 rivers", Dates()),
        # a hyphen between two years is a range, not a number's sign
        ("PhD, Cognitive Science and Language program (2018-2021)", Dates(2018, 2021)),
        ("BA. Spanish Language, University of Barcelona (2012-2016)", Dates(2012, 2016)),
        # a month written as a number before the year, as many European CVs write dates
        ("09/2019 - 06/2023", Dates(2019, 2023)),
        ("Software Engineer, 3/2018 – present", Dates(2018, None, True)),
        ("12.2019 – 05.2021", Dates(2019, 2021)),
        # but a year inside an identifier or a link is no date
        ("https://doi.org/10.1101/2021.04.21.440797", Dates()),
        ("https://example.org/2021/05/post", Dates()),
    ],
)
def test_dates(text: str, dates: Dates) -> None:
    assert parse_dates(text) == dates


def test_sections_and_entries_of_a_cv() -> None:
    sections = document_sections(document())
    assert [(s.title, s.kind) for s in sections] == [
        ("", "about"),
        ("EDUCATION", "education"),
        ("Research Experience", "experience"),
        ("PUBLICATIONS", "publications"),
        ("Honors & Awards", "awards"),
    ]
    education = sections[1].entries
    assert [(e.title, e.dates.label(), e.context) for e in education] == [
        ("Hill University, Department of Earth Sciences", "", ""),
        (
            "Ph.D. in Hydrology, Sep 2010 — May 2015",
            "2010–2015",
            "Hill University, Department of Earth Sciences",
        ),
        (
            "B.Sc. in Physics, 2006 - 2010",
            "2006–2010",
            "Hill University, Department of Earth Sciences",
        ),
    ]
    assert len(education[1].lines) == 2  # the advisor line belongs to the PhD
    experience = sections[2].entries
    assert [e.dates.label() for e in experience] == ["2019–present", "2015–2019"]
    assert [len(e.lines) for e in experience] == [3, 2]  # bullets stay with their entry
    assert [e.dates.label() for e in sections[3].entries] == ["2021", "2019"]
    assert [e.title[:10] for e in sections[4].entries] == ["2020 Early", "2014 Best "]


def test_headings_marked_by_the_markup_are_sections_whatever_their_words() -> None:
    text = "Jane Doe\n\nWhere I Have Been\n\nAcme, 2019 - 2021\n"
    offset = text.index("Where")
    titles = [s.title for s in document_sections(document(text, headings=(offset,)))]
    assert titles == ["", "Where I Have Been"]


def test_chunks_keep_whole_entries_and_cover_the_text() -> None:
    doc = document()
    chunks = chunk_document(doc, chunk_size=200, chunk_overlap=20)
    experience = [c for c in chunks if c.kind == "experience"]
    assert any(
        "Associate Professor" in c.text and "Teaches fluid mechanics" in c.text for c in experience
    )
    assert any("Acme Water" in c.text and "flood forecasting" in c.text for c in experience)
    covered = {i for c in chunks for i in range(c.start, c.end)}
    assert all(i in covered for i, ch in enumerate(doc.text) if not ch.isspace())


# A CV as PDF readers give it: headings in a left column joined to the first line of their
# section by the cell separator, words of a spaced-capitals heading run together, and entry
# titles that are short title-case lines using section words ("Research Intern").
PDF_CV = """Jane Doe
jane@example.org

Education · Hill University
Ph.D. in Hydrology, 2010 – 2015

Experience · Lakeside University · Lakeside, WA
Associate Professor · 2019 – present
Research Scientist Intern
Acme Water Ltd. · 2014
Teaching Assistant, Hill University
2012 – 2013

RESEARCHPAPERS
Floods in small catchments. J. Doe, M. Major. Water Research, 2021.
Sediment and rivers. J. Doe. Journal of Hydrology, 2019.

Awards and Honors
2020 Early Career Award
"""


def test_pdf_cv_headings_are_found() -> None:
    sections = document_sections(document(PDF_CV))
    assert [(s.title, s.kind) for s in sections] == [
        ("", "about"),
        ("Education", "education"),
        ("Experience", "experience"),
        ("RESEARCH PAPERS", "publications"),
        ("Awards and Honors", "awards"),
    ]
    education, experience = sections[1], sections[2]
    assert PDF_CV[education.body_start :].startswith("Hill University")
    assert education.entries[0].title == "Hill University"
    assert [e.title for e in experience.entries][-2:] == [
        "Research Scientist Intern",
        "Teaching Assistant, Hill University",
    ]
    assert len(sections[3].entries) == 2


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("## Research interests", "Research interests"),
        ("EDUCATION", "EDUCATION"),
        ("PUBLICATIONS ([Google Scholar](#))", "PUBLICATIONS"),
        ("Talks and Tutorials", "Talks and Tutorials"),
        ("Publications:", "Publications"),
        ("AWARDSANDSCHOLARSHIPS", "AWARDS AND SCHOLARSHIPS"),
        ("Mentorship and Volunteering", "Mentorship and Volunteering"),
        ("I am a Senior Systems Research Engineer at Google.", None),
        ("Jane Doe", None),
        ("Research Scientist Intern", None),
        ("Research Assistant (PL/Compiler)", None),
        ("Research Scholar · Fall 2023 – Fall 2024", None),
        ("Selected Projects & Contributions", "Selected Projects & Contributions"),
        ("Summer Research Experience for Undergraduates", None),
        ("EMNLP Volunteering · November 2025", None),
        ("Cornell University · Ithaca, NY", None),
        ("ICML · 2023", None),
    ],
)
def test_one_heading_detector(line: str, title: str | None) -> None:
    assert heading_title(line, person="Jane Doe") == title


def test_list_items_are_split_by_their_bullets_and_numbers() -> None:
    text = (
        "Jane Doe\n\nPublications\n\nAsterisks denote equal contribution.\n"
        "1. J. Doe*, A. Roe*. Floods in small catchments. Water Research, 2021.\n"
        "2. J. Doe. Sediment and rivers. Journal of Hydrology, 2019.\n"
        "3. J. Doe, A. Roe, B. Lee, C. Poe, D. Kim, E. Fox, F. Ray, G. Hill, H.\n\n"
        "Moss. Rain over a page break. Hill Letters, 2018.\n"
        "4. J. Doe. Snow. Hill Letters, 2017.\n\n"
        "Selected Papers\n\n"
        "• Rain on Hills: A Study\nJ. Doe and B. Lee\nProceedings of the 2020 Rain Workshop\n"
        "Acceptance rate: 20% (10 of 50), Oct 2020\n[PDF]\n"
        "• Snow in Valleys\nJ. Doe\nProceedings of the Snow Symposium\n(SNOW'18) Oslo, Jan 2018\n"
        "[PDF][Slides]\n\n"
        "Awards\n\n"
        "Course Staff Award (Nominee)\nLakeside University · December 2024\n"
        "• Nominated by the faculty for excellent teaching.\n"
    )
    sections = document_sections(document(text))
    assert [s.title for s in sections] == ["", "Publications", "Selected Papers", "Awards"]
    papers = [e.title for e in sections[1].entries]
    assert papers[1:3] == [
        "J. Doe*, A. Roe*. Floods in small catchments. Water Research, 2021.",
        "J. Doe. Sediment and rivers. Journal of Hydrology, 2019.",
    ]
    # an item broken by a page break runs on to its dates; the next number is the next item
    assert [(e.dates.label(), len(e.lines)) for e in sections[1].entries[3:]] == [
        ("2018", 2),
        ("2017", 1),
    ]
    selected = sections[2].entries
    assert [(e.title, e.dates.label(), len(e.lines)) for e in selected] == [
        ("Rain on Hills: A Study", "2020", 5),
        ("Snow in Valleys", "2018", 5),
    ]
    assert [len(e.lines) for e in sections[3].entries] == [3]


@pytest.mark.parametrize(
    ("line", "title", "body"),
    [
        ("EXPERIENCE Software Engineer, Acme Corp, 2019 – 2021", "EXPERIENCE", "Software Engineer"),
        ("PUBLICATIONS Lee, A. and Doe, J. Rain. Hill Letters, 2020.", "PUBLICATIONS", "Lee, A."),
        ("WORK EXPERIENCE Acme Corp · Berlin", "WORK EXPERIENCE", "Acme Corp"),
        ("AI Research Scientist, Acme, 2019", None, ""),
        ("NASA Ames Research Center, 2019", None, ""),
        ("EDUCATION AND TRAINING", "EDUCATION AND TRAINING", ""),
    ],
)
def test_a_section_heading_in_capitals_run_into_its_first_entry(
    line: str, title: str | None, body: str
) -> None:
    heading = read_heading(line, person="Jane Doe")
    assert (heading.title if heading else None) == title
    if heading is not None and body:
        assert line[heading.body :].startswith(body)


def test_a_jobs_role_line_and_description_belong_to_its_dated_line() -> None:
    text = (
        "Jane Doe\n\nExperience\n\n"
        "acme research cambridge · November 2022 – November 2024\n"
        "Senior Researcher\n\n"
        "Generative models for protein dynamics, from formulation to evaluation at scale.\n"
        "hill labs · February 2022 – May 2022\n"
        "Research Scientist Intern\n"
        "Molecular simulation with deep learning under Dr. Ann Roe.\n"
        "Software Engineering Intern (Jun 2017 - Sep 2017)\n"
        "Google, San Francisco\n\n"
        "Research Assistant (Jan 2016 - Jun 2016)\n"
        "Beta Corp\n"
        "Engineer · 2014 – 2015\n"
    )
    (experience,) = [s for s in document_sections(document(text)) if s.kind == "experience"]
    lines = [[text[s:e] for s, e in entry.lines] for entry in experience.entries]
    assert lines == [
        [
            "acme research cambridge · November 2022 – November 2024",
            "Senior Researcher",
            "Generative models for protein dynamics, from formulation to evaluation at scale.",
        ],
        [
            "hill labs · February 2022 – May 2022",
            "Research Scientist Intern",
            "Molecular simulation with deep learning under Dr. Ann Roe.",
        ],
        ["Software Engineering Intern (Jun 2017 - Sep 2017)", "Google, San Francisco"],
        ["Research Assistant (Jan 2016 - Jun 2016)"],
        ["Beta Corp", "Engineer · 2014 – 2015"],
    ]


def _entry_lines(text: str, kind: str = "experience") -> list[list[str]]:
    (section,) = [s for s in document_sections(document(text)) if s.kind == kind]
    return [[text[s:e] for s, e in entry.lines] for entry in section.entries]


def test_a_column_of_dates_before_each_job_starts_each_entry() -> None:
    # dates set above each job, a blank line between them and its title: the dates belong to
    # the job below them, not to the one above
    text = (
        "Jane Doe\n\nExperience\n\n2019–2024\n\nStaff Engineer\nAcme Corp\n"
        "Leads the storage team.\n\n• Designed the cache layer.\n\n2015–2019\n\n"
        "Software Engineer\nBeta Labs\nBuilt the billing service.\n"
    )
    assert _entry_lines(text) == [
        [
            "2019–2024",
            "Staff Engineer",
            "Acme Corp",
            "Leads the storage team.",
            "• Designed the cache layer.",
        ],
        ["2015–2019", "Software Engineer", "Beta Labs", "Built the billing service."],
    ]


def test_dates_leading_each_job_line_keep_its_wrapped_description() -> None:
    # a plain-text résumé: "YEARS  EMPLOYER, Title" lines, each over a description wrapped
    # at a fixed width, whose first line is capitalised and ends mid-sentence
    text = (
        "Jane Doe\n\nEXPERIENCE\n\n2020-2023    ACME CORP, Staff Engineer ------- Oslo\n"
        "     Led the design of the storage layer and the migration of every service\n"
        "     to it. Mentored four engineers.\n\n2016-2020    BETA LABS, Engineer ------- Bergen\n"
        "     Built the billing service used by the whole company.\n"
    )
    assert _entry_lines(text) == [
        [
            "2020-2023    ACME CORP, Staff Engineer ------- Oslo",
            "Led the design of the storage layer and the migration of every service",
            "to it. Mentored four engineers.",
        ],
        [
            "2016-2020    BETA LABS, Engineer ------- Bergen",
            "Built the billing service used by the whole company.",
        ],
    ]


def test_a_long_employer_line_under_a_dated_title_belongs_to_it() -> None:
    # "Title dates" over an employer line too long for a role line, then bullets
    text = (
        "Jane Doe\n\nEXPERIENCE\n\nProgram Assistant Jan 2022 – May 2022\n"
        "Office of Graduate Studies in Marine Science, Hill University, Springfield, OR\n"
        "· Wrote the program's newsletter\nIntern Jun 2021 – Aug 2021\n"
        "Gamma Partners, Portland, OR\n· Kept the client database\n"
    )
    assert _entry_lines(text) == [
        [
            "Program Assistant Jan 2022 – May 2022",
            "Office of Graduate Studies in Marine Science, Hill University, Springfield, OR",
            "· Wrote the program's newsletter",
        ],
        [
            "Intern Jun 2021 – Aug 2021",
            "Gamma Partners, Portland, OR",
            "· Kept the client database",
        ],
    ]


def test_a_paragraph_set_apart_under_a_jobs_heading_describes_it() -> None:
    # PDF readers leave a blank line between a job's heading lines and its description, whose
    # lines are wrapped mid-sentence; a name set apart heads the next item
    text = (
        "Jane Doe\n\nExperience\n\nAcme Corp · Oslo\nEngineer · 2019 – 2021\n\n"
        "Built the storage layer for the search team. Ran its on-call rota and\n"
        "the migration of every payment service to the new cloud.\n"
        "Beta Corp · Bergen\nIntern · 2018\n\n"
        "Graduate Center of the Lakeside University of Springfield\n\n• Researcher, 2016-2017\n"
    )
    assert _entry_lines(text) == [
        [
            "Acme Corp · Oslo",
            "Engineer · 2019 – 2021",
            "Built the storage layer for the search team. Ran its on-call rota and",
            "the migration of every payment service to the new cloud.",
        ],
        ["Beta Corp · Bergen", "Intern · 2018"],
        ["Graduate Center of the Lakeside University of Springfield", "• Researcher, 2016-2017"],
    ]


def test_an_employer_over_a_dated_role_after_a_paragraph_starts_a_job() -> None:
    text = (
        "Jane Doe\n\nExperience\nI have built storage systems at startups and large firms "
        "for ten years.\nBeta Corp · Bergen\nEngineer · 2014 – 2016\n"
    )
    assert _entry_lines(text) == [
        ["I have built storage systems at startups and large firms for ten years."],
        ["Beta Corp · Bergen", "Engineer · 2014 – 2016"],
    ]


def test_a_publication_sub_list_in_a_left_column_is_a_publications_section() -> None:
    text = (
        "Jane Doe\n\nExperience · Engineer, Acme (2019 - 2021)\n\n"
        "Conferences · Jane Doe and Bo Li. Rain. In ICML, 2023.\n\n"
        "Ann Roe and Jane Doe. Snow. In NeurIPS, 2022.\n\n"
        "Workshops · Jane Doe. Hail. In a Workshop at ICLR, 2021.\n"
    )
    sections = document_sections(document(text))
    assert [(s.title, s.kind, len(s.entries)) for s in sections][1:] == [
        ("Experience", "experience", 1),
        ("Conferences", "publications", 2),
        ("Workshops", "publications", 1),
    ]


def test_a_year_abbreviated_after_a_month_is_a_date() -> None:
    assert parse_dates("Kernel engineer · Jul ’14 – Nov ’15") == Dates(2014, 2015, False)
    assert parse_dates("Engineer, Acme · Sep '19 – present") == Dates(2019, None, True)
    assert parse_dates("Rock 'n' roll '99 tour") == Dates()  # no month: no date


def test_a_range_left_open_after_its_dash_runs_to_the_present() -> None:
    assert parse_dates("2024- CROWDSTRIKE Senior SE ----- Somerville MA") == Dates(2024, None, True)
    assert parse_dates("2023– · Associate Professor, FIT, KNU") == Dates(2023, None, True)
    assert parse_dates("2016-2018 CINCH FINANCIAL, Principal SE") == Dates(2016, 2018, False)
    assert parse_dates("2019 – Jan 2021: Engineer") == Dates(2019, 2021, False)


def test_headings_of_resumes_in_german_french_and_spanish_have_their_kinds() -> None:
    assert section_kind("Berufserfahrung") == "experience"
    assert section_kind("Bildung") == "education"
    assert section_kind("Expérience professionnelle") == "experience"
    assert section_kind("Formación") == "education"
    assert section_kind("Technische Fähigkeiten") == "skills"


def test_a_card_title_using_a_section_word_does_not_name_a_section() -> None:
    assert names_section_kind("Work History") and names_section_kind("EXPERIENCE")
    assert not names_section_kind("Senior Experience Designer")
    assert not names_section_kind("Adobe Systems")


def test_an_emoji_before_a_heading_is_decoration() -> None:
    assert heading_title("🎓 Образование") == "Образование"
    assert section_kind("🎓 Образование") == "education"
    assert heading_title("🔧 What I'm building right now") is None


def test_a_block_with_one_dated_line_is_one_entry_whatever_its_order() -> None:
    # Cards on homepages and some CVs put the degree first, the dates in the middle and the
    # university after them; blank lines separate the entries.
    text = (
        "Education\n\nMaster's Degree\nRobotics\n2012 - 2014\nETH Zurich, Switzerland\n"
        "Thesis: Walking machines.\n\nBachelor's Degree\nPhysics\n2008 - 2012\n"
        "Lakeside University, Canada\n"
    )
    entries = document_sections(document(text, headings=(0,)))[0].entries
    assert [(e.title, e.dates.label(), len(e.lines)) for e in entries] == [
        ("Master's Degree", "2012–2014", 5),
        ("Bachelor's Degree", "2008–2012", 4),
    ]
