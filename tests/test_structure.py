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
