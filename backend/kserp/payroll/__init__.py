"""Paying workers: pay runs, payslips, RCTIs, withholding, super, the ABA file and payroll journals."""
