"""Contact details, skills and yes/no answers across the conventions profiles are written in:
obfuscated e-mails, bare profile links, labelled handles, icon-font lines, CV-class commands,
README badges; skills as labelled lines, tables, badge rows and "Proficient in" sentences."""

from __future__ import annotations

from pathlib import Path

from profilechat.answer_kinds import _site_named, names_another_place
from profilechat.config import Config
from profilechat.facts import Fact
from profilechat.loaders import load_document
from profilechat.types import Document

from .indexed import indexed_bot
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


_README = """# Lena Okafor

[![LinkedIn](https://img.shields.io/badge/LinkedIn-0077B5?style=for-the-badge&logo=linkedin)](https://www.linkedin.com/in/lenaokafor)
[![GitHub](https://img.shields.io/badge/GitHub-100000?logo=github)](https://github.com/lokafor)

## Tech Stack

![Python](https://img.shields.io/badge/-Python-3776AB?logo=python&logoColor=white)
![](https://img.shields.io/badge/Node.js-43853D?logo=node.js)
![Docker](https://img.shields.io/badge/-Docker-2496ED?logo=docker)

## Tools

<p><img src="https://raw.githubusercontent.com/devicons/devicon/master/icons/git/git-original.svg" alt="git" width="40"/>
<img src="https://cdn.jsdelivr.net/gh/devicons/devicon/icons/figma/figma-original.svg" alt="figma" width="40"/></p>

[![My Skills](https://skillicons.dev/icons?i=go,rust,postgres)](https://skillicons.dev)

"""


def test_readme_badges_read_as_their_labels(tmp_path: Path) -> None:
    doc = _loaded(tmp_path, "README.md", _README)
    lines = doc.text.splitlines()
    assert "LinkedIn · GitHub" in lines
    assert "Python · Node.js · Docker" in lines
    assert "git · figma" in lines
    assert "go · rust · postgres" in lines
    assert contacts(doc.text, links=doc.links)["linkedin"].endswith("linkedin.com/in/lenaokafor")


# ---------------------------------------------------------------------------- answers

_SKILLS_CV = r"""\documentclass{moderncv}
\name{Tomas}{Brandt}
\email{tomas.brandt@kth.se}
\social[github]{tbrandt}
\homepage{tbrandt.dev}
\begin{document}
\makecvtitle
\section{Experience}
\cventry{2020--Present}{Research Engineer}{Ericsson Research}{Stockholm}{}{Radio scheduling.}
\section{Education}
\cventry{2014--2016}{M.Sc. Computer Science}{KTH Royal Institute of Technology}{Stockholm}{}{}
\section{Skills}
\cvitem{Languages}{C++, Python, Rust}
\cvitem{Tools}{Git, Docker, Jenkins, MATLAB}
\end{document}
"""

_BIO = """# Kofi Mensah

I am a data scientist at Kumasi Analytics. Proficient in SQL, Tableau and scikit-learn.

You can reach me at kofi.mensah(at)kumasi-analytics.com or on [LinkedIn](https://www.linkedin.com/in/kofimensah).

[ORCID](https://orcid.org/0000-0002-1825-0097)

## Education

- MSc Statistics, Ohio State University, 2018
"""


def test_contact_answers_give_the_channel_asked(tmp_path: Path, embedder) -> None:
    bot = indexed_bot(
        tmp_path, embedder, {"tomas.tex": _SKILLS_CV, "README.md": _README, "kofi.md": _BIO}
    )
    github = bot.ask("What's Tomas Brandt's GitHub?")
    assert github.found and "github.com/tbrandt" in github.text and "kth.se" not in github.text
    site = bot.ask("Does Tomas Brandt have a website?")
    assert site.found and site.text.count("Yes — ") == 1 and "tbrandt.dev" in site.text
    linkedin = bot.ask("What is Lena Okafor's LinkedIn?")
    assert linkedin.found and "linkedin.com/in/lenaokafor" in linkedin.text
    reach = bot.ask("How can I reach Kofi Mensah?")
    assert reach.found and "kofi.mensah@kumasi-analytics.com" in reach.text
    assert "linkedin.com/in/kofimensah" in reach.text
    orcid = bot.ask("Does Kofi Mensah have an ORCID?")
    assert orcid.found and "orcid.org/0000-0002-1825-0097" in orcid.text
    phone = bot.ask("What is Kofi Mensah's phone number?")
    assert not phone.found


def test_skills_answers_in_their_conventions(tmp_path: Path, embedder) -> None:
    bot = indexed_bot(
        tmp_path, embedder, {"tomas.tex": _SKILLS_CV, "README.md": _README, "kofi.md": _BIO}
    )
    tools = bot.ask("What tools does Tomas Brandt use?")
    assert tools.found and "Jenkins" in tools.text and "Rust" not in tools.text
    languages = bot.ask("What programming languages does Tomas Brandt know?")
    assert languages.found and "Rust" in languages.text and "Jenkins" not in languages.text
    stack = bot.ask("What tech stack does Lena Okafor use?")
    assert stack.found and "Python" in stack.text and "Docker" in stack.text
    docker = bot.ask("Is Lena Okafor familiar with Docker?")
    assert docker.found and "Yes — " in docker.text and "Docker" in docker.text
    rust = bot.ask("Does Lena Okafor know Haskell?")
    assert not rust.found
    proficient = bot.ask("What tools does Kofi Mensah use?")
    assert proficient.found and "Tableau" in proficient.text


