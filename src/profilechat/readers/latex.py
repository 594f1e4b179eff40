"""LaTeX → marked text with pylatexenc: what the typeset page says, without the markup.

Sectioning commands become heading lines, `\\item` list items, tabular rows one line each with
the cells joined. Commands a document defines itself (`\\newcommand`) are expanded first, since
CV templates build every entry from them; commands nobody defined here (a CV class's
`\\cventry{…}{…}`) keep their text arguments, joined like table cells.
"""

from __future__ import annotations

import functools
import re
from functools import cache
from typing import Any

from profilechat.readers.clean import CELL, HEADING, Extracted, finish, unmark

# Sectioning commands of LaTeX and of CV classes (\cvsection, \sectionTitle, …): any command
# whose name contains one of these words is a heading.
_SECTION_WORDS = ("section", "chapter", "part", "paragraph", "heading")
# Commands that hold the person's details in a CV class's preamble (moderncv, Awesome-CV, …);
# everything else in a preamble is page setup.
_PREAMBLE_DETAILS = frozenset(
    "name firstname familyname lastname author title subtitle position address email phone "
    "mobile homepage website social github linkedin orcid twitter quote extrainfo".split()
)
# Environments that are comments, not text.
_COMMENT_ENVIRONMENTS = ("comment", "iffalse")
# Commands whose arguments are settings, file names or references, never text.
_SETTING_COMMANDS = (
    "documentclass usepackage RequirePackage input include includeonly includegraphics "
    "bibliography bibliographystyle addbibresource label ref eqref pageref cite nocite "
    "setlength addtolength setcounter addtocounter vspace hspace vskip hskip color "
    "pagecolor definecolor colorlet fontsize fontspec setmainfont setsansfont "
    "geometry hypersetup pagestyle thispagestyle titleformat titlespacing "
    "newcommand renewcommand providecommand newenvironment renewenvironment def "
    "setlist pdfbookmark phantomsection moderncvstyle moderncvcolor photo maketitle"
).split()
_MAX_EXPANSION_PASSES = 20
_MAX_EXPANDED_GROWTH = 20  # expanded source may be at most this many times the original

_BEGIN_DOCUMENT = re.compile(r"\\begin\s*\{document\}")
_END_DOCUMENT = re.compile(r"\\end\s*\{document\}")
# A comment runs to the end of its line and takes the line break with it, as in TeX.
_COMMENT_LINE = re.compile(r"(?<!\\)%[^\n]*\n?[ \t]*")
_SINGLE_LINE_BREAK = re.compile(r"[ \t]*\n(?![ \t]*\n)[ \t]*")
_PARAMETER = re.compile(r"(\\[a-zA-Z]+)?#(\d)")
_COMMENT_ENV = re.compile(
    r"\\begin\s*\{(" + "|".join(_COMMENT_ENVIRONMENTS) + r")\}.*?\\end\s*\{\1\}", re.S
)
_IF_TOKEN = re.compile(r"\\(iffalse|if[a-zA-Z@]*|fi)(?![a-zA-Z@])")
_LATEX_COMMAND_LINE = re.compile(r"^\s*\\[a-zA-Z]+", re.M)


def looks_like_latex(text: str) -> bool:
    """A LaTeX source: a document class or body, or lines mostly made of commands."""
    if re.search(r"\\documentclass\b|\\begin\s*\{document\}", text):
        return True
    lines = [line for line in text.splitlines() if line.strip()]
    commands = len(_LATEX_COMMAND_LINE.findall(text))
    return commands >= 3 and commands >= 0.25 * len(lines)


def warm_up() -> None:
    """Import pylatexenc and build its command tables (before a fork, see limits.py)."""
    import pylatexenc.latex2text  # noqa: F401

    _walker_context()


def read_latex(source: str) -> Extracted:
    source = _drop_comments(unmark(source).replace("\r\n", "\n"))
    preamble, body = _split_document(source)
    macros = _definitions(source)
    links: list[str] = []
    marked = _render(_expand(preamble, macros), links, preamble=True)
    marked += "\n\n" + _render(_expand(body, macros), links, preamble=False)
    return finish(marked, links)


# --------------------------------------------------------------------------- source


