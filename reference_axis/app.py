"""Assembles the axis: store, wire API, admin API and OpenAPI document in one Starlette app.

    app = create_app(config, "sqlite:////var/lib/axis/axis.db")
    uvicorn.run(app, host="127.0.0.1", port=8765, loop="uvloop", http="httptools")

The store opens (and migrates) when the app starts (ASGI lifespan) and closes when it stops.
With `seed=True` the configured systems and agencies are written into the store at start-up;
`axis serve` seeds once before starting several workers and starts them with `seed=False`.
Everything the workers must agree on lives in the store: packages, deliveries, the retry
de-duplication records, each system's last timestamp, faults, the clock.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reference_axis.admin import AdminApi
from reference_axis.auth import Verifier
from reference_axis.calls import Settings
from reference_axis.config import AxisConfig, seed
from reference_axis.openapi import openapi_document
from reference_axis.store import Store, open_store
from reference_axis.wire import AxisAsgi, DirectoryCache, WireApi

# Garbage collection in a server process (`tune_gc`): what exists at start-up is frozen out of
# the collector's scans, and young objects are collected less often. The wire API allocates a
# few hundred short-lived objects per request, nearly all freed by reference counting; with
# the default thresholds a full collection of the whole heap every few seconds paused the
# event loop for up to ~30 ms.
GC_THRESHOLDS = (20_000, 50, 100)


def create_app(config: AxisConfig, store: Store | str, *, seed_store: bool = True,
               workers: int = 1, tune_gc: bool = False) -> AxisAsgi:
    """`workers` > 1: this app is one of several processes sharing the store, so it checks on
    every request whether another one changed the shared settings (systems, clock, faults),
    and with SQLite takes turns to write (`SqliteStore.share_with_workers`). `tune_gc`: this
    process is the server's (see GC_THRESHOLDS)."""
    if isinstance(store, str):
        store = open_store(store)
    the_store = store
    if workers > 1:
        the_store.revalidate_after = 0.0
        share = getattr(the_store, "share_with_workers", None)  # SQLite: see store/sqlite.py
        if share is not None:
            share()
    cache = DirectoryCache(the_store)
    settings = Settings(strict=config.strict, relay=config.relay,
                        relay_organ_id=config.relay_organ_id, dedup_window=config.dedup_window,
                        max_package=config.max_package)
    wire = WireApi(the_store, cache, settings,
                   verifier=Verifier(strict=config.strict, max_skew=config.max_skew,
                                     stamp_memory=False),
                   base_path=config.base_path, log_body_limit=config.log_body_limit)
    admin = AdminApi(the_store, cache, config)
    spec = openapi_document(config)

    async def openapi(request: Request) -> Response:
        return JSONResponse(spec)

    routes = [Route("/openapi.json", openapi, methods=["GET"]),
              *admin.routes(config.admin_path),
              Route(config.base_path + "/{call:path}", wire)]  # methods checked by the wire

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await the_store.start()
        if seed_store:
            await the_store.write(lambda tx: seed(tx, config, time.time()))
        if tune_gc:
            gc.collect()
            gc.freeze()
            gc.set_threshold(*GC_THRESHOLDS)
        try:
            yield
        finally:
            await the_store.close()

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.store = the_store
    app.state.config = config
    return AxisAsgi(app, wire, admin_path=config.admin_path)
