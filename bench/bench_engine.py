"""Benchmark of the pure-Python rates engine (DESIGN.md 11: >= 200,000 pay lines/s per core).

Run from the repository root:  python bench/bench_engine.py   (or .venv/bin/python ...)

One process, one thread. Measures, on generated but realistic data (seeded, deterministic):

(a) compile: 1,000 job orders with paths of 7 levels (country .. job_order). For each job order
    the applicable headers are chosen with ``applicable()`` among 5 pay and 5 bill agreement
    headers (50 rules each, most of them off any one job order's path), then compiled.
    Target: < 1 s in total.
(b) pricing: 1,000,000 pay lines across those 1,000 job orders, 9 pay codes (hours, allowances,
    kilometres), dates over two years crossing rule, pay rate and oncost validity boundaries,
    up to 6 oncosts (bill and pay, percent and amount). The compiled job orders start cold:
    resolving each pay code and validity segment is part of the time. Target: >= 200,000/s.
(c) interpretation: 100,000 timesheets of 7 entries (shifts with breaks, night and
    across-midnight shifts, hours entries, state public holidays, overtime, minimum engagement,
    meal allowances). Target: >= 20,000 timesheets/s. Interpretation followed by pricing of the
    resulting pay lines is reported as well (no target).

Writes bench/results/engine.json (figures, targets, command, machine) and prints it.
"""

from __future__ import annotations

import json
import os
import platform
import random
import sys
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))

from kserp.rates.engine import (  # noqa: E402
    DEFAULT_HIERARCHY,
    AppliesTo,
    BillAgreement,
    BillLine,
    BillRule,
    HolidayCalendar,
    HoursEntry,
    InterpretationRules,
    MealAllowance,
    Method,
    NightWindow,
    Oncost,
    OncostKind,
    OncostValue,
    OvertimeTier,
    PayAgreement,
    PayCode,
    PayCodeType,
    PayRateRule,
    RoundingMode,
    Scope,
    ShiftEntry,
    Unit,
    UnitEntry,
    applicable,
    compile_job_order,
    interpret_week,
    price_line,
    price_pay_lines,
)

D = Decimal
SEED = 20250701
JOB_ORDERS = 1_000
PRICED_LINES = 1_000_000
TIMESHEETS = 100_000
PASSES = 4  # the first pass is reported against the targets; the others show the warm rate
TARGETS = {"compile_seconds": 1.0, "pricing_lines_per_second": 200_000, "timesheets_per_second": 20_000}

HIERARCHY = DEFAULT_HIERARCHY
FY24 = (date(2024, 7, 1), date(2025, 6, 30))
FY25 = (date(2025, 7, 1), None)
STATES = ("NSW", "VIC", "QLD")
BRANDS = ("KS", "KX")
CLIENTS = [f"C{i:03d}" for i in range(60)]
PAY_CODES = (
    PayCode("ORD", PayCodeType.ORDINARY, Unit.HOUR),
    PayCode("SAT", PayCodeType.PENALTY, Unit.HOUR, D("1.25")),
    PayCode("SUN", PayCodeType.PENALTY, Unit.HOUR, D("1.75")),
    PayCode("PH", PayCodeType.PENALTY, Unit.HOUR, D("2.5")),
    PayCode("OT150", PayCodeType.OVERTIME, Unit.HOUR, D("1.5")),
    PayCode("OT200", PayCodeType.OVERTIME, Unit.HOUR, D("2.0")),
    PayCode("NIGHT", PayCodeType.PENALTY, Unit.HOUR, D("1.15")),
    PayCode("MEAL", PayCodeType.ALLOWANCE, Unit.EACH),
    PayCode("KM", PayCodeType.ALLOWANCE, Unit.KM),
)
HOUR_CODES = ("ORD", "SAT", "SUN", "PH", "OT150", "OT200", "NIGHT")


