"""mkdocs hook: snippets keep their imports, and every examples folder is a page.

The guides quote the example files the test suite runs: every ```python block
of a page is an exact excerpt of a file under ``docs/examples/`` (the
``test_guide_snippets_are_taken_from_the_examples`` tests check it on the
Markdown source). An excerpt alone does not run: it lacks its imports. At build
time this hook rewrites each such block into

- the imports of its file that the excerpt uses, then the excerpt (dedented),
  so a copy-paste does not end in ``NameError``;
- a link to the whole, runnable file on its folder's page.

A python block found in no example fails the build (a warning, and the build
is ``--strict``). The hook also publishes ``docs/examples/<folder>/index.md``
pages listing every file of a folder, so links to an examples folder work on
a static host.
"""

from __future__ import annotations

import ast
import logging
import posixpath
import re
import textwrap
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.examples")

DOCS = Path(__file__).resolve().parents[1]
EXAMPLES = DOCS / "examples"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```\n?", re.S | re.M)
SHOWN_SUFFIXES = (".py", ".yml", ".yaml")
LANGUAGE = {".py": "python", ".yml": "yaml", ".yaml": "yaml"}

# What each examples folder holds, and the test file that runs it.
FOLDERS = {
    "fakedynamo": ("fakedynamo examples", "the fakedynamo user guide", "tests/test_docs_examples.py"),
    "pydynox": ("pydynox examples", "the pydynox user guide", "tests/pydynox/test_docs_examples.py"),
    "testing": ("Testing pydynox: examples", "the testing guide", "tests/pydynox_testing/test_docs_examples.py"),
    "migration": ("Migration examples", "the migration guides", "tests/test_docs_migration.py"),
}
ID_LIKE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def example_files() -> list[Path]:
    """Every example file a page may quote, in a stable order."""
    return sorted(
        path
        for path in EXAMPLES.rglob("*")
        if path.suffix in SHOWN_SUFFIXES and "__pycache__" not in path.parts and path.is_file()
    )


def imports_of(source: str) -> list[tuple[ast.stmt, list[tuple[str, ast.alias]]]]:
    """The module-level imports of `source`: each statement with the names it binds."""
    found = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.ImportFrom) and node.module != "__future__" and node.level == 0:
            found.append((node, [(alias.asname or alias.name, alias) for alias in node.names]))
        elif isinstance(node, ast.Import):
            found.append((node, [(alias.asname or alias.name.split(".")[0], alias) for alias in node.names]))
    return found


def names_used(code: str) -> set[str]:
    """The names `code` reads (any identifier, if the excerpt does not parse on its own)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set(ID_LIKE.findall(code))
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def names_imported(code: str) -> set[str]:
    """The names `code` imports (line by line, if the excerpt does not parse on its own)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        lines = [line.strip() for line in code.splitlines() if line.lstrip().startswith(("import ", "from "))]
        tree = ast.parse("")
        for line in lines:
            try:
                tree.body += ast.parse(line).body
            except SyntaxError:
                continue
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            bound.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            bound.update(alias.asname or alias.name.split(".")[0] for alias in node.names)
    return bound


def needed_imports(excerpt: str, source: str) -> str:
    """The import lines of `source` that `excerpt` needs and does not have itself."""
    wanted = names_used(excerpt) - names_imported(excerpt)
    lines = []
    for node, bound in imports_of(source):
        used = [alias for name, alias in bound if name in wanted]
        if not used:
            continue
        names = ", ".join(alias.name + (f" as {alias.asname}" if alias.asname else "") for alias in used)
        lines.append(f"from {node.module} import {names}" if isinstance(node, ast.ImportFrom) else f"import {names}")
    return "\n".join(lines)


def source_of(excerpt: str, markdown: str, position: int, sources: dict[Path, str]) -> Path | None:
    """The example file the excerpt is cut from: the one named last before it on the page, else any."""
    holders = [path for path, text in sources.items() if excerpt in text]
    if not holders:
        return None
    before = markdown[:position]
    return max(holders, key=lambda path: before.rfind(path.name))


def expand(excerpt: str, path: Path, source: str, page_uri: str) -> str:
    """The Markdown that replaces one excerpt: imports + excerpt, then a link to the whole file."""
    code = textwrap.dedent(excerpt).rstrip("\n")
    imports = needed_imports(code, source)
    gap = "\n\n\n" if code.startswith(("class ", "def ", "async def ", "@")) else "\n\n"
    shown = f"{imports}{gap}{code}" if imports else code
    folder_page = f"examples/{path.parent.name}/index.md"
    link = posixpath.relpath(folder_page, posixpath.dirname(page_uri) or ".")
    return (
        f"```python\n{shown}\n```\n"
        f"<small>Whole file: [`{path.name}`]({link}#{anchor(path.name)}), run as it is by the test suite.</small>\n\n"
    )


def expand_page(markdown: str, page_uri: str, sources: dict[Path, str] | None = None) -> str:
    """`markdown` with every python block expanded; raises LookupError for a block found in no example."""
    sources = sources if sources is not None else {path: path.read_text(encoding="utf-8") for path in example_files()}
    pieces, last = [], 0
    for match in PYTHON_BLOCK.finditer(markdown):
        excerpt = match.group(1)
        path = source_of(excerpt, markdown, match.start(), sources)
        if path is None:
            raise LookupError(f"{page_uri}: a python block is in no file of docs/examples/:\n{excerpt}")
        pieces += [markdown[last : match.start()], expand(excerpt, path, sources[path], page_uri)]
        last = match.end()
    return "".join([*pieces, markdown[last:]])


def folder_page(folder: Path) -> str:
    """The Markdown of ``examples/<folder>/index.md``: every file of the folder, whole."""
    title, guide, test = FOLDERS.get(folder.name, (f"{folder.name} examples", "the guides", "the test suite"))
    files = [path for path in example_files() if path.parent == folder]
    lines = [
        f"# {title}",
        "",
        f"The files {guide} quotes. The test suite runs every one of them (`{test}`), so they work as shown.",
        "",
    ]
    lines += [f"- [`{path.name}`](#{anchor(path.name)})" for path in files]
    for path in files:
        language = LANGUAGE[path.suffix]
        lines += ["", f"## {path.name} {{#{anchor(path.name)}}}", "", f"[Download `{path.name}`]({path.name})", ""]
        lines += [f"```{language}", path.read_text(encoding="utf-8").rstrip(), "```"]
    return "\n".join(lines) + "\n"


def anchor(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# mkdocs hook events ---------------------------------------------------------


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    for folder in sorted(path for path in EXAMPLES.iterdir() if path.is_dir() and path.name != "__pycache__"):
        uri = f"examples/{folder.name}/index.md"
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, content=folder_page(folder)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    uri = page.file.src_uri
    if uri.startswith("examples/"):  # the folder pages show whole files already
        return markdown
    try:
        return expand_page(markdown, uri)
    except LookupError as error:
        log.warning(str(error))
        return markdown
