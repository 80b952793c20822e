"""Internationalisation self-assessments of an initiative, after the Russian cluster survey."""
