"""Notifications: in the app and by e-mail, derived from what waits (reviews, conditions,
evidence, target dates) and from mentions in comments."""
