"""Datasette serving hrcli's SQLite export is an MCP server (datasette-mcp): an assistant finds cited rows."""

from __future__ import annotations

import json
import time
import urllib.error

import pytest

from test_publish import _free_port, _get, _serve, export


@pytest.mark.slow
def test_an_mcp_client_lists_the_tools_and_searches_izsak_with_source_locator_and_voice(isolated):
    import anyio
    from mcp import Client

    db, meta = export(isolated)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with open(isolated / "datasette.log", "w+b") as log, _serve(db, meta, port, log) as proc:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(base + "/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail("datasette did not start: " + log.read().decode("utf-8", "replace")[-2000:])
                time.sleep(0.2)

        async def session() -> tuple[set[str], dict]:
            with anyio.fail_after(60):
                async with Client(base + "/-/mcp") as client:
                    tools = {t.name for t in (await client.list_tools()).tools}
                    listed = await client.call_tool("list_canned_queries", {})
                    result = await client.call_tool(
                        "execute_canned_query", {"database": "hrcli", "query": "search", "parameters": {"q": "izsak"}}
                    )
                    assert not listed.is_error and not result.is_error, (listed, result)
                    return tools, {"listed": _payload(listed), "result": _payload(result)}

        tools, got = anyio.run(session)
    assert {"list_canned_queries", "execute_canned_query", "execute_sql"} <= tools
    assert "search" in json.dumps(got["listed"])
    rows = got["result"]["rows"]
    assert [r["id"] for r in rows] == ["g14-sp-2014-09-izsak-participation"]
    row = rows[0]
    assert "Izsák" in row["summary"]
    assert (row["source"], row["locator"], row["voice"]) == ("gov-2014", "OHCHR, para. 6", "government")
    assert "OHCHR, para. 6" in row["citation"] and "Permanent Representative of Belarus" in row["citation"]


def _payload(result) -> dict:
    """A tool result's structured content (or its JSON text)."""
    if getattr(result, "structured_content", None):
        return result.structured_content
    return json.loads(result.content[0].text)
