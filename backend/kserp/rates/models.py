"""Models of the rates domain: the agreement hierarchy, pay codes, oncosts, pay and bill agreements
(docs/design.md §4).

A node of the hierarchy is stored as two columns, `node_level` and `node_value`. Validity periods
are inclusive `valid_from`..`valid_to` dates; `valid_to` null is open-ended.

Database guarantees (see `migrations/0002_exclusion_constraints.py`): on PostgreSQL, btree_gist
exclusion constraints forbid overlapping validity for
- pay agreement headers at the same node, bill agreement headers at the same node;
- values of the same oncost;
- pay rate rules of one agreement for the same pay code and node;
- bill rate lines of one agreement for the same node and scope. A bill line carries a copy of its
  rule's agreement, node and validity (kept in step by `kserp.rates.services`) so that "only one
  rule per node and scope is valid at a time" is a single-table constraint.
The same rules are checked by the services on every database, so SQLite and the API report the
same errors; the constraints are the backstop.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

DEFAULT_LEVELS = ("country", "brand", "state", "client", "cost_centre", "payee", "job_order")
#: Levels whose value a job order takes from its entity, client, payee or itself, not from `path`.
DERIVED_LEVELS = ("country", "brand", "client", "payee", "job_order")


def _valid_period(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
        name=f"{prefix}_valid_to_after_valid_from",
    )


class HierarchyLevel(models.Model):
    """One level of the agreement hierarchy; `position` 0 is the broadest."""

    name = models.CharField(max_length=32, unique=True)
    position = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class PayCodeType(models.TextChoices):
    ORDINARY = "ORDINARY"
    OVERTIME = "OVERTIME"
    PENALTY = "PENALTY"
    ALLOWANCE = "ALLOWANCE"
    LEAVE = "LEAVE"


class PayCodeUnit(models.TextChoices):
    HOUR = "HOUR"
    EACH = "EACH"
    KM = "KM"


class PayCode(models.Model):
    """What a pay line is for: ordinary hours, overtime, an allowance..."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=16, choices=PayCodeType.choices, db_index=True)
    unit = models.CharField(max_length=8, choices=PayCodeUnit.choices, default=PayCodeUnit.HOUR)
    multiplier = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, blank=True, help_text="Of the ordinary rate, e.g. 1.5."
    )
    withholding = models.BooleanField(default=True, help_text="PAYG is withheld from it (false: an exempt allowance).")

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(multiplier__isnull=True) | Q(multiplier__gte=0),
                name="rates_paycode_multiplier_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class OncostKind(models.TextChoices):
    PERCENT = "PERCENT", "Percent of the pay rate"
    AMOUNT = "AMOUNT", "Amount per unit"


class Oncost(models.Model):
    """A cost of employing the payee on top of wages (superannuation, payroll tax...).

    `applies_to` is `{"all": true}`, `{"pay_code_types": [...]}` or `{"pay_codes": [...]}`.
    """

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=OncostKind.choices)
    bill = models.BooleanField(help_text="A bill oncost is passed on to the client; a pay oncost is cost only.")
    node_level = models.CharField(max_length=32, db_index=True)
    node_value = models.CharField(max_length=64, db_index=True)
    applies_to = models.JSONField(default=dict)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def node(self) -> tuple[str, str]:
        return (self.node_level, self.node_value)


