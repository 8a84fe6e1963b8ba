"""Fuzz every route of a real ``parallax serve`` (a child process on a free 127.0.0.1 port,
over the prepared demo store) with schemathesis, from the app's own OpenAPI schema.

The schema describes the API (``/api/...``); the HTML pages are left out of it on purpose,
so the test adds them (``/``, ``/stories/{id}``, ``/articles/{id}``, ``/search``,
``/articles``, ``/outlets``) with the parameters of their JSON twins. Real story and
article ids (and prefixes) are mixed into the path parameters so that the fuzzing reaches
past the 404s; search queries are also built from the full-text syntax's pieces. Every
answer must be below 500, and every API error must be the one error envelope. The number
of examples is bounded (a run takes well under two minutes on two cores);
``PARALLAX_FUZZ_EXAMPLES`` raises it for a longer local run.
"""

from __future__ import annotations

import copy
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from parallax.web.launch import serving

EXAMPLES = int(os.environ.get("PARALLAX_FUZZ_EXAMPLES", "40"))  # per route

PAGE_RESPONSES = {
    "200": {"description": "A page", "content": {"text/html": {"schema": {"type": "string"}}}},
    "404": {"description": "Unknown id", "content": {"text/html": {"schema": {"type": "string"}}}},
}


def _server_env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARALLAX_")}
    return {**env, "XDG_CONFIG_HOME": str(folder / "config"), "HF_HUB_OFFLINE": "1"}


@pytest.fixture(scope="module")
def server_url(_web_demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "demo.db"
    shutil.copyfile(_web_demo_db, db)
    with serving(db, folder / "serve.log", env=_server_env(folder)) as url:
        yield url


def _with_pages(spec: dict[str, Any]) -> dict[str, Any]:
    """The API schema plus the HTML pages, which take their JSON twins' parameters."""
    spec = copy.deepcopy(spec)
    paths: dict[str, Any] = spec["paths"]
    for api_path, page_path in [
        ("/api/stories", "/"),
        ("/api/stories/{story_id}", "/stories/{story_id}"),
        ("/api/articles/{article_id}", "/articles/{article_id}"),
        ("/api/search", "/search"),
        ("/api/articles", "/articles"),
        ("/api/outlets", "/outlets"),
    ]:
        twin = copy.deepcopy(paths[api_path]["get"])
        twin["operationId"] = "page_" + twin["operationId"]
        twin["responses"] = PAGE_RESPONSES
        twin["tags"] = ["pages"]
        paths[page_path] = {"get": twin}
    return spec


@pytest.fixture(scope="module")
def api_schema(server_url: str) -> Any:
    spec = httpx.get(f"{server_url}/openapi.json", timeout=30).json()
    return schemathesis.openapi.from_dict(_with_pages(spec))


@pytest.fixture(scope="module")
def known_ids(server_url: str) -> dict[str, list[str]]:
    """Real ids (and prefixes of them) for the path parameters, to get past the 404s."""
    stories = httpx.get(f"{server_url}/api/stories", timeout=60).json()["data"]
    story_ids = [s["story_id"] for s in stories]
    article_ids = [a for s in stories for a in s["article_ids"]]
    return {
        "story_id": story_ids + [i[:5] for i in story_ids],
        "article_id": article_ids[:6] + [i[:8] for i in article_ids[:3]],
    }


ROUTES = [
    ("GET", "/api/stories"),
    ("GET", "/api/stories/{story_id}"),
    ("GET", "/api/articles/{article_id}"),
    ("GET", "/api/search"),
    ("POST", "/api/articles"),
    ("GET", "/"),
    ("GET", "/stories/{story_id}"),
    ("GET", "/articles/{article_id}"),
    ("GET", "/search"),
    ("GET", "/api/articles"),
    ("GET", "/api/outlets"),
    ("GET", "/articles"),
    ("GET", "/outlets"),
]


def test_the_schema_covers_every_route(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {(op.method.upper(), op.path) for op in operations} == set(ROUTES)


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_no_route_answers_5xx(
    api_schema: Any, known_ids: dict[str, list[str]], server_url: str, method: str, path: str
) -> None:
    """Valid and invalid requests (schemathesis's positive and negative cases) to one route.

    (Not ``schemathesis.pytest.from_fixture``: its lazy loading breaks on pytest 9.2, whose
    test items have no ``_nodeid`` any more; the strategies of the operations are used with
    Hypothesis directly.)"""
    operation = api_schema[path][method]
    strategies = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    for name, ids in known_ids.items():
        if "{" + name + "}" in path:
            strategies.append(
                st.sampled_from(ids).flatmap(
                    lambda i, n=name: operation.as_strategy(path_parameters={n: i})
                )
            )
    strategy = st.one_of(strategies)

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,  # the same cases every run: a failure here is a regression
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def answers_below_500(case: Any) -> None:
        response = case.call(base_url=server_url, timeout=120)
        assert response.status_code < 500, (case.method, case.formatted_path, response.text)
        if path.startswith("/api/") and response.status_code >= 400:
            body = response.json()
            assert body["data"] is None and set(body) == {"data", "error", "meta"}, body
            assert body["error"]["status"] == response.status_code, body
            assert body["error"]["message"], body

    answers_below_500()


QUERY_PIECES = [
    '"',
    "(",
    ")",
    "*",
    ":",
    "^",
    "+",
    "-",
    "{",
    "}",
    "AND",
    "OR",
    "NOT",
    "NEAR(",
    "NEAR/2",
    "title:",
    "text:",
    "rate",
    "bank",
    "inflation",
    "'s",
    ".",
    "é",
    "\x00",
]


@given(
    pieces=st.lists(st.sampled_from(QUERY_PIECES) | st.text(max_size=4), max_size=8),
    glue=st.sampled_from(["", " "]),
)
@settings(max_examples=EXAMPLES * 2, deadline=None, derandomize=True, database=None)
def test_any_search_is_answered_or_refused_with_the_fix(
    server_url: str, pieces: list[str], glue: str
) -> None:
    query = glue.join(pieces)
    for route in ("/api/search", "/search"):
        answer = httpx.get(server_url + route, params={"q": query}, timeout=60)
        assert answer.status_code in {200, 400}, (route, query, answer.text)
        if answer.status_code == 400:
            assert "full-text syntax" in answer.text and "double quote" in answer.text
