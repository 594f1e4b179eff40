"""Contact details, skills and yes/no answers across the conventions profiles are written in:
obfuscated e-mails, bare profile links, labelled handles, icon-font lines, CV-class commands,
README badges; skills as labelled lines, tables, badge rows and "Proficient in" sentences."""

from __future__ import annotations

from pathlib import Path

from profilechat.config import Config
from profilechat.facts import Fact
from profilechat.loaders import load_document
from profilechat.types import Document

from .test_facts import facts, of_kind


def contacts(text: str, links: tuple[str, ...] = ()) -> dict[str, str]:
    found: list[Fact] = of_kind(facts(text, links=links), "contact")
    return {f.fields["type"]: f.fields["value"] for f in found}


def test_obfuscated_emails_in_their_usual_spellings() -> None:
    assert contacts("You can reach me at kofi.mensah(at)kumasi-analytics.com or by phone.") == {
        "email": "kofi.mensah@kumasi-analytics.com"
    }
    assert contacts("Contact: sam dot whitfield at lakeshore dot edu") == {
        "email": "sam.whitfield@lakeshore.edu"
    }
    assert contacts("Email: li.wei {at} cs.tsinghua.edu.cn") == {
        "email": "li.wei@cs.tsinghua.edu.cn"
    }
    assert contacts("ana AT inf DOT ufrgs DOT br") == {"email": "ana@inf.ufrgs.br"}


def test_an_at_in_a_sentence_is_no_email() -> None:
    assert contacts("I work at Google. My team sits at the edge of the campus.") == {}
    assert contacts("She was a postdoc at Inria Paris and at ETH Zurich.") == {}


def test_profile_links_written_without_a_scheme() -> None:
    line = "ines@unam.mx | github.com/icastillo | linkedin.com/in/inescastillo | orcid.org/0000-0002-1825-0097"
    assert contacts(line) == {
        "email": "ines@unam.mx",
        "github": "github.com/icastillo",
        "linkedin": "linkedin.com/in/inescastillo",
        "orcid": "orcid.org/0000-0002-1825-0097",
    }


def test_labelled_handles_and_websites() -> None:
    text = "Jane Doe\nWebsite: janedoe.dev\nGitHub: jdoe42\nLinkedIn: jane-doe\nTwitter: @jdoe\n"
    assert contacts(text) == {
        "website": "janedoe.dev",
        "github": "jdoe42",
        "linkedin": "jane-doe",
        "twitter": "@jdoe",
    }


def _loaded(tmp_path: Path, name: str, text: str) -> Document:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return load_document(tmp_path / name, tmp_path, Config(corpus_dir=tmp_path))


_MODERNCV = r"""\documentclass{moderncv}
\name{Tomas}{Brandt}
\email{tomas.brandt@kth.se}
\phone[mobile]{+46 70 123 4567}
\social[github]{tbrandt}
\social[linkedin]{tomasbrandt}
\homepage{tbrandt.dev}
\begin{document}
\makecvtitle
\section{Skills}
\cvitem{Languages}{C++, Python, Rust}
\end{document}
"""

_AWESOME_CV = r"""\documentclass{awesome-cv}
\name{Ana}{Lima}
\mobile{+55 51 99999 0000}
\email{ana@lima.dev}
\github{analima}
\linkedin{ana-lima}
\orcid{0000-0001-2345-6789}
\begin{document}
\makecvheader
\end{document}
"""


def test_cv_class_commands_give_their_sites(tmp_path: Path) -> None:
    doc = _loaded(tmp_path, "tomas.tex", _MODERNCV)
    assert "+46 70 123 4567" in doc.text
    found = {
        f.fields["type"]: f.fields["value"]
        for f in of_kind(facts(doc.text, links=doc.links), "contact")
    }
    assert found["github"].endswith("github.com/tbrandt")
    assert found["linkedin"].endswith("linkedin.com/in/tomasbrandt")
    assert found["website"].endswith("tbrandt.dev")
    assert found["phone"] == "+46 70 123 4567"
    doc = _loaded(tmp_path, "ana.tex", _AWESOME_CV)
    found = {
        f.fields["type"]: f.fields["value"]
        for f in of_kind(facts(doc.text, links=doc.links), "contact")
    }
    assert found["github"].endswith("github.com/analima")
    assert found["linkedin"].endswith("linkedin.com/in/ana-lima")
    assert found["orcid"].endswith("orcid.org/0000-0001-2345-6789")


def test_icon_font_glyphs_say_what_a_handle_is(tmp_path: Path) -> None:
    # Font Awesome glyphs as PDF text extraction gives them (private-use code points).
    line = "\uf0e0 jane@uni.edu \uf095 +1 617 555 0101 \uf09b jdoe42 \uf08c jane-doe \uf0ac janedoe.dev"
    doc = _loaded(tmp_path, "jane.txt", f"Jane Doe\n{line}\n")
    assert contacts(doc.text) == {
        "email": "jane@uni.edu",
        "phone": "+1 617 555 0101",
        "github": "jdoe42",
        "linkedin": "jane-doe",
        "website": "janedoe.dev",
    }