def make_paths(rng: random.Random) -> list[dict[str, str]]:
    paths = []
    for i in range(JOB_ORDERS):
        client = rng.choice(CLIENTS)
        paths.append(
            {
                "country": "AU",
                "brand": BRANDS[int(client[1:]) % 2],
                "state": rng.choice(STATES),
                "client": client,
                "cost_centre": f"{client}-CC{rng.randrange(4)}",
                "payee": f"P{i:04d}",
                "job_order": f"JO-{i:04d}",
            }
        )
    return paths


def subtree_nodes(rng: random.Random, paths: list[dict[str, str]], header: tuple[str, str], count: int) -> list:
    """``count`` distinct nodes below a header's node, taken from the paths under it."""
    level = HIERARCHY.index(header[0])
    nodes = sorted(
        {(lower, path[lower]) for path in paths if path[header[0]] == header[1] for lower in HIERARCHY[level + 1 :]}
    )
    assert len(nodes) >= count, (header, len(nodes))
    return rng.sample(nodes, count)


def make_oncosts() -> list[Oncost]:
    def values(first: str, second: str, base: int) -> tuple[OncostValue, ...]:
        return (OncostValue(base, FY24[0], FY24[1], D(first)), OncostValue(base + 1, FY25[0], None, D(second)))

    hours_codes = AppliesTo.pay_code_types("ORDINARY", "OVERTIME", "PENALTY")
    oncosts = [
        Oncost(
            1,
            "SUPER",
            OncostKind.PERCENT,
            True,
            ("country", "AU"),
            AppliesTo.pay_code_types("ORDINARY", "PENALTY"),
            values("11.5", "12", 10),
        ),
        Oncost(
            2,
            "WORKCOVER",
            OncostKind.PERCENT,
            False,
            ("country", "AU"),
            AppliesTo.everything(),
            values("1.9", "2.1", 20),
        ),
        Oncost(3, "INSURANCE", OncostKind.AMOUNT, True, ("country", "AU"), hours_codes, values("0.35", "0.38", 30)),
    ]
    for i, (state, rate) in enumerate((("NSW", "5.45"), ("VIC", "4.85"), ("QLD", "4.75"))):
        oncosts.append(
            Oncost(
                10 + i,
                f"PRT_{state}",
                OncostKind.PERCENT,
                False,
                ("state", state),
                AppliesTo.everything(),
                values(rate, rate, 100 + 10 * i),
            )
        )
    for i, client in enumerate(CLIENTS[:20]):  # a client-specific admin fee, billed
        oncosts.append(
            Oncost(
                50 + i,
                f"ADMIN_{client}",
                OncostKind.AMOUNT,
                True,
                ("client", client),
                AppliesTo.pay_codes("ORD"),
                values("0.50", "0.55", 500 + 10 * i),
            )
        )
    return oncosts


def make_interpretation(state: str | None, night: bool) -> InterpretationRules:
    return InterpretationRules(
        ordinary_code="ORD",
        daily_ordinary_hours=D("7.6"),
        weekly_ordinary_hours=D("38"),
        overtime_tiers=(OvertimeTier(D("2"), "OT150"), OvertimeTier(None, "OT200")),
        saturday_code="SAT",
        sunday_code="SUN",
        public_holiday_code="PH",
        holidays=HolidayCalendar("AU", state),
        minimum_engagement_hours=D("3"),
        meal_allowance=MealAllowance(D("1.5"), "MEAL"),
        night=NightWindow("NIGHT", time(19), time(7)) if night else None,
    )


