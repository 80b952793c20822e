"""Scheduled jobs that every node may start and exactly one runs: database leases."""
