"""Writes of the crm domain. Clients and payees are created and updated by the configuration
import for now (`kserp.configuration`); staff screens for them come with the CRM issue."""
