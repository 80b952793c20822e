"""Portfolio monitoring: the dashboard, its analytics, reports, exports and deadlines."""
