#!/usr/bin/env python
"""Write the documentation page of each Event-Driven Ansible event source of the collection.

    python docs/event_source_docs.py DEST     (docs/build.sh: DEST=<site>/rst/collections/hwcloud/tasks)

antsibull-docs renders modules, plugins and roles, not event sources (ansible-doc cannot read them
either), so this renders the DOCUMENTATION and EXAMPLES strings of
``extensions/eda/plugins/event_source/<name>.py`` the same way: Ansible markup (``O()``, ``M()``,
``E()``...) through antsibull-docs-parser, ``extends_documentation_fragment`` options merged in from
``plugins/doc_fragments``, and the collection's example rulebooks that use it (``extensions/eda/rulebooks``)
shown in full.  The page is ``<name>_event_source.rst``, labelled
``ansible_collections.hwcloud.tasks.<name>_event_source`` (the label antsibull-docs-parser gives
``O(...)`` and ``M(...)`` links to it) and linked from the guides.  The files are read, never imported.

Bad markup, an option without a description or type, or an unknown fragment fails the build.
"""

import ast
import pathlib
import sys
import textwrap

import yaml
from antsibull_docs_parser.parser import Context, parse
from antsibull_docs_parser.rst import to_rst_plain

REPO = pathlib.Path(__file__).resolve().parents[1]
COLLECTION = "hwcloud.tasks"
SOURCES = REPO / "extensions" / "eda" / "plugins" / "event_source"
RULEBOOKS = REPO / "extensions" / "eda" / "rulebooks"
FRAGMENTS = REPO / "plugins" / "doc_fragments"


class DocError(Exception):
    pass


def string_constants(path, names, in_class=None):
    """The string values assigned to ``names`` at the top of ``path`` (or in its class ``in_class``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    body = tree.body
    if in_class is not None:
        body = next(node.body for node in body if isinstance(node, ast.ClassDef) and node.name == in_class)
    found = {}
    for node in body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in names:
                    found[target.id] = node.value.value
    return found


def fragment_options(name):
    """``hwcloud.tasks.connection`` (or ``hwcloud.tasks.connection.plugins``): that fragment's options."""
    prefix = COLLECTION + "."
    parts = name[len(prefix):].split(".") if name.startswith(prefix) else []
    if len(parts) not in (1, 2):
        raise DocError("unknown documentation fragment %r: only this collection's are known" % name)
    path = FRAGMENTS / (parts[0] + ".py")
    variable = parts[1].upper() if len(parts) == 2 else "DOCUMENTATION"
    text = string_constants(path, (variable,), in_class="ModuleDocFragment").get(variable) if path.is_file() else None
    if text is None:
        raise DocError("documentation fragment %r: no %s in %s" % (name, variable, path))
    return yaml.safe_load(text).get("options") or {}


def documentation(path):
    """DOCUMENTATION, with ``shared_options``: its fragments' options that it does not document itself; EXAMPLES."""
    strings = string_constants(path, ("DOCUMENTATION", "EXAMPLES"))
    if "DOCUMENTATION" not in strings:
        raise DocError("%s has no DOCUMENTATION string" % path)
    doc = yaml.safe_load(strings["DOCUMENTATION"])
    doc["options"] = doc.get("options") or {}
    doc["shared_options"] = {}
    for name in doc.get("extends_documentation_fragment") or ():
        doc["shared_options"].update(fragment_options(name))
    for name in doc["options"]:
        doc["shared_options"].pop(name, None)
    return doc, strings.get("EXAMPLES", "")


def markup(text, where):
    """Ansible markup (a string or a list of paragraphs) as RST."""
    paragraphs = [text] if isinstance(text, str) else list(text or ())
    try:
        return to_rst_plain(parse(paragraphs, Context(), errors="exception"))
    except ValueError as error:
        raise DocError("%s: %s" % (where, error)) from None


def literal(value):
    return "``%s``" % (str(value).lower() if isinstance(value, bool) else value)


