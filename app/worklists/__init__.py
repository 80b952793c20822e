"""What waits for someone: reviews to decide, conditions falling due, overdue target dates
and evidence about to expire, over the initiatives the reader may see."""
