"""The documentation site: it builds with ``mkdocs build --strict``, its links resolve, it renders in a browser.

The docs tools (mkdocs, mkdocs-material, mkdocstrings[python]) are in the
``test`` extra; without them the build tests skip. The browser test needs
playwright and a Chromium binary (Debian's ``chromium``, or
FAKEDYNAMO_CHROMIUM) and skips without them, as the web console's do. One
build serves every test of the module; it reads only the repository.
"""

from __future__ import annotations

import ast
import functools
import http.server
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS / "hooks"))
import examples as hook  # noqa: E402  (docs/hooks/examples.py, the mkdocs hook)

sys.path.remove(str(DOCS / "hooks"))

PAGES = sorted(path for path in DOCS.rglob("*.md") if "examples" not in path.relative_to(DOCS).parts)
DOCS_TOOLS = ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    for module in DOCS_TOOLS:
        if importlib.util.find_spec(module.split(".")[0]) is None:
            pytest.skip(f'{module} is not installed: pip install -e ".[test]"')
    out = tmp_path_factory.mktemp("docs") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_site_builds_strictly(site: Path) -> None:
    for page in ["index", "why/index", "testing/index", "pydynox/index", "pydynox/query-and-scan/index", "migrating/index",
                 "reference/fakedynamo/index", "reference/pydynox/index", "reference/pydynox-testing/index",
                 "examples/fakedynamo/index", "examples/migration/index"]:
        assert (site / f"{page}.html").exists(), page


def test_no_stray_build_files(site: Path) -> None:
    stray = [path for path in site.rglob("*") if path.name == "__pycache__" or path.suffix == ".pyc"]
    assert stray == []
    assert not (site / "hooks").exists()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name) and tag in ("a", "img", "link", "script", "source"):
                self.links.append(values[name] or "")


