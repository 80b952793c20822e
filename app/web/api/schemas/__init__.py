"""The JSON shapes of the API, one module per resource: request bodies and serialisers."""
