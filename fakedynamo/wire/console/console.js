// The fakedynamo console: talks only to this server's /_fakedynamo/ API. Item data is
// shown with textContent, never as HTML, since it is whatever clients wrote.
"use strict";

const $ = (selector) => document.querySelector(selector);
const state = { tables: [], table: null, pages: [], next: null, format: "plain", editing: null };

async function api(path, options = {}) {
  const response = await fetch(path, options);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

async function call(region, operation, request) {
  const body = await api("api/call?region=" + encodeURIComponent(region), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ operation, request }),
  });
  if (!body.ok) throw new Error(body.error.code + ": " + body.error.message);
  return body.response;
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

// DynamoDB JSON -> plain JSON, for reading. Numbers stay exact: shown as numbers only when JavaScript keeps them.
function plain(value) {
  const [type, inner] = Object.entries(value)[0];
  switch (type) {
    case "S": case "B": return inner;
    case "N": { const n = Number(inner); return String(n) === inner ? n : inner; }
    case "BOOL": return inner;
    case "NULL": return null;
    case "L": return inner.map(plain);
    case "M": return plainItem(inner);
    case "SS": case "BS": return inner;
    case "NS": return inner.map((n) => plain({ N: n }));
    default: return value;
  }
}
function plainItem(item) {
  const out = {};
  for (const [name, value] of Object.entries(item)) out[name] = plain(value);
  return out;
}

function keyOf(table, item) {
  const key = {};
  for (const element of table.key_schema) key[element.AttributeName] = item[element.AttributeName];
  return key;
}

function describeKeys(schema) {
  return schema.map((e) => e.AttributeName + (e.KeyType === "HASH" ? " (partition)" : " (sort)")).join(", ");
}

function formatSize(bytes) {
  if (bytes < 1024) return bytes + " B";
  if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + " KB";
  return (bytes / 1024 / 1024).toFixed(1) + " MB";
}

// -- views --------------------------------------------------------------------------------

function show(view) {
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== "view-" + view;
  for (const link of document.querySelectorAll("[data-nav]")) link.classList.toggle("active", link.dataset.nav === view);
}

async function showTables() {
  show("tables");
  state.tables = (await api("api/tables")).tables;
  const body = $("#tables tbody");
  body.replaceChildren();
  for (const table of state.tables) {
    const row = el("tr");
    row.append(el("td", table.region));
    const name = el("td");
    const link = el("a", table.name);
    link.href = "#table/" + encodeURIComponent(table.region) + "/" + encodeURIComponent(table.name);
    name.append(link);
    row.append(name, el("td", describeKeys(table.key_schema)));
    row.append(el("td", table.indexes.map((i) => i.name + " (" + i.kind + ": " + describeKeys(i.key_schema) + ")").join("; ") || "—"));
    row.append(el("td", table.item_count, "num"), el("td", formatSize(table.size_bytes), "num"), el("td", table.billing_mode));
    body.append(row);
  }
  $("#no-tables").hidden = state.tables.length > 0;
}

async function showTable(region, name) {
  show("table");
  const tables = (await api("api/tables")).tables;
  const table = tables.find((t) => t.region === region && t.name === name);
  if (!table) { $("#table-name").textContent = name + " (not found)"; return; }
  state.table = table;
  $("#table-name").textContent = table.name;
  $("#table-region").textContent = table.region + " · " + table.item_count + " items · " + formatSize(table.size_bytes);
  $("#table-keys").textContent = "Key: " + describeKeys(table.key_schema) +
    (table.indexes.length ? " · Indexes: " + table.indexes.map((i) => i.name).join(", ") : "");
  const index = document.querySelector("#query-form [name=index]");
  index.replaceChildren(new Option("(table)", ""), ...table.indexes.map((i) => new Option(i.name, i.name)));
  selectTab("items");
  state.pages = [null];
  await loadPage();
}

