from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from profilechat.chunking import chunk_document
from profilechat.structure import document_sections
from profilechat.text import unit_spans
from profilechat.types import Document

from .conftest import SHIPPED_CORPUS


def _doc(text: str, person: str = "Jane Doe") -> Document:
    return Document(source="jane.md", text=text, content_hash="x", person=person)


def _covered(text: str, chunks) -> set[int]:
    covered: set[int] = set()
    for chunk in chunks:
        covered.update(range(chunk.start, chunk.end))
    return covered


def test_shipped_profiles_are_split_by_section() -> None:
    text = (SHIPPED_CORPUS / "002_682bc478652e0be9.txt").read_text()
    titles = [s.title for s in document_sections(_doc(text, "Zhipeng Jia"))]
    assert titles[1:] == [
        "INTRODUCTION",
        "EDUCATION",
        "FULL-TIME EXPERIENCE",
        "PUBLICATIONS",
        "HONORS & AWARDS",
        "INTERNSHIP EXPERIENCE",
    ]
    chunks = chunk_document(_doc(text, "Zhipeng Jia"), 700, 100)
    education = [c for c in chunks if c.section == "EDUCATION"]
    assert education and all("Austin" in c.text or "Tsinghua" in c.text for c in education)


def test_chunks_record_person_source_section_and_span() -> None:
    text = "# Jane Doe\n\n## Education\n\nPhD in Physics, MIT.\n\n## Work\n\nEngineer at Acme.\n"
    chunks = chunk_document(_doc(text), 700, 100)
    assert [(c.section, c.person, c.source) for c in chunks] == [
        ("Jane Doe", "Jane Doe", "jane.md"),
        ("Education", "Jane Doe", "jane.md"),
        ("Work", "Jane Doe", "jane.md"),
    ]
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
    work = next(c for c in chunks if "Acme" in c.text)
    assert work.embedding_text().startswith("Jane Doe — Work\n")


_paragraph = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from("\n\n ."),
    min_size=0,
    max_size=400,
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(_paragraph, st.sampled_from(["EDUCATION", "## Work", "News"])), max_size=12),
    st.integers(min_value=50, max_value=400),
)
def test_no_text_is_lost_between_chunks(parts: list[str], size: int) -> None:
    text = "\n".join(parts)
    chunks = chunk_document(_doc(text), size, size // 5)
    covered = _covered(text, chunks)
    missing = [i for i, ch in enumerate(text) if not ch.isspace() and i not in covered]
    assert missing == []
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text


def test_sentence_units_skip_titles_and_split_sentences() -> None:
    text = "EDUCATION\nI obtained my Ph.D. in CS from UT Austin. Before that I studied at Tsinghua.\n- Gold Medal, ICPC"
    units = [text[s:e] for s, e in unit_spans(text)]
    assert units == [
        "I obtained my Ph.D. in CS from UT Austin.",
        "Before that I studied at Tsinghua.",
        "- Gold Medal, ICPC",
    ]


def test_an_abbreviated_month_does_not_end_a_sentence() -> None:
    text = "Research Intern, Acme Labs, Jun. 2019 – Sep. 2021. Built the compiler."
    units = [text[s:e] for s, e in unit_spans(text)]
    assert units == ["Research Intern, Acme Labs, Jun. 2019 – Sep. 2021.", "Built the compiler."]
