"""A small, valid configuration document for tests (docs/design.md §4.4 worked examples), as a dict
to tweak and dump."""

from __future__ import annotations

import copy
from typing import Any

import yaml

_BASE: dict[str, Any] = {
    "version": 1,
    "entities": [
        {
            "code": "KSAU",
            "name": "KS Staffing Pty Ltd",
            "country": "AU",
            "brand": "KS",
            "currency": "AUD",
            "tax_rate": "10",
            "invoice_prefix": "AU-",
        }
    ],
    "pay_codes": [
        {"code": "ORD", "name": "Ordinary hours", "type": "ORDINARY", "unit": "HOUR"},
        {"code": "OT150", "name": "Overtime x1.5", "type": "OVERTIME", "unit": "HOUR", "multiplier": "1.5"},
        {"code": "DAY", "name": "Day rate", "type": "ORDINARY", "unit": "EACH"},
    ],
    "oncosts": [
        {
            "code": "LEVY",
            "name": "Site levy",
            "kind": "AMOUNT",
            "bill": True,
            "node": {"country": "AU"},
            "applies_to": {"pay_codes": ["DAY"]},
            "values": [{"valid_from": "2025-01-01", "value": "15"}],
        }
    ],
    "clients": [
        {
            "code": "ACME",
            "name": "Acme Logistics",
            "entity": "KSAU",
            "portal_users": [{"username": "acme.ap", "email": "ap@acme.example"}],
        }
    ],
    "payees": [{"code": "P001", "name": "Jane Citizen", "kind": "EMPLOYEE"}],
    "pay_agreements": [
        {
            "name": "Award",
            "node": {"country": "AU"},
            "valid_from": "2025-07-01",
            "rates": [{"pay_code": "ORD", "rate": "28.00"}, {"pay_code": "DAY", "rate": "350"}],
            "interpretation": {
                "ordinary_code": "ORD",
                "weekly_ordinary_hours": "38",
                "overtime_tiers": [{"code": "OT150"}],
            },
        }
    ],
    "bill_agreements": [
        {
            "name": "Standard AU",
            "node": {"country": "AU"},
            "valid_from": "2025-07-01",
            "rules": [
                {"node": {"country": "AU"}, "lines": [{"scope": "ALL", "method": "MARKUP_PERCENT", "value": "25"}]},
                {
                    "node": {"job_order": "JO-MARGIN"},
                    "lines": [{"scope": {"pay_code": "DAY"}, "method": "MARGIN_PERCENT", "value": "12"}],
                },
                {
                    "node": {"job_order": "JO-AMOUNT"},
                    "lines": [{"scope": {"pay_code": "DAY"}, "method": "MARKUP_AMOUNT", "value": "120"}],
                },
                {
                    "node": {"job_order": "JO-PERCENT"},
                    "lines": [{"scope": {"pay_code": "DAY"}, "method": "MARKUP_PERCENT", "value": "120"}],
                },
            ],
        }
    ],
    "job_orders": [
        {
            "code": code,
            "client": "ACME",
            "payee": "P001",
            "entity": "KSAU",
            "title": "Warehouse operator",
            "start": "2025-07-07",
            "end": "2025-12-31",
            "path": {"state": "NSW", "cost_centre": "CC10"},
            "pay_agreement": "Award",
            "bill_agreement": "Standard AU",
            "status": "ACTIVE",
        }
        for code in ("JO-1001", "JO-MARGIN", "JO-AMOUNT", "JO-PERCENT")
    ],
}


def base_document() -> dict[str, Any]:
    return copy.deepcopy(_BASE)


def dump(document: dict[str, Any]) -> str:
    return yaml.safe_dump(document, sort_keys=False)