function selectTab(tab) {
  for (const button of document.querySelectorAll(".tabs button")) button.classList.toggle("active", button.dataset.tab === tab);
  for (const panel of document.querySelectorAll(".tab")) panel.hidden = panel.id !== "tab-" + tab;
  if (tab === "stream") showStream();
}

function renderItems(container, items, editable) {
  container.replaceChildren();
  if (!items.length) container.append(el("p", "No items.", "muted"));
  for (const item of items) {
    const box = el("div", null, "item");
    if (editable) {
      const actions = el("div", null, "actions");
      const edit = el("button", "Edit");
      edit.onclick = () => openEditor(item);
      const remove = el("button", "Delete", "danger");
      remove.onclick = () => deleteItem(item);
      actions.append(edit, remove);
      box.append(actions);
    }
    box.append(el("pre", JSON.stringify(state.format === "plain" ? plainItem(item) : item, null, 2)));
    container.append(box);
  }
}

async function loadPage() {
  const table = state.table;
  const start = state.pages[state.pages.length - 1];
  const request = { TableName: table.name, Limit: 25 };
  if (start) request.ExclusiveStartKey = start;
  const response = await call(table.region, "Scan", request);
  state.items = response.Items;
  state.next = response.LastEvaluatedKey || null;
  renderItems($("#items"), response.Items, true);
  $("#next-page").disabled = !state.next;
  $("#page-info").textContent = "Page " + state.pages.length + " · " + response.Count + " items";
}

function openEditor(item) {
  state.editing = item;
  $("#editor").hidden = false;
  $("#editor-error").textContent = "";
  $("#editor-text").value = JSON.stringify(item || keyTemplate(state.table), null, 2);
  $("#editor-text").focus();
}

function keyTemplate(table) {
  const item = {};
  for (const element of table.key_schema) {
    const type = table.attribute_definitions.find((a) => a.AttributeName === element.AttributeName).AttributeType;
    item[element.AttributeName] = { [type]: type === "N" ? "0" : "" };
  }
  return item;
}

async function saveEditor() {
  const table = state.table;
  try {
    const item = JSON.parse($("#editor-text").value);
    const old = state.editing;
    await call(table.region, "PutItem", { TableName: table.name, Item: item });
    // An edit that changed the key moves the item: delete the old one.
    if (old && JSON.stringify(keyOf(table, old)) !== JSON.stringify(keyOf(table, item))) {
      await call(table.region, "DeleteItem", { TableName: table.name, Key: keyOf(table, old) });
    }
    $("#editor").hidden = true;
    await refreshTable();
  } catch (error) {
    $("#editor-error").textContent = error.message;
  }
}

async function deleteItem(item) {
  const table = state.table;
  const key = keyOf(table, item);
  if (!confirm("Delete the item " + JSON.stringify(plainItem(key)) + "?")) return;
  await call(table.region, "DeleteItem", { TableName: table.name, Key: key });
  await refreshTable();
}

async function refreshTable() {
  const table = state.table;
  const pages = state.pages;
  await showTable(table.region, table.name);
  state.pages = pages;
  await loadPage();
}

async function runQuery(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const table = state.table;
  const operation = form.get("operation");
  const request = { TableName: table.name };
  try {
    if (form.get("index")) request.IndexName = form.get("index");
    if (operation === "Query") request.KeyConditionExpression = form.get("key");
    if (form.get("filter")) request.FilterExpression = form.get("filter");
    if (form.get("projection")) request.ProjectionExpression = form.get("projection");
    if (form.get("names")) request.ExpressionAttributeNames = JSON.parse(form.get("names"));
    if (form.get("values")) request.ExpressionAttributeValues = JSON.parse(form.get("values"));
    if (form.get("limit")) request.Limit = Number(form.get("limit"));
    const response = await call(table.region, operation, request);
    $("#query-error").textContent = "";
    $("#query-info").textContent = response.Count + " items (" + response.ScannedCount + " read)" +
      (response.LastEvaluatedKey ? " · more after " + JSON.stringify(plainItem(response.LastEvaluatedKey)) : "");
    renderItems($("#query-results"), response.Items, false);
  } catch (error) {
    $("#query-error").textContent = error.message;
    $("#query-info").textContent = "";
    $("#query-results").replaceChildren();
  }
}

