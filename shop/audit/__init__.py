"""The audit trail: who changed what in the catalogue and the staff accounts, field by field."""
