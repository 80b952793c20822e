"""Comments on an item and on a gate review: a thread for everyone who may see the
initiative, written by its group, support officers and admins. Edits keep the earlier text."""
