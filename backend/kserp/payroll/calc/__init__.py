"""The pay calculations, free of Django: withholding, super, GST, payslip and RCTI figures, ABA files.

Everything here takes and returns plain values (``Decimal`` money, frozen dataclasses), so it is
tested exhaustively without a database and reused by the pay run, the API and the benchmark.
"""