class OncostValue(models.Model):
    """The oncost's percent or amount during a period; periods of one oncost never overlap."""

    oncost = models.ForeignKey(Oncost, on_delete=models.CASCADE, related_name="values")
    valid_from = models.DateField(db_index=True)
    valid_to = models.DateField(null=True, blank=True, db_index=True)
    value = models.DecimalField(max_digits=14, decimal_places=4)

    class Meta:
        ordering = ["oncost_id", "valid_from"]
        constraints = [
            _valid_period("rates_oncostvalue"),
            models.CheckConstraint(condition=Q(value__gte=0), name="rates_oncostvalue_value_non_negative"),
            models.UniqueConstraint(fields=["oncost", "valid_from"], name="rates_oncostvalue_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.oncost_id} {self.valid_from}: {self.value}"


class PayAgreement(models.Model):
    """A pay agreement header: pay rate rules and interpretation rules at a node, for a period.

    `interpretation` holds the document's `interpretation` mapping (validated on import, Decimals
    as strings); see `kserp.rates.compile` for how it becomes the engine's `InterpretationRules`.
    """

    name = models.CharField(max_length=200, unique=True)
    node_level = models.CharField(max_length=32, db_index=True)
    node_value = models.CharField(max_length=64, db_index=True)
    valid_from = models.DateField(db_index=True)
    valid_to = models.DateField(null=True, blank=True, db_index=True)
    interpretation = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [_valid_period("rates_payagreement")]

    def __str__(self) -> str:
        return self.name

    @property
    def node(self) -> tuple[str, str]:
        return (self.node_level, self.node_value)


class PayRateRule(models.Model):
    """The pay rate of a pay code at a node (at or below the header's level) during a period."""

    agreement = models.ForeignKey(PayAgreement, on_delete=models.CASCADE, related_name="rates")
    pay_code = models.ForeignKey(PayCode, on_delete=models.PROTECT, related_name="pay_rate_rules")
    rate = models.DecimalField(max_digits=14, decimal_places=4)
    node_level = models.CharField(max_length=32, db_index=True)
    node_value = models.CharField(max_length=64, db_index=True)
    valid_from = models.DateField(db_index=True)
    valid_to = models.DateField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["agreement_id", "pay_code_id", "valid_from", "id"]
        constraints = [
            _valid_period("rates_payraterule"),
            models.CheckConstraint(condition=Q(rate__gte=0), name="rates_payraterule_rate_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.pay_code_id} {self.rate} at {self.node_level}={self.node_value}"

    @property
    def node(self) -> tuple[str, str]:
        return (self.node_level, self.node_value)


class BillAgreement(models.Model):
    """A bill agreement header (docs/design.md §4.4): rules at or below its node, for a period."""

    name = models.CharField(max_length=200, unique=True)
    node_level = models.CharField(max_length=32, db_index=True)
    node_value = models.CharField(max_length=64, db_index=True)
    valid_from = models.DateField(db_index=True)
    valid_to = models.DateField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["name"]
        constraints = [_valid_period("rates_billagreement")]

    def __str__(self) -> str:
        return self.name

    @property
    def node(self) -> tuple[str, str]:
        return (self.node_level, self.node_value)


class BillRateRule(models.Model):
    """A bill rate rule: lines at a node (at or below the header's level), valid inside the header."""

    agreement = models.ForeignKey(BillAgreement, on_delete=models.CASCADE, related_name="rules")
    node_level = models.CharField(max_length=32, db_index=True)
    node_value = models.CharField(max_length=64, db_index=True)
    valid_from = models.DateField(db_index=True)
    valid_to = models.DateField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["agreement_id", "valid_from", "id"]
        constraints = [_valid_period("rates_billraterule")]

    def __str__(self) -> str:
        return f"rule {self.pk} at {self.node_level}={self.node_value}"

    @property
    def node(self) -> tuple[str, str]:
        return (self.node_level, self.node_value)


class ScopeKind(models.TextChoices):
    ALL = "ALL", "Every pay code"
    TYPE = "TYPE", "One pay code type"
    CODE = "CODE", "One pay code"


class BillMethod(models.TextChoices):
    MARKUP_PERCENT = "MARKUP_PERCENT"
    MARGIN_PERCENT = "MARGIN_PERCENT"
    MARKUP_AMOUNT = "MARKUP_AMOUNT"
    MARKUP_FACTOR = "MARKUP_FACTOR"
    FLAT_RATE = "FLAT_RATE"


class RoundingMode(models.TextChoices):
    ROUND_HALF_UP = "ROUND_HALF_UP"
    TRUNCATE = "TRUNCATE"


class BillRateLine(models.Model):
    """How a rule bills one scope of pay codes: method and value, rounding, oncosts passed through.

    `scope_value` is the pay code type (TYPE) or pay code (CODE); empty for ALL. `oncosts_default`
    true means "the bill oncosts" (the M2M is then empty); false means exactly `oncosts`.
    `agreement`, `node_level`, `node_value`, `valid_from`, `valid_to` are copies of the rule's,
    kept in step by the services, so PostgreSQL can hold one line per node and scope at a time.
    """

    rule = models.ForeignKey(BillRateRule, on_delete=models.CASCADE, related_name="lines")
    scope_kind = models.CharField(max_length=8, choices=ScopeKind.choices)
    scope_value = models.CharField(max_length=32, blank=True, default="")
    method = models.CharField(max_length=16, choices=BillMethod.choices)
    value = models.DecimalField(max_digits=14, decimal_places=4)
    rounding_mode = models.CharField(max_length=16, choices=RoundingMode.choices, default=RoundingMode.ROUND_HALF_UP)
    rounding_places = models.PositiveSmallIntegerField(default=2)
    oncosts_default = models.BooleanField(default=True)
    oncosts = models.ManyToManyField(Oncost, blank=True, related_name="bill_rate_lines")
    # Copies of the rule's columns (see the class docstring).
    agreement = models.ForeignKey(BillAgreement, on_delete=models.CASCADE, related_name="+")
    node_level = models.CharField(max_length=32)
    node_value = models.CharField(max_length=64)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["rule_id", "id"]
        indexes = [models.Index(fields=["agreement", "node_level", "node_value", "scope_kind", "scope_value"])]
        constraints = [
            _valid_period("rates_billrateline"),
            models.UniqueConstraint(
                fields=["rule", "scope_kind", "scope_value"], name="rates_billrateline_one_per_scope"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="rates_billrateline_value_non_negative"),
            models.CheckConstraint(
                condition=~Q(method=BillMethod.MARGIN_PERCENT) | Q(value__lt=100),
                name="rates_billrateline_margin_below_100",
            ),
            models.CheckConstraint(condition=Q(rounding_places__lte=4), name="rates_billrateline_places_at_most_4"),
            models.CheckConstraint(
                condition=(Q(scope_kind=ScopeKind.ALL) & Q(scope_value=""))
                | (~Q(scope_kind=ScopeKind.ALL) & ~Q(scope_value="")),
                name="rates_billrateline_scope_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope_label} {self.method} {self.value}"

    @property
    def scope_label(self) -> str:
        return "ALL" if self.scope_kind == ScopeKind.ALL else f"{self.scope_kind}:{self.scope_value}"
