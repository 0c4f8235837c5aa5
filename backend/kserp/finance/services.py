"""Writes of the finance domain. Entities are created and updated by the configuration import for
now (`kserp.configuration`)."""
