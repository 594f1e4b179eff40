"""Document titles as the Sources panel, the Documents tab and `profilechat documents` show
them: metadata first, then the heading the document opens with, never just the person's name."""

from __future__ import annotations

from profilechat.config import Config
from profilechat.document_view import document_rows, document_titles
from profilechat.indexing import update_index
from profilechat.store import IndexStore
from profilechat.types import Source
from profilechat.web import answer_html, citation

from .fakes import HashEmbedder


def _store(config: Config, files: dict[str, str]) -> IndexStore:
    for name, text in files.items():
        (config.corpus_dir / name).write_text(text, encoding="utf-8")
    update_index(config, HashEmbedder())
    return IndexStore.load(config.index_dir)


def test_titles_come_from_metadata_then_the_opening_heading(fake_config: Config) -> None:
    store = _store(
        fake_config,
        {
            "ana.md": "# Curriculum Vitae\n\nAna Lima is a geologist at Petrobras in Rio.\n",
            "bob.md": "---\ntitle: Bob Stone's homepage\n---\n# Bob Stone\n\nBob builds compilers.\n",
            "cy.md": "# Cy Young\n\nCy Young is a pitcher in Boston.\n",
            "dee.txt": "Dee Park teaches history at a school in Seoul.\n",
        },
    )
    assert document_titles(store) == {
        "ana.md": "Curriculum Vitae",
        "bob.md": "Bob Stone's homepage",
    }
    labels = [row.label() for row in document_rows(store)]
    assert labels == [
        "Ana Lima — Curriculum Vitae (ana.md)",
        "Bob Stone — Bob Stone's homepage (bob.md)",
        "Cy Young — cy.md",
        "Dee Park — dee.txt",
    ]


def test_a_citation_names_person_title_file_and_section() -> None:
    source = Source(2, "Ana Lima", "ana.md", "Education", "Ana studied in Rio.", 0.5)
    assert citation(source, "Curriculum Vitae") == (
        "[2] Ana Lima — Curriculum Vitae (ana.md) · Education"
    )
    named = Source(1, "Ana Lima", "ana.md", "Ana Lima", "Ana Lima is a geologist.", 0.5)
    assert citation(named) == "[1] Ana Lima — ana.md"  # a section that is only her name


def test_only_markers_of_shown_sources_become_links() -> None:
    shown = answer_html("Ana & Bob [1] [3]", ["[1] Ana Lima — ana.md"], {1})
    assert shown == (
        'Ana &amp; Bob <a class="pc-cite" href="#pc-source-1" data-source="1" '
        'title="Show source 1">[1]</a> [3]<br><br><span class="pc-cites">[1] Ana Lima — ana.md'
        "</span>"
    )