@functools.lru_cache(maxsize=None)
def _parsed(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Internal links that name no file, or a folder without index.html (a static host's 404), or no anchor."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        for link in _parsed(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue
            base = site if parts.path.startswith("/") else page.parent  # 404.html links from the site's root
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else page
            if target.is_dir():
                if not (target / "index.html").exists():
                    broken.append(f"{page.relative_to(site)}: {link} is a folder without an index page")
                    continue
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {link} does not exist")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _parsed(target).ids:
                broken.append(f"{page.relative_to(site)}: {link} names no anchor of its page")
    return broken


def test_every_link_of_the_built_site_resolves(site: Path) -> None:
    assert len(list(site.rglob("*.html"))) > 15
    broken = broken_links(site)
    assert broken == [], "\n".join(broken)


def test_the_link_check_finds_folder_links_missing_files_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "examples").mkdir()
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_text('<h2 id="setup">Setup</h2>', encoding="utf-8")
    links = ["examples/", "guide/", "guide/#setup", "guide/#nowhere", "gone.py", "https://example.com/x"]
    (tmp_path / "index.html").write_text("".join(f'<a href="{link}">x</a>' for link in links), encoding="utf-8")
    assert broken_links(tmp_path) == [
        "index.html: examples/ is a folder without an index page",
        "index.html: guide/#nowhere names no anchor of its page",
        "index.html: gone.py does not exist",
    ]


def test_example_folders_are_pages_listing_every_file(site: Path) -> None:
    for folder in (DOCS / "examples").iterdir():
        if folder.is_dir() and folder.name != "__pycache__":
            html = (site / "examples" / folder.name / "index.html").read_text(encoding="utf-8")
            for path in folder.glob("*.py"):
                assert f'href="{path.name}"' in html and (site / "examples" / folder.name / path.name).exists()


# Snippets: the hook gives each its imports; the excerpt itself stays an exact cut of an example.


def _rendered_blocks() -> Iterator[tuple[str, str, Path, str]]:
    sources = {path: path.read_text(encoding="utf-8") for path in hook.example_files()}
    for page in PAGES:
        markdown = page.read_text(encoding="utf-8")
        uri = page.relative_to(DOCS).as_posix()
        rendered = hook.expand_page(markdown, uri, sources)  # raises for a block cut from no example
        for excerpt, block in zip(hook.PYTHON_BLOCK.findall(markdown), hook.PYTHON_BLOCK.findall(rendered)):
            path = next(path for path, text in sources.items() if excerpt in text and path.name in rendered)
            yield uri, excerpt, path, block


def test_every_snippet_shows_the_imports_it_uses() -> None:
    checked = 0
    for uri, excerpt, path, block in _rendered_blocks():
        assert block.rstrip("\n").endswith(textwrap.dedent(excerpt).rstrip("\n")), uri
        imported = hook.names_imported(block)
        needed = {name for _, bound in hook.imports_of(path.read_text(encoding="utf-8")) for name, _ in bound}
        missing = (hook.names_used(textwrap.dedent(excerpt)) & needed) - imported
        assert not missing, f"{uri}: the snippet from {path.name} does not import {sorted(missing)}:\n{block}"
        checked += 1
    assert checked >= 60


def test_snippets_that_parse_alone_still_parse_with_their_imports() -> None:
    for uri, excerpt, path, block in _rendered_blocks():
        try:
            ast.parse(textwrap.dedent(excerpt))
        except SyntaxError:
            continue
        ast.parse(block)  # the imports added above it keep it valid Python


def test_a_snippet_cut_from_no_example_fails_the_build() -> None:
    with pytest.raises(LookupError, match="in no file of docs/examples"):
        hook.expand_page("```python\nprint('typed by hand')\n```\n", "page.md")


def test_the_rendered_snippet_starts_with_its_imports() -> None:
    markdown = (DOCS / "fakedynamo.md").read_text(encoding="utf-8")
    first = hook.PYTHON_BLOCK.findall(hook.expand_page(markdown, "fakedynamo.md"))[0]
    assert first.startswith("import boto3\nfrom fakedynamo import mock_dynamodb\n\nwith mock_dynamodb() as db:")


# The browser: pages render with the theme, highlighting, copy buttons, search, dark mode and charts.

CHROMIUM = os.environ.get("FAKEDYNAMO_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def test_site_renders_in_chromium(served: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if CHROMIUM is None:
        pytest.skip("no chromium binary (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        except Exception as error:  # noqa: BLE001 - a browser that cannot start here is a skip, not a failure
            pytest.skip(f"chromium does not start: {error}")
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

            page.goto(f"{served}/fakedynamo/")
            assert page.locator("h1").first.inner_text().startswith("fakedynamo: user guide")
            assert page.locator(".highlight .kn").count() > 10  # highlighted `import` keywords
            copy = page.locator("button[data-md-type='copy']")  # copy buttons, added by the theme's script
            copy.first.wait_for(state="attached", timeout=15000)
            assert copy.count() > 10
            assert page.locator(".md-nav__link").count() > 10  # the Material theme's navigation

            page.goto(f"{served}/why/")
            images = page.locator("article img")
            assert images.count() >= 4
            for index in range(images.count()):
                images.nth(index).scroll_into_view_if_needed()
                assert images.nth(index).evaluate("img => img.complete && img.naturalWidth > 0"), index

            # Dark mode: the palette toggle switches the colour scheme.
            before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            page.locator("label.md-header__button[for^='__palette']").first.click()
            after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert {before, after} == {"default", "slate"}

            page.goto(f"{served}/reference/fakedynamo/")
            assert page.locator(".doc-heading").count() >= 8  # mkdocstrings rendered the API
            assert errors == [], errors
        finally:
            browser.close()


def test_the_search_index_holds_the_api(site: Path) -> None:
    # Material searches this index in the browser; the render test does not type a query
    # (in the full suite the browser's search worker did not answer within 60 s).
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("serve_dynamodb" in (doc.get("title", "") + doc.get("text", "")) for doc in index["docs"])