def test_a_similarly_named_organisation_is_not_the_one_asked(tmp_path: Path, embedder) -> None:
    bot = indexed_bot(tmp_path, embedder, {"kofi.md": _BIO})
    yes = bot.ask("Did Kofi Mensah study at Ohio State University?")
    assert yes.found and "Ohio State University" in yes.text
    no = bot.ask("Did Kofi Mensah study at Ohio University?")
    assert not no.found and "Ohio University" in no.text


def test_a_bare_handle_an_orcid_id_and_an_unspaced_number() -> None:
    text = (
        "CONTACT\n\njane@uni.edu\n@janedoe\n+33629583939\n\u0208 0000-0002-1307-7889 | u jane.dev"
    )
    assert contacts(text) == {
        "email": "jane@uni.edu",
        "handle": "@janedoe",
        "phone": "+33629583939",
        "orcid": "0000-0002-1307-7889",
    }
    assert contacts("Published in 2019-2020 with 1200-3400 samples.") == {}


def test_a_badge_keeps_its_message(tmp_path: Path) -> None:
    text = "# Italo\n\n[![Threads](https://img.shields.io/badge/Threads-%40italovietro-222222.svg)](https://www.threads.com/@italovietro)\n"
    assert "Threads @italovietro" in _loaded(tmp_path, "README.md", text).text


def test_a_site_named_by_the_question_and_a_bare_handle(tmp_path: Path, embedder) -> None:
    readme = (
        "# Italo Vietro\n\n"
        "[![Threads](https://img.shields.io/badge/Threads-%40italovietro-222222.svg)]"
        "(https://www.threads.com/@italovietro)\n"
        "[![GitHub](https://img.shields.io/badge/GitHub-100000?logo=github)](https://github.com/italo)\n\n"
        "I am an engineering manager in Berlin.\n"
    )
    resume = "YASSINE AZZOUT\nCode Writer\n\nCONTACT\n\nyassine@mail.fr\n@azzouty\n+33629583939\n"
    bot = indexed_bot(tmp_path, embedder, {"README.md": readme, "resume.txt": resume})
    threads = bot.ask("What's Italo Vietro's handle on Threads?")
    assert threads.found and "@italovietro" in threads.text and "github" not in threads.text
    twitter = bot.ask("what's yassine azzout's twitter handle")
    assert twitter.found and "@azzouty" in twitter.text
    phone = bot.ask("What is Yassine Azzout's phone number?")
    assert phone.found and "+33629583939" in phone.text


def test_a_skills_list_of_one_item_lines_is_quoted_as_one_list(tmp_path: Path, embedder) -> None:
    cv = (
        "Andrés Castro\n\nSkills\n\nProgramming\nR\nStan\nPython\nSQL\n\nData Analysis\n"
        "Regression Modeling\nData Visualization\nBayesian Statistics\nMachine Learning\n"
        "Natural Language Processing\n\nEducation\n\nPhD in Sociology, Duke University, 2024\n"
    )
    bot = indexed_bot(tmp_path, embedder, {"cv.txt": cv})
    answer = bot.ask("Which programming languages does Andrés Castro know?")
    assert answer.found and "Programming · R · Stan · Python" in answer.text


def test_a_degree_asked_by_its_abbreviation_is_found_written_out(tmp_path: Path, embedder) -> None:
    cv = (
        "Ann Salt\n\nEducation\n\nDoctor of Communications Design, University of Baltimore (2010)\n"
        "Master of Fine Arts in Children's Literature, Hollins University (2011)\n"
        "B.A., Digital Narrative Studies, University of Virginia (2005)\n\n"
        "Service\n\nCommittee, Daniel McSwain, Digital Media MFA.\n"
    )
    bot = indexed_bot(tmp_path, embedder, {"cv.txt": cv})
    mfa = bot.ask("Does Ann Salt have an MFA?")
    assert mfa.found and "Hollins University" in mfa.text and "McSwain" not in mfa.text
    mba = bot.ask("Does Ann Salt have an MBA?")
    assert not mba.found


def test_names_in_a_coordination_are_not_another_organisation() -> None:
    assert names_another_place("Ohio University", "MSc, Ohio State University, 2018")
    assert not names_another_place("Microsoft Excel", "Certified in Microsoft Word and Excel")
    assert not names_another_place("Ohio State University", "MSc, Ohio State University")


def test_a_name_cut_at_an_accent_names_no_site() -> None:
    fact = Fact("contact", "Webpage · https://andirko.eu", "cv.pdf", 0, 28)
    fact = Fact(
        fact.kind, fact.text, fact.source, 0, 28, {"type": "website", "value": "https://andirko.eu"}
    )
    assert not _site_named("What's Alejandro Andirkó's blog?", "Alejandro M. Andirko", fact)
    assert _site_named(
        "Where are his slides on Speaker Deck?",
        "Al Vee",
        Fact(
            "contact", "x", "s", -1, -1, {"type": "website", "value": "https://speakerdeck.com/al"}
        ),
    )