def make_pay_agreements(rng: random.Random, paths: list[dict[str, str]]) -> list[PayAgreement]:
    headers = [("state", "NSW"), ("state", "VIC"), ("state", "QLD"), ("country", "AU"), ("client", CLIENTS[0])]
    agreements = []
    rule_id = 0
    for h, node in enumerate(headers):
        rules = []
        # The header's own rates for both financial years, then 46 more specific ones.
        for (valid_from, valid_to), ord_rate in ((FY24, "28.00"), (FY25, "29.12")):
            for code, value in (("ORD", ord_rate), ("MEAL", "18.50"), ("KM", "0.88")):
                rule_id += 1
                rules.append(PayRateRule(rule_id, code, D(value), node, valid_from, valid_to))
        for level_node in subtree_nodes(rng, paths, node, (50 - len(rules)) // 2):
            code = rng.choice(("ORD", "ORD", "ORD", "SAT", "NIGHT"))
            base = D(rng.randrange(2800, 4200)) / 100
            for valid_from, valid_to in (FY24, FY25):
                rule_id += 1
                rules.append(PayRateRule(rule_id, code, base, level_node, valid_from, valid_to))
                base = (base * D("1.04")).quantize(D("0.01"))
        assert len(rules) == 50
        interpretation = make_interpretation(node[1] if node[0] == "state" else None, night=h % 2 == 0)
        agreements.append(PayAgreement(h + 1, f"Award {node[1]}", node, FY24[0], None, tuple(rules), interpretation))
    return agreements


SCOPES = (
    [Scope.all()] * 4
    + [Scope.of_type(t) for t in ("ORDINARY", "OVERTIME", "PENALTY", "ALLOWANCE")]
    + [Scope.of_code(c) for c in ("ORD", "OT150", "NIGHT", "KM")]
)
METHODS = (
    (Method.MARKUP_PERCENT, lambda rng: D(rng.randrange(1500, 4500)) / 100),
    (Method.MARGIN_PERCENT, lambda rng: D(rng.randrange(1000, 3000)) / 100),
    (Method.MARKUP_AMOUNT, lambda rng: D(rng.randrange(300, 1500)) / 100),
    (Method.MARKUP_FACTOR, lambda rng: D(rng.randrange(1150, 1600)) / 1000),
    (Method.FLAT_RATE, lambda rng: D(rng.randrange(4500, 9000)) / 100),
)


def make_bill_agreements(rng: random.Random, paths: list[dict[str, str]]) -> list[BillAgreement]:
    headers = [("country", "AU"), ("brand", "KS"), ("brand", "KX"), ("client", CLIENTS[1]), ("client", CLIENTS[2])]
    agreements = []
    rule_id = line_id = 0
    for h, node in enumerate(headers):
        rules = []
        for valid_from, valid_to in (FY24, FY25):  # a catch-all at the header's node
            rule_id += 1
            line_id += 1
            all_line = BillLine(line_id, Scope.all(), Method.MARKUP_PERCENT, D("28"))
            rules.append(BillRule(rule_id, node, valid_from, valid_to, (all_line,)))
        for level_node in subtree_nodes(rng, paths, node, (50 - len(rules)) // 2):
            lines = []
            for scope in rng.sample(SCOPES, rng.randint(1, 4)):
                if scope in (line.scope for line in lines):
                    continue
                method, value = rng.choice(METHODS)
                line_id += 1
                rounding = RoundingMode.TRUNCATE if rng.random() < 0.2 else RoundingMode.ROUND_HALF_UP
                passed = ("SUPER",) if rng.random() < 0.1 else None
                lines.append(BillLine(line_id, scope, method, value(rng), rounding, 2, passed))
            for valid_from, valid_to in (FY24, FY25):
                rule_id += 1
                rules.append(BillRule(rule_id, level_node, valid_from, valid_to, tuple(lines)))
        assert len(rules) == 50
        agreements.append(BillAgreement(h + 1, f"Bill {node[1]}", node, FY24[0], None, tuple(rules)))
    return agreements


def deepest_applicable(headers, path, start, end):
    found = [h for h in headers if applicable(h, HIERARCHY, path, start, end)]
    return max(found, key=lambda h: HIERARCHY.index(h.node[0]))


def make_lines(rng: random.Random, start: date, count: int) -> list[tuple[str, Decimal, date]]:
    codes = ("ORD",) * 10 + ("OT150",) * 3 + ("OT200", "SAT", "SAT", "SUN", "PH", "NIGHT", "NIGHT", "MEAL", "KM")
    hours = [D(h) for h in ("7.6", "8", "38", "22.8", "0.5", "2", "1.25", "4", "30.4", "15.2")]
    lines = []
    for _ in range(count):
        code = rng.choice(codes)
        units = D(1) if code == "MEAL" else D(rng.randrange(10, 300)) if code == "KM" else rng.choice(hours)
        lines.append((code, units, start + timedelta(days=rng.randrange(0, 540))))
    return lines


def make_timesheet(rng: random.Random, start: date) -> tuple[list, list]:
    monday = start + timedelta(days=rng.randrange(0, 77) * 7 - start.weekday())
    kind = rng.random()
    entries: list = []
    if kind < 0.5:  # day shifts Monday-Friday, a Saturday, two shifts on one day
        for day in range(5):
            end = rng.choice(("15:30", "16:00", "17:00", "18:30"))
            entries.append(ShiftEntry(monday + timedelta(day), time(7), time.fromisoformat(end), 30))
        entries.append(ShiftEntry(monday + timedelta(5), time(8), time(12), 0))
        entries.append(ShiftEntry(monday + timedelta(2), time(18), time(20), 0))
    elif kind < 0.8:  # night shifts across midnight, including the weekend
        for day in range(7):
            start_time = rng.choice((time(18), time(19), time(21), time(22)))
            entries.append(ShiftEntry(monday + timedelta(day), start_time, time(rng.choice((3, 5, 6, 7))), 30))
    else:  # hours entries, some short, some long
        for day in range(7):
            entries.append(HoursEntry(monday + timedelta(day), rng.choice((D("2"), D("7.6"), D("9.5"), D("11")))))
    units = [UnitEntry(monday + timedelta(1), "KM", D(rng.randrange(5, 120)))] if rng.random() < 0.3 else []
    return entries, units


def timed(work) -> tuple[int, float, float]:
    """(count returned by work(), wall seconds, CPU seconds of this process)."""
    began, began_cpu = clock.perf_counter(), clock.process_time()
    count = work()
    return count, clock.perf_counter() - began, clock.process_time() - began_cpu


def machine() -> dict[str, object]:
    cpu = platform.processor() or ""
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                cpu = row.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cpus_visible": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
    }


def main() -> dict[str, object]:
    load_before = os.getloadavg()
    rng = random.Random(SEED)
    paths = make_paths(rng)
    oncosts = make_oncosts()
    pay_agreements = make_pay_agreements(rng, paths)
    bill_agreements = make_bill_agreements(rng, paths)
    starts = [FY24[0] + timedelta(days=rng.randrange(0, 300)) for _ in paths]

    # (a) compile
    began, began_cpu = clock.perf_counter(), clock.process_time()
    jobs = []
    for path, start in zip(paths, starts, strict=True):
        pay = deepest_applicable(pay_agreements, path, start, None)
        bill = deepest_applicable(bill_agreements, path, start, None)
        jobs.append(compile_job_order(HIERARCHY, path, PAY_CODES, oncosts, pay, bill))
    compile_seconds = clock.perf_counter() - began
    compile_cpu = clock.process_time() - began_cpu

    # (b) pricing, data generated outside the timing. Pass 1 starts from freshly compiled job
    # orders (resolving each pay code and validity segment is timed); passes 2-4 are warm.
    per_job = PRICED_LINES // JOB_ORDERS
    work = [(job, make_lines(rng, start, per_job)) for job, start in zip(jobs, starts, strict=True)]

    def price_all() -> int:
        count = 0
        for job, lines in work:  # one job order's lines at a time, as a billing run chunk would
            priced = [price_line(job, code, units, on) for code, units, on in lines]
            count += len(priced)
        return count

    pricing = [timed(price_all) for _ in range(PASSES)]
    assert all(count == PRICED_LINES for count, _, _ in pricing)
    work.clear()

    # (c) interpretation (pass 1 first, then warm passes), and interpretation + pricing
    sheets = []
    for i in range(TIMESHEETS):
        job_index = i % JOB_ORDERS
        sheets.append((jobs[job_index], *make_timesheet(rng, starts[job_index])))
    assert all(len(entries) == 7 for _, entries, _ in sheets)

    def interpret_all() -> int:
        return sum(len(interpret_week(job, entries, units).pay_lines) for job, entries, units in sheets)

    def interpret_and_price_all() -> int:
        return sum(
            len(price_pay_lines(job, interpret_week(job, entries, units).pay_lines)) for job, entries, units in sheets
        )

    interpretation = [timed(interpret_all) for _ in range(PASSES - 1)]
    interpret_price = timed(interpret_and_price_all)
    pay_lines = interpretation[0][0]

    def rates(passes: list[tuple[int, float, float]], count: int) -> dict[str, object]:
        warm = sorted(count / wall for _, wall, _ in passes[1:])
        return {
            "first_pass_per_second": round(count / passes[0][1]),
            "first_pass_per_cpu_second": round(count / passes[0][2]),
            "warm_median_per_second": round(warm[len(warm) // 2]),
            "passes_wall_seconds": [round(wall, 3) for _, wall, _ in passes],
        }

    figures = {
        "compile_job_orders": JOB_ORDERS,
        "compile_seconds": round(compile_seconds, 4),
        "compile_cpu_seconds": round(compile_cpu, 4),
        "pricing_lines": PRICED_LINES,
        "pricing": rates(pricing, PRICED_LINES),
        "timesheets": TIMESHEETS,
        "interpretation": rates(interpretation, TIMESHEETS),
        "pay_lines_per_timesheet": round(pay_lines / TIMESHEETS, 2),
        "interpret_and_price_timesheets_per_second": round(TIMESHEETS / interpret_price[1]),
        "bill_lines_per_timesheet": round(interpret_price[0] / TIMESHEETS, 2),
    }
    pricing_rate = figures["pricing"]["first_pass_per_second"]
    interpret_rate = figures["interpretation"]["first_pass_per_second"]
    passed = {
        "compile": compile_seconds < TARGETS["compile_seconds"],
        "pricing": pricing_rate >= TARGETS["pricing_lines_per_second"],
        "interpretation": interpret_rate >= TARGETS["timesheets_per_second"],
    }
    markdown = (
        f"engine: compile {JOB_ORDERS} job orders {compile_seconds:.3f} s (target < 1 s); "
        f"pricing {pricing_rate:,} lines/s first pass, {figures['pricing']['warm_median_per_second']:,} warm "
        f"(target >= 200,000); interpretation {interpret_rate:,} timesheets/s first pass, "
        f"{figures['interpretation']['warm_median_per_second']:,} warm (target >= 20,000); "
        f"interpretation + pricing {figures['interpret_and_price_timesheets_per_second']:,} timesheets/s "
        f"- one process, one core, Python {platform.python_version()}, load average "
        f"{load_before[0]:.2f} on {os.cpu_count()} CPUs"
    )
    result = {
        "benchmark": "engine",
        "command": "python bench/bench_engine.py",
        "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "machine": machine(),
        "data": {
            "seed": SEED,
            "hierarchy_levels": len(HIERARCHY),
            "pay_agreement_headers": len(pay_agreements),
            "bill_agreement_headers": len(bill_agreements),
            "rules_per_header": 50,
            "pay_codes": len(PAY_CODES),
            "oncosts": len(oncosts),
            "entries_per_timesheet": 7,
        },
        "targets": TARGETS,
        "figures": figures,
        "passed": passed,
        "markdown": markdown,
    }
    out = ROOT / "bench" / "results" / "engine.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print(markdown)
    return result


if __name__ == "__main__":
    main()