def _drop_comments(source: str) -> str:
    """Without % comments, comment environments and \\iffalse … \\fi blocks."""
    source = _COMMENT_LINE.sub("", source)
    source = _COMMENT_ENV.sub("", source)
    return _drop_iffalse(source)


def _drop_iffalse(source: str) -> str:
    out: list[str] = []
    position = 0
    depth = 0  # > 0 inside an \iffalse block: counts nested \if… to find its \fi
    for match in _IF_TOKEN.finditer(source):
        token = match.group(1)
        if depth == 0:
            if token == "iffalse":
                out.append(source[position : match.start()])
                depth = 1
        elif token == "fi":
            depth -= 1
            if depth == 0:
                position = match.end()
        else:
            depth += 1
    if depth == 0:
        out.append(source[position:])
    return "".join(out)


def _split_document(source: str) -> tuple[str, str]:
    begin = _BEGIN_DOCUMENT.search(source)
    if begin is None:
        return "", source
    end = _END_DOCUMENT.search(source, begin.end())
    return source[: begin.start()], source[begin.end() : end.start() if end else None]


# --------------------------------------------------------------------------- own macros

_DEFINITION = re.compile(
    r"\\(?:re)?(?:new|provide)command\*?\s*\{?\s*\\([a-zA-Z]+)\s*\}?\s*"
    r"(?:\[(\d)\])?\s*(\[[^\]]*\])?\s*(?=\{)"
    r"|\\def\s*\\([a-zA-Z]+)((?:#\d)*)\s*(?=\{)"
)


def _definitions(source: str) -> dict[str, tuple[int, str | None, str]]:
    """Commands the document defines: name → (argument count, default of an optional first
    argument, body). Commands with a meaning of their own here (headings, items, links) are
    left as they are."""
    macros: dict[str, tuple[int, str | None, str]] = {}
    for match in _DEFINITION.finditer(source):
        body = _braced(source, match.end())
        if body is None:
            continue
        if match.group(1):
            name, count = match.group(1), int(match.group(2) or 0)
            default = match.group(3)[1:-1] if match.group(3) else None
        else:
            name, count, default = match.group(4), len(match.group(5)) // 2, None
        # A one-argument heading command stays a heading; "\\resumeSubheading{…}{…}{…}{…}"
        # is an entry and is expanded.
        keeps_meaning = _is_heading_command(name) and count == 1
        if not keeps_meaning and name not in ("item", "href", "url", *_known_heading_commands()):
            macros[name] = (count, default, body[0])
    return macros


def _braced(source: str, start: int) -> tuple[str, int] | None:
    """The content of the {…} group at `start` and the position after it."""
    if start >= len(source) or source[start] != "{":
        return None
    depth = 0
    index = start
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return source[start + 1 : index], index + 1
        index += 1
    return None


def _expand(source: str, macros: dict[str, tuple[int, str | None, str]]) -> str:
    """`source` with the document's own commands replaced by their bodies."""
    if not macros:
        return source
    pattern = re.compile(r"\\(" + "|".join(map(re.escape, macros)) + r")(?![a-zA-Z])")
    limit = max(len(source), 1000) * _MAX_EXPANDED_GROWTH
    for _ in range(_MAX_EXPANSION_PASSES):
        expanded = _expand_once(source, pattern, macros, limit)
        if expanded == source:
            break
        source = expanded
    return source


def _expand_once(
    source: str,
    pattern: re.Pattern[str],
    macros: dict[str, tuple[int, str | None, str]],
    limit: int,
) -> str:
    """One pass of expansion; once the text would pass `limit` characters the rest is left
    as it is (a command defined in terms of itself would otherwise grow without end)."""
    out: list[str] = []
    position = 0
    size = 0
    for match in pattern.finditer(source):
        if match.start() < position:  # inside arguments already consumed
            continue
        count, default, body = macros[match.group(1)]
        arguments, end = _arguments(source, match.end(), count, default)
        if arguments is None:
            continue
        body = _PARAMETER.sub(functools.partial(_substitute, arguments=arguments), body)
        piece = source[position : match.start()] + " " + body + " "
        size += len(piece)
        if size + len(source) - end > limit:
            break
        out.append(piece)
        position = end
    out.append(source[position:])
    return "".join(out)


