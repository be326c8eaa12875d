"""Datasette serving hrcli's SQLite export is an MCP server (datasette-mcp): an assistant finds cited rows."""

from __future__ import annotations

import json

import pytest

from test_publish import datasette, export


@pytest.mark.slow
def test_an_mcp_client_lists_the_tools_and_searches_izsak_with_source_locator_and_voice(isolated):
    import anyio
    from mcp import Client

    with datasette(*export(isolated), isolated / "datasette.log") as base:

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
