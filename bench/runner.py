"""The benchmark's measurements, side by side with their floors, as one JSON-able dict.

- Pages: SQL queries (CaptureQueriesContext) and the median and 95th percentile of server
  time over repeated requests (Django's test Client, force_login, time.perf_counter), next
  to the trivial view through the same middleware, and their ratio.
- Compilation: ``compute_year`` and a full compilation through the service, in-process,
  next to one raw SQL aggregation over the same measurements, and their ratio.
- Load (bench.load): gunicorn on loopback, requests per second and p95 at 10 and 50
  concurrent clients.
- Decompression bomb: a small .xlsx that unpacks to five times the import's limit, refused
  by ``budget_import_read`` (the upload's own path): its time and peak memory (tracemalloc).
- Hostile input (bench.hostile): a published initiative with the worst Markdown the forms allow,
  rendered at save and its page measured with the others; a flood of distinct query strings
  against the cached public start page, with the cache's entries and Redis's memory before and after.

No assertion on time lives here or in the tests: the targets are reported, not enforced.
"""

from __future__ import annotations

import datetime
import io
import json
import platform
import statistics
import subprocess
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from bench import generator, hostile
from bench.pages import PageSpec, page_specs
from budgets.exchange import BudgetExchange, to_xlsx
from budgets.exchange.layout import MAX_UNPACKED_BYTES
from budgets.exchange.values import DocumentInfo
from budgets.services_exchange import budget_import_read
from fulfillment.compilation import compute_year
from fulfillment.services import fulfillment_compile, fulfillment_compile_start
from goals.models import Measurement
from portal.models import User

