"""The web console in a real headless Chromium: its pages render and its flows work.

Needs playwright (PyPI) and a Chromium binary: Debian's ``chromium`` package
(``.ci/install-browser`` installs both), or the browser named by
FAKEDYNAMO_CHROMIUM. Without them these tests skip. Screenshots of the main
pages are written to FAKEDYNAMO_SCREENSHOTS (a directory) when it is set.
"""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from pathlib import Path
from typing import Any, Iterator

import pytest

from fakedynamo import state
from fakedynamo.engine import Engine
from fakedynamo.wire.http import DynamoDBServer, running_server

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = os.environ.get("FAKEDYNAMO_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install chromium)")

SEED = """\
{"Table": {"Region": "us-east-1", "TableName": "Music", "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "SongTitle", "KeyType": "RANGE"}], "AttributeDefinitions": [{"AttributeName": "Artist", "AttributeType": "S"}, {"AttributeName": "SongTitle", "AttributeType": "S"}, {"AttributeName": "Genre", "AttributeType": "S"}], "GlobalSecondaryIndexes": [{"IndexName": "by-genre", "KeySchema": [{"AttributeName": "Genre", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}], "BillingMode": "PAY_PER_REQUEST"}}
{"Item": {"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}, "Year": {"N": "2021"}, "Genre": {"S": "pop"}}}
{"Item": {"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}, "Year": {"N": "2019"}, "Genre": {"S": "rock"}}}
{"Item": {"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "<script>alert(1)</script>"}, "Year": {"N": "2020"}}}
{"Table": {"Region": "eu-west-1", "TableName": "Orders", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}}
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        except Exception as error:  # noqa: BLE001 - a browser that cannot start here is a skip, not a failure
            pytest.skip(f"chromium does not start: {error}")
        yield launched
        launched.close()


@pytest.fixture
def server() -> Iterator[DynamoDBServer]:
    engine = Engine()
    state.load(engine, SEED.encode())
    with running_server(engine) as running:
        yield running


@pytest.fixture
def page(browser: Any, server: DynamoDBServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())  # confirm() of delete and restore
    # No network at run time: every request the page makes goes to the server itself.
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(server.endpoint) else outside.append(request.url))
    yield page
    context.close()
    assert not errors, errors
    assert not outside, outside


def screenshot(page: Any, name: str, tmp_path: Path) -> None:
    """Take a screenshot, check that it is a real picture of a page, and keep it where asked."""
    data = page.screenshot(full_page=True)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1200 and height >= 400
    # Not a blank page: a blank one compresses to almost nothing.
    assert len(data) > 15_000, f"{name}: suspiciously small screenshot ({len(data)} bytes)"
    assert zlib.crc32(data) != 0
    directory = os.environ.get("FAKEDYNAMO_SCREENSHOTS")
    (Path(directory) if directory else tmp_path).mkdir(parents=True, exist_ok=True)
    ((Path(directory) if directory else tmp_path) / f"{name}.png").write_bytes(data)


def test_a_browser_at_the_root_gets_the_tables_page(page: Any, server: DynamoDBServer, tmp_path: Path) -> None:
    page.goto(server.endpoint + "/")
    assert page.url == server.endpoint + "/_fakedynamo/"
    rows = page.locator("#tables tbody tr")
    rows.first.wait_for()
    assert rows.count() == 2
    music = rows.filter(has_text="Music")
    assert "Artist (partition), SongTitle (sort)" in music.inner_text()
    assert "by-genre (global: Genre (partition))" in music.inner_text()
    assert music.locator("td.num").first.inner_text() == "3"
    assert "eu-west-1" in rows.filter(has_text="Orders").inner_text()
    assert "in memory" in page.locator("#status").inner_text()
    screenshot(page, "tables", tmp_path)


def test_items_page_formats_edit_new_and_delete(page: Any, server: DynamoDBServer, tmp_path: Path) -> None:
    page.goto(server.endpoint + "/_fakedynamo/#table/us-east-1/Music")
    items = page.locator("#items .item")
    items.first.wait_for()
    assert items.count() == 3
    assert '"Year": 2021' in page.locator("#items").inner_text()  # plain JSON
    # Item data is text, never markup.
    assert "<script>alert(1)</script>" in page.locator("#items").inner_text()
    page.check("input[value=dynamodb]")
    assert '"Year": {\n    "N": "2021"\n  }' in page.locator("#items").inner_text()
    screenshot(page, "items", tmp_path)

    # A new item.
    page.click("#new-item")
    page.fill("#editor-text", '{"Artist": {"S": "Zed"}, "SongTitle": {"S": "New"}, "Year": {"N": "2024"}}')
    page.click("#editor-save")
    page.wait_for_function("document.querySelectorAll('#items .item').length === 4")
    assert len(server.engine.regions["us-east-1"].tables["Music"]) == 4

    # A bad item is refused with DynamoDB's message; the editor stays open.
    page.click("#new-item")
    page.fill("#editor-text", '{"Artist": {"N": "1"}, "SongTitle": {"S": "x"}}')
    page.click("#editor-save")
    page.locator("#editor-error").filter(has_text="ValidationException").wait_for()
    page.click("#editor-cancel")

    # Edit one: change its Year.
    zed = items.filter(has_text='"Zed"')
    zed.get_by_role("button", name="Edit").click()
    page.fill("#editor-text", '{"Artist": {"S": "Zed"}, "SongTitle": {"S": "New"}, "Year": {"N": "1999"}}')
    page.click("#editor-save")
    page.locator("#items").filter(has_text='"1999"').wait_for()
    stored = server.engine.execute("GetItem", {"TableName": "Music", "Key": {"Artist": {"S": "Zed"}, "SongTitle": {"S": "New"}}})
    assert stored["Item"]["Year"] == {"N": "1999"}

    # Delete it (the confirm dialog is accepted).
    items.filter(has_text='"Zed"').get_by_role("button", name="Delete").click()
    page.wait_for_function("document.querySelectorAll('#items .item').length === 3")
    assert len(server.engine.regions["us-east-1"].tables["Music"]) == 3


def test_paging_through_items(page: Any, server: DynamoDBServer) -> None:
    for i in range(30):
        server.engine.execute("PutItem", {"TableName": "Orders", "Item": {"pk": {"S": f"order-{i:02d}"}}}, "eu-west-1")
    page.goto(server.endpoint + "/_fakedynamo/#table/eu-west-1/Orders")
    page.locator("#page-info").filter(has_text="Page 1 · 25 items").wait_for()
    page.click("#next-page")
    page.locator("#page-info").filter(has_text="Page 2 · 5 items").wait_for()
    assert page.locator("#next-page").is_disabled()
    page.click("#first-page")
    page.locator("#page-info").filter(has_text="Page 1 · 25 items").wait_for()


def test_query_and_scan_form(page: Any, server: DynamoDBServer, tmp_path: Path) -> None:
    page.goto(server.endpoint + "/_fakedynamo/#table/us-east-1/Music")
    page.locator("#items .item").first.wait_for()
    page.click(".tabs button[data-tab=query]")
    page.fill("[name=key]", "Artist = :a AND begins_with(SongTitle, :t)")
    page.fill("[name=values]", '{":a": {"S": "Acme Band"}, ":t": {"S": "Happy"}}')
    page.click("#query-form button[type=submit]")
    page.locator("#query-info").filter(has_text="1 items (1 read)").wait_for()
    assert "Happy Day" in page.locator("#query-results").inner_text()
    screenshot(page, "query", tmp_path)

    # An index query, with names and a projection.
    page.select_option("[name=index]", "by-genre")
    page.fill("[name=key]", "#g = :g")
    page.fill("[name=names]", '{"#g": "Genre"}')
    page.fill("[name=values]", '{":g": {"S": "pop"}}')
    page.fill("[name=projection]", "SongTitle")
    page.click("#query-form button[type=submit]")
    page.locator("#query-results").filter(has_text="Call Me Today").wait_for()
    assert "Year" not in page.locator("#query-results").inner_text()

    # A scan with a filter.
    page.select_option("[name=operation]", "Scan")
    page.select_option("[name=index]", "")
    page.fill("[name=names]", "")
    page.fill("[name=projection]", "")
    page.fill("[name=filter]", "#y > :y")
    page.fill("[name=names]", '{"#y": "Year"}')
    page.fill("[name=values]", '{":y": {"N": "2019"}}')
    page.click("#query-form button[type=submit]")
    page.locator("#query-info").filter(has_text="2 items (3 read)").wait_for()

    # A bad expression shows DynamoDB's error.
    page.fill("[name=filter]", "#y >")
    page.click("#query-form button[type=submit]")
    page.locator("#query-error").filter(has_text="ValidationException").wait_for()


def test_stream_tab(page: Any, server: DynamoDBServer) -> None:
    page.goto(server.endpoint + "/_fakedynamo/#table/us-east-1/Music")
    page.locator("#items .item").first.wait_for()
    page.click(".tabs button[data-tab=stream]")
    stream = page.locator("#stream")
    if hasattr(server.engine, "stream_records"):
        stream.locator(".item, p").first.wait_for()
    else:
        assert "Stream records are not available" in stream.locator(".placeholder").inner_text()


def test_requests_page_shows_outcomes(page: Any, server: DynamoDBServer, tmp_path: Path) -> None:
    import http.client
    import json

    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    for body in ({"TableName": "Music", "Key": {"Artist": {"S": "x"}, "SongTitle": {"S": "y"}}}, {"TableName": "Nope", "Key": {}}):
        connection.request("POST", "/", json.dumps(body), {
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.GetItem",
        })
        connection.getresponse().read()
    connection.close()
    page.goto(server.endpoint + "/_fakedynamo/#requests")
    failed = page.locator("#requests tbody tr.failed")
    failed.first.wait_for()
    assert "ResourceNotFoundException" in failed.first.inner_text()
    assert "Nope" in failed.first.inner_text()
    assert page.locator("#requests tbody tr", has_text="Music").count() >= 1
    screenshot(page, "requests", tmp_path)


def test_snapshot_page_downloads_restores_and_loads(page: Any, server: DynamoDBServer, tmp_path: Path) -> None:
    page.goto(server.endpoint + "/_fakedynamo/#snapshot")
    with page.expect_download() as download:
        page.click("#download")
    saved = tmp_path / "saved.jsonl"
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8").count('{"Table"') == 2
    screenshot(page, "snapshot", tmp_path)

    server.engine.execute("DeleteTable", {"TableName": "Orders"}, "eu-west-1")
    page.set_input_files("#snapshot-file", str(saved))
    page.click("#restore")
    page.locator("#snapshot-result").filter(has_text="Restored: 2 tables created, 3 items written.").wait_for()
    assert sorted(server.engine.regions) == ["eu-west-1", "us-east-1"]

    extra = tmp_path / "extra.jsonl"
    extra.write_text('{"Table": {"TableName": "Extra", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], '
                     '"AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}}\n'
                     '{"Item": {"id": {"S": "1"}}}\n', encoding="utf-8")
    page.set_input_files("#snapshot-file", str(extra))
    page.click("#load")
    page.locator("#snapshot-result").filter(has_text="Loaded: 1 tables created, 1 items written.").wait_for()
    page.click("a[data-nav=tables]")
    page.locator("#tables tbody tr", has_text="Extra").wait_for()
