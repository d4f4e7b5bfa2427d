"""The county's sync service (`ncms serve`)."""