TRIVIAL_URL = "/bench/trivial/"
# Issue 10's targets.
MAX_PAGE_RATIO = 50
MAX_QUERIES = 15
MAX_COMPILE_RATIO = 5
MIN_LOAD_SHARE = 0.5


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` fall (linear interpolation, like numpy's default)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def measure_request(client: Client, url: str, *, repeat: int, budget_seconds: float) -> dict[str, Any]:
    """One warm-up request, one with the queries counted, then up to ``repeat`` timed ones (at least 3)."""
    response = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries.captured_queries)  # now: the next request clears the log
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < repeat and (len(times) < 3 or time.perf_counter() - started < budget_seconds):
        before = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - before)
    return {
        "status": response.status_code,
        "queries": query_count,
        "requests": len(times),
        "median_ms": _ms(statistics.median(times)),
        "p95_ms": _ms(percentile(times, 0.95)),
    }


def _clients(user_ids: dict[str, int]) -> dict[str | None, Client]:
    clients: dict[str | None, Client] = {None: Client()}
    for role, pk in user_ids.items():
        client = Client()
        client.force_login(User.objects.get(pk=pk))
        clients[role] = client
    return clients


def measure_pages(
    specs: list[PageSpec], *, user_ids: dict[str, int], repeat: int, budget_seconds: float
) -> dict[str, Any]:
    clients = _clients(user_ids)
    trivial = {
        "signed_in": measure_request(clients["strategist"], TRIVIAL_URL, repeat=repeat, budget_seconds=budget_seconds),
        "anonymous": measure_request(clients[None], TRIVIAL_URL, repeat=repeat, budget_seconds=budget_seconds),
    }
    pages = []
    for spec in specs:
        row: dict[str, Any] = {
            "key": spec.key,
            "label": spec.label,
            "user": spec.user or "anonymous",
            "url_name": spec.url_name,
            "url": spec.url,
            "built": spec.url is not None,
        }
        if spec.url is not None:
            figures = measure_request(clients[spec.user], spec.url, repeat=repeat, budget_seconds=budget_seconds)
            floor = trivial["signed_in" if spec.user else "anonymous"]
            row |= figures
            row["ratio"] = round(figures["median_ms"] / floor["median_ms"], 1) if floor["median_ms"] else None
            row["meets_time_target"] = spec.user is None or (
                row["ratio"] is not None and row["ratio"] <= MAX_PAGE_RATIO
            )
            row["meets_query_target"] = figures["queries"] <= MAX_QUERIES
        pages.append(row)
    return {"trivial": trivial, "pages": pages}


def _timed(function: Callable[[], object]) -> float:
    before = time.perf_counter()
    function()
    return time.perf_counter() - before


def sql_floor(year: int) -> None:
    """One raw SQL aggregation over the measurements the compilation reads (the year and the one before)."""
    table = connection.ops.quote_name(Measurement._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT indicator_id, period, basis, COUNT(*), AVG(value), MAX(value) FROM {table} "  # noqa: S608
            "WHERE year IN (%s, %s) GROUP BY indicator_id, period, basis",
            [year - 1, year],
        )
        cursor.fetchall()


def measure_compilation(*, year: int, actor_id: int, repeat: int) -> dict[str, Any]:
    """compute_year and the full compilation (service, in-process, rows written) next to the SQL floor, each
    after one untimed run, as the pages after a warm-up request: a worker compiles many times in its life."""
    actor = User.objects.get(pk=actor_id)
    sql_floor(year)
    floor = [_timed(lambda: sql_floor(year)) for _ in range(max(3, repeat))]
    compute_year(year=year)
    compute = [_timed(lambda: compute_year(year=year)) for _ in range(repeat)]

    def compile_all() -> None:
        report = fulfillment_compile_start(year=year, as_of=None, actor=actor, queue=False)
        assert fulfillment_compile(report_id=report.pk), "the compilation was not claimed"

    compile_all()
    full = [_timed(compile_all) for _ in range(repeat)]
    floor_s, compute_s, full_s = statistics.median(floor), statistics.median(compute), statistics.median(full)
    return {
        "year": year,
        "measurements_read": Measurement.objects.filter(year__in=[year - 1, year]).count(),
        "sql_floor_ms": _ms(floor_s),
        "compute_year_ms": _ms(compute_s),
        "full_compile_ms": _ms(full_s),
        "compute_year_ratio": round(compute_s / floor_s, 1),
        "full_compile_ratio": round(full_s / floor_s, 1),
        "meets_target": full_s / floor_s <= MAX_COMPILE_RATIO,
    }


MEGABYTE = 1024 * 1024
BOMB_SHEET = "xl/worksheets/sheet2.xml"  # Resultatbudget: openpyxl writes the layout's sheets in order


def bomb_xlsx(*, unpacked_bytes: int) -> bytes:
    """An empty budget workbook whose Resultatbudget sheet unpacks to ``unpacked_bytes`` of rows.

    Deflating costs about 0,4 s per 100 MB, so the size is fixed, not scaled.
    """
    exchange = BudgetExchange(DocumentInfo(year=generator.LAST_YEAR + 1, title="Bomb"))
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'
    chunk = row * (MEGABYTE // len(row))
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(to_xlsx(exchange))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != BOMB_SHEET:
                target.writestr(info.filename, source.read(info))
                continue
            with target.open(BOMB_SHEET, "w", force_zip64=True) as stream:
                stream.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
                stream.write(b"<sheetData>")
                for _ in range(unpacked_bytes // len(chunk)):
                    stream.write(chunk)
                stream.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def measure_bomb(*, repeat: int) -> dict[str, Any]:
    """The refusal of a decompression bomb through the upload's path: time (median) and peak memory.

    The peak is measured in a run of its own, since tracemalloc slows every allocation.
    """
    data = bomb_xlsx(unpacked_bytes=5 * MAX_UNPACKED_BYTES)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    preview = budget_import_read(data=data)
    times = [_timed(lambda: budget_import_read(data=data)) for _ in range(max(3, repeat))]
    tracemalloc.start()
    try:
        budget_import_read(data=data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return {
        "file_kb": round(len(data) / 1024),
        "unpacked_mb": round(unpacked / MEGABYTE),
        "limit_mb": round(MAX_UNPACKED_BYTES / MEGABYTE),
        "refused": preview.exchange is None and bool(preview.problems),
        "message": preview.problems[0].message if preview.problems else "",
        "median_ms": _ms(statistics.median(times)),
        "peak_mb": round(peak / MEGABYTE, 1),
    }


def _database_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        return str(cursor.fetchone()[0])


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def run(
    *,
    scale: float,
    seed: int,
    repeat: int,
    budget_seconds: float,
    compile_repeat: int = 1,
    flood_requests: int = hostile.FLOOD_REQUESTS,
    load: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> dict[str, Any]:
    """Generates the synthetic municipality into the current (empty) database and measures it."""
    started = time.perf_counter()
    log(f"Building the synthetic municipality (scale {scale}, seed {seed}) …")
    generated = generator.generate(seed=seed, scale=scale)
    build_seconds = time.perf_counter() - started
    year = generator.LAST_YEAR
    results: dict[str, Any] = {
        "meta": {
            "municipality": generator.MUNICIPALITY_NAME,
            "scale": scale,
            "seed": seed,
            "database": connection.vendor,
            "database_version": _database_version(),
            "started_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "git_commit": _git_commit(),
            "python": platform.python_version(),
            "django": django.get_version(),
            "repeat": repeat,
            "budget_seconds_per_page": budget_seconds,
        },
        "build": {"seconds": round(build_seconds, 1), "counts": generator.counts(), "size": generated["size"]},
    }
    log(f"Built in {build_seconds:.1f} s. Compiling the year {year} …")
    results["compilation"] = measure_compilation(
        year=year, actor_id=generated["users"]["strategist"], repeat=compile_repeat
    )
    log("Refusing a decompression bomb …")
    results["bomb"] = measure_bomb(repeat=compile_repeat)
    log("Publishing an initiative with hostile Markdown …")
    results["hostile_markdown"] = hostile.create_hostile_initiative()
    log("Measuring the pages …")
    with override_settings(ROOT_URLCONF="bench.urls"):
        specs = page_specs(year=year)
        results |= measure_pages(specs, user_ids=generated["users"], repeat=repeat, budget_seconds=budget_seconds)
        start = next((page for page in results["pages"] if page["key"] == "public_start" and page["built"]), None)
        if start is None:
            results["flood"] = {"skipped": "no public start page"}
        else:
            log(f"Flooding the public start page with {flood_requests} distinct query strings …")
            results["flood"] = hostile.measure_flood(
                start["url"],
                requests=flood_requests,
                trivial_median_ms=results["trivial"]["anonymous"]["median_ms"],
            )
    if load is not None:
        log("Load on gunicorn …")
        results["load"] = load({"users": generated["users"], "pages": results["pages"]})
    else:
        results["load"] = {"skipped": "not asked for (--load), or not on PostgreSQL"}
    results["targets"] = targets(results)
    results["meta"]["seconds"] = round(time.perf_counter() - started, 1)
    return results


def targets(results: dict[str, Any]) -> dict[str, Any]:
    """Issue 10's targets, each with the pages or figures that miss it."""
    built = [page for page in results["pages"] if page["built"]]
    slow = [page["key"] for page in built if page["user"] != "anonymous" and not page["meets_time_target"]]
    chatty = [page["key"] for page in built if not page["meets_query_target"]]
    failing = [page["key"] for page in built if page["status"] >= 400]
    load = results.get("load", {})
    load_misses = [row["page"] for row in load.get("runs", []) if row.get("meets_target") is False]
    flood = results.get("flood", {})
    return {
        "signed_in_pages_within_50x_trivial": {"met": not slow, "missed_by": slow},
        "at_most_15_queries": {"met": not chatty, "missed_by": chatty},
        "pages_answer_without_error": {"met": not failing, "missed_by": failing},
        "compilation_within_5x_sql_floor": {"met": results["compilation"]["meets_target"]},
        "cached_public_half_trivial_throughput_no_errors": {
            "met": None if "runs" not in load else not load_misses,
            "missed_by": load_misses,
        },
        "query_flood_keeps_one_entry_and_bounded_memory": {
            "met": flood.get("memory_bounded"),
            "missed_by": [] if flood.get("memory_bounded") is not False else ["flood"],
        },
        "query_flood_half_the_plain_pages_throughput_no_errors": {
            "met": flood.get("meets_throughput_target"),
            "missed_by": [] if flood.get("meets_throughput_target") is not False else ["flood"],
        },
        "not_built": [page["key"] for page in results["pages"] if not page["built"]],
    }


def write(results: dict[str, Any], directory: Path) -> Path:
    """var/bench/results-<timestamp>.json and var/bench/latest.json; returns the first."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    path = directory / f"results-{stamp}.json"
    path.write_text(text, encoding="utf-8")
    (directory / "latest.json").write_text(text, encoding="utf-8")
    return path


def table(results: dict[str, Any]) -> str:
    """The figures as a plain-text table."""
    meta, lines = results["meta"], []
    lines.append(
        f"{meta['municipality']}: scale {meta['scale']}, seed {meta['seed']}, {meta['database']} "
        f"{meta['database_version']}, built in {results['build']['seconds']} s"
    )
    lines.append(", ".join(f"{key} {value}" for key, value in results["build"]["counts"].items()))
    lines.append("")
    header = f"{'page':<34} {'user':<11} {'status':>6} {'queries':>7} {'median ms':>10} {'p95 ms':>9} {'x trivial':>9}"
    lines += [header, "-" * len(header)]
    for kind, trivial in results["trivial"].items():
        lines.append(
            f"{'trivial view (' + kind + ')':<34} {'':<11} {trivial['status']:>6} {trivial['queries']:>7} "
            f"{trivial['median_ms']:>10} {trivial['p95_ms']:>9} {'1.0':>9}"
        )
    for page in results["pages"]:
        if not page["built"]:
            lines.append(f"{page['label']:<34} {page['user']:<11} {'not built':>6}")
            continue
        marks = ("" if page["meets_query_target"] else " Q") + ("" if page["meets_time_target"] else " T")
        lines.append(
            f"{page['label']:<34} {page['user']:<11} {page['status']:>6} {page['queries']:>7} "
            f"{page['median_ms']:>10} {page['p95_ms']:>9} {page['ratio']:>9}{marks}"
        )
    compilation = results["compilation"]
    lines += [
        "",
        f"Compilation {compilation['year']} ({compilation['measurements_read']} measurements of the year and the one "
        "before): "
        f"SQL floor {compilation['sql_floor_ms']} ms, compute_year {compilation['compute_year_ms']} ms "
        f"(x{compilation['compute_year_ratio']}), full compile {compilation['full_compile_ms']} ms "
        f"(x{compilation['full_compile_ratio']})",
    ]
    bomb = results["bomb"]
    lines.append(
        f"Decompression bomb ({bomb['file_kb']} KB, {bomb['unpacked_mb']} MB unpacked, limit "
        f"{bomb['limit_mb']} MB): {'refused' if bomb['refused'] else 'NOT REFUSED'} in {bomb['median_ms']} ms, "
        f"peak {bomb['peak_mb']} MB"
    )
    lines += _hostile_lines(results)
    load = results["load"]
    if "runs" in load:
        lines += [
            "",
            f"Load: gunicorn {load['workers']} workers, {load['client']}, {load['seconds_per_run']} s per run",
        ]
        lines.append(f"{'page':<34} {'clients':>7} {'req/s':>8} {'p95 ms':>8} {'errors':>6} {'x trivial':>9}")
        for row in load["runs"]:
            lines.append(
                f"{row['page']:<34} {row['clients']:>7} {row['rps']:>8} {row['p95_ms']:>8} {row['errors']:>6} "
                f"{row.get('share_of_trivial', ''):>9}"
            )
    else:
        lines += ["", f"Load: skipped ({load.get('skipped', '')})"]
    lines.append("")
    for name, target in results["targets"].items():
        if name == "not_built":
            lines.append(f"not built: {', '.join(target) or '-'}")
            continue
        verdict = {True: "met", False: "MISSED", None: "not measured"}[target["met"]]
        missed = f" ({', '.join(target['missed_by'])})" if target.get("missed_by") else ""
        lines.append(f"{name}: {verdict}{missed}")
    lines.append("Q: more than 15 queries; T: over 50x the trivial view's median (signed-in pages).")
    return "\n".join(lines)


def _hostile_lines(results: dict[str, Any]) -> list[str]:
    markdown, flood = results.get("hostile_markdown"), results.get("flood", {})
    lines = []
    if markdown:
        lines.append(
            f"Hostile Markdown ({markdown['markdown_chars']} characters): rendered at save in {markdown['save_ms']} ms "
            f"({markdown['html_chars']} characters of HTML); its page is measured above"
        )
    if "requests" in flood:
        memory = (
            f"Redis used_memory {flood['used_memory_before']} -> {flood['used_memory_after']} bytes "
            f"({flood['used_memory_growth']:+d}, at most {flood['max_growth']})"
            if flood["used_memory_growth"] is not None
            else f"{flood['cache']} (set CACHE_URL or REDIS_URL to measure Redis's memory)"
        )
        lines.append(
            f"Query-string flood ({flood['requests']} distinct ?utm=): {flood['rps']} req/s, "
            f"x{flood['share_of_plain']} the page without a query string ({flood['plain_rps']} req/s), "
            f"x{flood['share_of_trivial']} the trivial view; {flood['errors']} errors, public page entries "
            f"{flood['page_entries_before']} -> {flood['page_entries_after']}, {memory}"
        )
    elif flood:
        lines.append(f"Query-string flood: skipped ({flood.get('skipped', '')})")
    return lines