def _substitute(match: re.Match[str], arguments: list[str]) -> str:
    """An argument in place of #n; after a command name ("\\small#1") a space keeps them apart."""
    number = int(match.group(2))
    argument = arguments[number - 1] if 0 < number <= len(arguments) else ""
    return (match.group(1) + " " if match.group(1) else "") + argument


def _arguments(
    source: str, position: int, count: int, default: str | None
) -> tuple[list[str] | None, int]:
    arguments: list[str] = []
    if default is not None and count:
        bracket = re.compile(r"\s*\[([^\]]*)\]").match(source, position)
        arguments.append(bracket.group(1) if bracket else default)
        position = bracket.end() if bracket else position
    while len(arguments) < count:
        space = re.compile(r"\s*").match(source, position)
        position = space.end() if space else position
        group = _braced(source, position)
        if group is not None:
            arguments.append(group[0])
            position = group[1]
        elif position < len(source) and source[position] != "}":
            token = re.compile(r"\\[a-zA-Z]+|.", re.S).match(source, position)
            assert token is not None
            arguments.append(token.group(0))
            position = token.end()
        else:
            return None, position
    return arguments, position


# --------------------------------------------------------------------------- rendering


def _is_heading_command(name: str) -> bool:
    lowered = name.lower().rstrip("*")
    return any(word in lowered for word in _SECTION_WORDS) and "counter" not in lowered


def _render(source: str, links: list[str], *, preamble: bool) -> str:
    from pylatexenc.latexwalker import LatexWalker

    if not source.strip():
        return ""
    source = _SINGLE_LINE_BREAK.sub(
        " ", source
    )  # one line break is a space; a blank line ends a paragraph
    walker = LatexWalker(source, latex_context=_walker_context(), tolerant_parsing=True)
    nodes, _, _ = walker.get_latex_nodes()
    converter = _converter(links)
    if preamble:  # one line per detail
        return "\n".join(converter.nodelist_to_text(group) for group in _preamble_details(nodes))
    return converter.nodelist_to_text(nodes)


def _preamble_details(nodes: list[Any]) -> list[list[Any]]:
    """From a preamble, only the commands that hold the person's details, with the groups
    that follow them (their arguments, when the class is unknown here)."""
    from pylatexenc.latexwalker import LatexCharsNode, LatexGroupNode, LatexMacroNode

    kept: list[list[Any]] = []
    keeping = False
    for node in nodes:
        if isinstance(node, LatexMacroNode):
            keeping = node.macroname.lower() in _PREAMBLE_DETAILS
            if keeping:
                kept.append([node])
        elif keeping and isinstance(node, LatexGroupNode | LatexCharsNode):
            if (
                isinstance(node, LatexCharsNode)
                and node.chars.strip()
                and not _OPTION.match(node.chars)
            ):
                keeping = False
                continue
            kept[-1].append(node)
    return kept


@cache
def _walker_context() -> Any:
    from pylatexenc import latexwalker, macrospec

    context = latexwalker.get_default_latex_context_db()
    context.add_context_category(
        "profile-documents",
        macros=[
            macrospec.MacroSpec("href", "[{{"),
            macrospec.MacroSpec("url", "{"),
            macrospec.MacroSpec("textcolor", "[{{"),
            macrospec.MacroSpec("colorbox", "[{{"),
            macrospec.MacroSpec("item", "["),
            macrospec.MacroSpec("\\", "*["),
        ],
        environments=[
            macrospec.EnvironmentSpec("tabular", "[{"),
            macrospec.EnvironmentSpec("tabular*", "{[{"),
            macrospec.EnvironmentSpec("tabularx", "{[{"),
            macrospec.EnvironmentSpec("tabulary", "{[{"),
            macrospec.EnvironmentSpec("longtable", "[{"),
            macrospec.EnvironmentSpec("array", "[{"),
            macrospec.EnvironmentSpec("minipage", "[[[{"),
            macrospec.EnvironmentSpec("itemize", "["),
            macrospec.EnvironmentSpec("enumerate", "["),
            macrospec.EnvironmentSpec("description", "["),
            macrospec.EnvironmentSpec("multicols", "{"),
        ],
        prepend=True,
    )
    return context


