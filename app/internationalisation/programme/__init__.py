"""The internationalisation programme the dissertation lays out: measures under the four key
directions with their target indicators, and the yearly review by the cluster's council."""