def option_table(options, where):
    return (".. list-table::\n   :header-rows: 1\n   :widths: 25 75\n\n   * - Parameter\n     - Comments\n"
            + "\n".join(option_rows(options, where)))


def option_rows(options, where, prefix=""):
    """``list-table`` rows, one per option in the documented order, sub-options after their parent as
    ``parent.child``."""
    rows = []
    for name in options:
        option = options[name]
        path = prefix + name
        for key in ("description", "type"):
            if key not in option:
                raise DocError("%s: option %s has no %s" % (where, path, key))
        facts = [":literal:`%s`" % option["type"] + (" / required" if option.get("required") else "")]
        comments = [markup(option["description"], "%s option %s" % (where, path))]
        if "choices" in option:
            default = option.get("default")
            comments.append("Choices: " + ", ".join(
                literal(choice) + (" (default)" if choice == default else "") for choice in option["choices"]))
        elif "default" in option:
            comments.append("Default: " + literal(option["default"]))
        cell = "\n\n".join(comments)
        rows.append("   * - **%s**\n\n%s\n     - %s" % (
            path.replace("_", r"\_"), textwrap.indent("\n\n".join(facts), " " * 7),
            textwrap.indent(cell, " " * 7).lstrip()))
        rows.extend(option_rows(option.get("suboptions") or {}, where, path + "."))
    return rows


def section(title, body, underline="-"):
    return "%s\n%s\n\n%s\n" % (title, underline * len(title), body)


def code_block(text, language="yaml+jinja"):
    return ".. code-block:: %s\n\n%s\n" % (language, textwrap.indent(text.strip("\n"), "    "))


def page(name, doc, examples, rulebooks):
    fqcn = "%s.%s" % (COLLECTION, name)
    where = "event source %s" % fqcn
    title = "%s event source -- %s" % (fqcn, doc["short_description"])
    title = title.replace("_", r"\_")
    parts = [
        ":orphan:\n",
        ".. _ansible_collections.%s_event_source:\n" % fqcn,
        "%s\n%s\n" % (title, "=" * len(title)),
        "This is an event source for ``ansible-rulebook`` (Event-Driven Ansible), in the collection "
        "``%s``. Name it ``%s`` in a rulebook's ``sources``.\n" % (COLLECTION, fqcn),
        ".. contents::\n   :local:\n   :depth: 1\n",
        section("Synopsis", "\n".join("- %s\n" % markup(item, where) for item in doc.get("description") or ())),
        section("Parameters", option_table(doc["options"], where)),
    ]
    if doc["shared_options"]:
        parts.append(section("Connection parameters", "The same as every module of the collection has.\n\n"
                             + option_table(doc["shared_options"], where)))
    if doc.get("notes"):
        parts.append(section("Notes", "\n".join("- %s\n" % markup(note, where) for note in doc["notes"])))
    if examples.strip():
        parts.append(section("Examples", code_block(examples)))
    for rulebook in (rulebook for rulebook in rulebooks if fqcn in rulebook.read_text(encoding="utf-8")):
        parts.append(section(
            "Example rulebook %s.%s" % (COLLECTION, rulebook.stem),
            "Shipped in the collection as ``extensions/eda/rulebooks/%s``; run it with "
            "``ansible-rulebook -i inventory.yml -r %s.%s``.\n\n%s" % (
                rulebook.name, COLLECTION, rulebook.stem, code_block(rulebook.read_text(encoding="utf-8")))))
    return "\n".join(parts)


def main(argv):
    if len(argv) != 2:
        print("usage: %s DEST" % argv[0], file=sys.stderr)
        return 2
    dest = pathlib.Path(argv[1])
    rulebooks = sorted(RULEBOOKS.glob("*.yml"))
    try:
        for path in sorted(SOURCES.glob("*.py")):
            doc, examples = documentation(path)
            target = dest / ("%s_event_source.rst" % path.stem)
            target.write_text(page(path.stem, doc, examples, rulebooks), encoding="utf-8")
            print("docs: %s" % target)
    except (DocError, yaml.YAMLError) as error:
        print("docs: %s" % error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