def _converter(links: list[str]) -> Any:
    from pylatexenc.latex2text import (
        EnvironmentTextSpec,
        LatexNodes2Text,
        MacroTextSpec,
        SpecialsTextSpec,
        get_default_latex_context_db,
    )
    from pylatexenc.latexwalker import LatexMacroNode

    class Converter(LatexNodes2Text):  # type: ignore[misc]
        def nodelist_to_text(self, nodelist: list[Any]) -> str:
            nodes = [node for node in nodelist if node is not None]
            parts: list[str] = []
            index = 0
            while index < len(nodes):
                node = nodes[index]
                parts.append(self.node_to_text(node))
                index += 1
                if isinstance(node, LatexMacroNode) and self._takes_loose_groups(node):
                    option, groups, index = _following_groups(nodes, index)
                    parts.append(self._arguments_text(node.macroname, option, groups))
            return "".join(parts)

        def environment_node_to_text(self, node: Any) -> str:
            """An environment unknown here: its arguments were parsed as its first groups
            ("\\begin{entry}[Engineer]{Acme}{2020}"); they make an entry line."""
            name = node.environmentname
            if _walker_context().get_environment_spec(name) is not None:
                return super().environment_node_to_text(node)
            nodes = [child for child in node.nodelist if child is not None]
            option, groups, index = _following_groups(nodes, 0)
            entry = [option] if option else []
            entry += [self.node_to_text(group) for group in groups]
            head = "".join(CELL + text for text in entry)
            return f"\n\n{head}\n" + self.nodelist_to_text(nodes[index:]) + "\n\n"

        def _takes_loose_groups(self, node: Any) -> bool:
            """A command unknown here, so its arguments were parsed as groups after it."""
            if node.nodeargd and any(node.nodeargd.argnlist or ()):
                return False
            return (
                node.macroname.lower() in _PREAMBLE_DETAILS
                or _walker_context().get_macro_spec(node.macroname) is None
            )

        def _arguments_text(self, name: str, option: str, groups: list[Any]) -> str:
            """One group is text (or a heading's title); several make an entry: one line,
            its arguments joined like table cells ("\\cventry{2019}{PhD}{MIT}"), with the
            optional argument first (an option of a heading is never text)."""
            texts = [self.node_to_text(group) for group in groups]
            if not texts:
                return f"[{option}]" if option else ""
            site = _profile_site(name, option, texts[0].strip())
            if site:
                links.append(site)
                return site
            if _is_heading_command(name):
                return f"\n\n{HEADING}" + " ".join(texts[0].split()) + "\n\n" + "".join(texts[1:])
            if len(texts) == 1:
                return texts[0]
            if "name" in name.lower():  # \name{Jane}{Doe}
                return " ".join(texts)
            texts = [option, *texts] if option else texts
            return "\n" + "".join(CELL + text for text in texts) + "\n"

    def argument_text(converter: Any, node: Any, index: int = -1) -> str:
        arguments = node.nodeargd.argnlist if node.nodeargd else []
        argument = arguments[index] if arguments else None
        return converter.nodelist_to_text([argument]) if argument is not None else ""

    def section(node: Any, l2tobj: Any) -> str:
        return f"\n\n{HEADING}" + " ".join(argument_text(l2tobj, node).split()) + "\n\n"

    def item(node: Any, l2tobj: Any) -> str:
        label = argument_text(l2tobj, node, 0).strip()
        return "\n• " + (label + " " if label else "")

    def href(node: Any, l2tobj: Any) -> str:
        links.append(argument_text(l2tobj, node, -2).strip().replace(_AMPERSAND, "&"))
        return argument_text(l2tobj, node, -1)

    def url(node: Any, l2tobj: Any) -> str:
        target = argument_text(l2tobj, node).strip().replace(_AMPERSAND, "&")
        links.append(target)
        return target

    def rows(node: Any, l2tobj: Any) -> str:
        text = l2tobj.nodelist_to_text(node.nodelist)
        lines = ("".join(CELL + cell for cell in row.split(_AMPERSAND)) for row in text.split("\n"))
        return "\n\n" + "\n".join(lines) + "\n\n"

    def block(node: Any, l2tobj: Any) -> str:
        return "\n\n" + l2tobj.nodelist_to_text(node.nodelist) + "\n\n"

    context = get_default_latex_context_db()
    heading_macros = [
        MacroTextSpec(name, simplify_repl=section) for name in _known_heading_commands()
    ]
    context.add_context_category(
        "profile-documents",
        macros=[
            *heading_macros,
            MacroTextSpec("item", simplify_repl=item),
            MacroTextSpec("href", simplify_repl=href),
            MacroTextSpec("url", simplify_repl=url),
            MacroTextSpec("\\", simplify_repl="\n"),
            MacroTextSpec("newline", simplify_repl="\n"),
            MacroTextSpec("linebreak", simplify_repl="\n"),
            MacroTextSpec("par", simplify_repl="\n\n"),
            MacroTextSpec("textcolor", simplify_repl=lambda n, l2tobj: argument_text(l2tobj, n)),
            MacroTextSpec("colorbox", simplify_repl=lambda n, l2tobj: argument_text(l2tobj, n)),
            *(MacroTextSpec(name, discard=True) for name in _SETTING_COMMANDS),
        ],
        environments=[
            *(
                EnvironmentTextSpec(name, simplify_repl=rows)
                for name in ("tabular", "tabular*", "tabularx", "tabulary", "longtable", "array")
            ),
            *(
                EnvironmentTextSpec(name, simplify_repl=block)
                for name in ("itemize", "enumerate", "description", "center", "minipage")
            ),
            *(EnvironmentTextSpec(name, discard=True) for name in _COMMENT_ENVIRONMENTS),
        ],
        specials=[SpecialsTextSpec("&", simplify_repl=_AMPERSAND)],
        prepend=True,
    )
    return Converter(latex_context=context, math_mode="text", strict_latex_spaces=False)


