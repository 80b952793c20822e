"""PDF rendering and chart geometry, shared by the pages and the reports."""