async function showStream() {
  const table = state.table;
  const stream = await api("api/stream?region=" + encodeURIComponent(table.region) + "&table=" + encodeURIComponent(table.name));
  const box = $("#stream");
  box.replaceChildren();
  if (!stream.available) {
    box.append(el("div", "Stream records are not available: " + stream.note + ".", "placeholder"));
    return;
  }
  if (!stream.records.length) box.append(el("p", "No stream records.", "muted"));
  for (const record of stream.records) {
    const item = el("div", null, "item");
    item.append(el("pre", JSON.stringify(record, null, 2)));
    box.append(item);
  }
}

async function showRequests() {
  show("requests");
  const { requests } = await api("requests?limit=200");
  const body = $("#requests tbody");
  body.replaceChildren();
  for (const r of requests) {
    const row = el("tr", null, r.status >= 400 ? "failed" : "");
    row.append(el("td", r.time.replace("T", " ").replace("Z", "")), el("td", r.region), el("td", r.operation || "—"),
      el("td", r.table || "—"), el("td", r.status), el("td", r.error ? r.error + (r.message ? ": " + r.message : "") : ""),
      el("td", r.capacity === null ? "" : r.capacity, "num"), el("td", r.latency_ms.toFixed(2), "num"));
    body.append(row);
  }
}

async function sendSnapshot(kind) {
  const file = $("#snapshot-file").files[0];
  if (!file) { $("#snapshot-result").textContent = "Choose a file first."; return; }
  if (kind === "restore" && !confirm("Replace every table with the file's?")) return;
  try {
    const result = await api(kind, { method: "POST", body: file });
    $("#snapshot-result").textContent = (kind === "restore" ? "Restored: " : "Loaded: ") +
      result.tables_created + " tables created, " + result.items + " items written.";
  } catch (error) {
    $("#snapshot-result").textContent = error.message;
  }
}

async function route() {
  const [view, region, name] = (location.hash.slice(1) || "tables").split("/").map(decodeURIComponent);
  try {
    if (view === "table") await showTable(region, name);
    else if (view === "requests") await showRequests();
    else if (view === "snapshot") show("snapshot");
    else await showTables();
  } catch (error) {
    $("#status").textContent = "Error: " + error.message;
  }
}

async function showStatus() {
  const health = await api("health");
  $("#status").textContent = "v" + health.version + " · " +
    (health.persistence ? "data in " + health.persistence.data_dir : "in memory") + " · default region " + health.default_region;
}

// -- wiring -------------------------------------------------------------------------------

for (const button of document.querySelectorAll(".tabs button")) button.onclick = () => selectTab(button.dataset.tab);
for (const radio of document.querySelectorAll("[name=format]")) {
  radio.onchange = () => { state.format = radio.value; renderItems($("#items"), state.items || [], true); };
}
$("#new-item").onclick = () => openEditor(null);
$("#editor-save").onclick = saveEditor;
$("#editor-cancel").onclick = () => { $("#editor").hidden = true; };
$("#next-page").onclick = () => { state.pages.push(state.next); loadPage(); };
$("#first-page").onclick = () => { state.pages = [null]; loadPage(); };
$("#reset-table").onclick = async () => {
  const table = state.table;
  if (!confirm("Delete the table " + table.name + " and all its items?")) return;
  await api("reset?region=" + encodeURIComponent(table.region) + "&table=" + encodeURIComponent(table.name), { method: "POST" });
  location.hash = "#tables";
};
$("#query-form").onsubmit = runQuery;
$("#refresh-requests").onclick = showRequests;
$("#restore").onclick = () => sendSnapshot("restore");
$("#load").onclick = () => sendSnapshot("load");
window.addEventListener("hashchange", route);
showStatus().catch(() => {});
route();