_AMPERSAND = "\x1f"  # what "&" becomes inside a tabular before its rows are split


def _following_groups(nodes: list[Any], index: int) -> tuple[str, list[Any], int]:
    """An optional [argument] and the {…} groups from `index` on (spaces between them
    allowed), and the index after them. An option is only taken when groups follow it."""
    from pylatexenc.latexwalker import LatexCharsNode, LatexGroupNode

    option = ""
    groups: list[Any] = []
    position = index
    first = nodes[index] if index < len(nodes) else None
    if isinstance(first, LatexCharsNode) and _OPTION.match(first.chars):
        option = _OPTION.match(first.chars).group(1).strip()  # type: ignore[union-attr]
        position += 1
    while position < len(nodes):
        node = nodes[position]
        if isinstance(node, LatexGroupNode) and node.delimiters == ("{", "}"):
            groups.append(node)
            index = position = position + 1
        elif _is_space(node):
            position += 1
        else:
            break
    return (option if groups else ""), groups, index


_OPTION = re.compile(r"^\s*\[([^\[\]]*)\]\s*$")

# The addresses CV classes make of a profile handle: moderncv's \social[github]{jdoe} and
# Awesome-CV's \github{jdoe}; \homepage{jdoe.dev} is the address itself.
_PROFILE_SITE_ADDRESSES = {
    "github": "https://github.com/{}",
    "gitlab": "https://gitlab.com/{}",
    "linkedin": "https://www.linkedin.com/in/{}",
    "twitter": "https://twitter.com/{}",
    "x": "https://x.com/{}",
    "orcid": "https://orcid.org/{}",
    "researchgate": "https://www.researchgate.net/profile/{}",
    "googlescholar": "https://scholar.google.com/citations?user={}",
    "stackoverflow": "https://stackoverflow.com/users/{}",
    "homepage": "{}",
    "website": "{}",
}


def _profile_site(command: str, option: str, handle: str) -> str:
    """The address a CV class's profile command stands for, "" for other commands."""
    site = option.lower() if command.lower() == "social" else command.lower()
    address = _PROFILE_SITE_ADDRESSES.get(site)
    if not address or not handle or " " in handle:
        return ""
    handle = handle.removeprefix("@")
    if site in ("homepage", "website") and "://" not in handle:
        return f"https://{handle}"
    return address.format(handle) if "://" not in handle else handle


def _is_space(node: Any) -> bool:
    from pylatexenc.latexwalker import LatexCharsNode

    return isinstance(node, LatexCharsNode) and not node.chars.strip()


def _known_heading_commands() -> list[str]:
    """Heading commands the converter must know by name (unknown ones are found by
    `_is_heading_command` when they are parsed)."""
    base = ["part", "chapter", "section", "subsection", "subsubsection", "paragraph"]
    return [*base, *(name + "*" for name in base)]
