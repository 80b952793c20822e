"""The actors of an initiative: the organisations taking part, with their joining history."""
